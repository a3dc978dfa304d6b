package org.vigil.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small client for the InfluxDB 1.x HTTP API ({@code /write} with {@code precision=ms} and
 * {@code /query}), on {@code java.net.http}. Thread-safe.
 *
 * <p>Every failed response is turned into an exception by {@link #classify}: 2xx success; 5xx, 408,
 * 429, I/O errors and timeouts {@link InfluxRetryableException retryable}; 404 "database not found"
 * {@link InfluxDatabaseNotFoundException}; 400 {@link InfluxBadRequestException} with the body;
 * 401/403 {@link InfluxAuthException}; anything else a non-retryable {@link InfluxException}. One 400
 * counts as accepted: "partial write: points beyond retention policy dropped=N", where everything
 * else in the batch was stored and the dropped points can never be (see {@link #write}).
 *
 * <p>Credentials, when given, go in a basic {@code Authorization} header (never in the URL) and are
 * masked in {@link #toString()}.
 */
public final class InfluxClient {

  /** Default per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RETENTION_DROP =
      Pattern.compile("partial write: points beyond retention policy dropped=(\\d+)");

  private final String url;
  private final String username;
  private final String authorization;
  private final Duration requestTimeout;
  private final HttpClient http;

  /**
   * @param url base URL such as {@code http://127.0.0.1:8086} (a path prefix is kept)
   * @param username user name, or null for no authentication
   * @param password password, used only with a user name
   * @param requestTimeout per-request timeout (also the connect timeout)
   */
  public InfluxClient(String url, String username, String password, Duration requestTimeout) {
    Objects.requireNonNull(url, "url");
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("InfluxDB url must be http(s)://host:port, was " + url);
    }
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.username = username == null || username.isEmpty() ? null : username;
    this.authorization =
        this.username == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        (this.username + ":" + (password == null ? "" : password))
                            .getBytes(StandardCharsets.UTF_8));
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(requestTimeout)
            .build();
  }

  /** A client without credentials and with the default timeout. */
  public static InfluxClient create(String url) {
    return new InfluxClient(url, null, null, DEFAULT_REQUEST_TIMEOUT);
  }

  /** The base URL. */
  public String url() {
    return url;
  }

  /**
   * Writes line protocol (timestamps in epoch milliseconds) and returns when InfluxDB has stored it.
   *
   * @return the number of points InfluxDB dropped because they are older than the retention policy
   *     (0 normally); the rest of the body was stored
   * @throws InfluxException classified as described on the class
   */
  public int write(String database, String lineProtocol) throws InterruptedException {
    String target = url + "/write?db=" + enc(database) + "&precision=ms";
    HttpRequest request =
        request(target)
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(lineProtocol, StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response = send("write to '" + database + "'", request);
    int status = response.statusCode();
    if (status == 400) {
      Matcher m = RETENTION_DROP.matcher(errorText(response.body()));
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    }
    InfluxException failure = classify("write to '" + database + "'", database, response);
    if (failure != null) {
      throw failure;
    }
    return 0;
  }

  /**
   * Creates the database; a no-op when it exists ({@code CREATE DATABASE} is idempotent in 1.x). A user without admin
   * rights may not run {@code CREATE DATABASE} at all: for such a user this succeeds when the database exists and the
   * user has a privilege on it (an admin created and granted it, as infra/services.sh does for the local databases).
   *
   * @throws InfluxAuthException when the user may not create the database and cannot see it either
   */
  public void createDatabase(String database) throws InterruptedException {
    try {
      query(null, "CREATE DATABASE " + quoteIdentifier(database));
    } catch (InfluxAuthException e) {
      if (e.status() != 403 || !databases().contains(database)) {
        if (e.status() == 403) {
          throw new InfluxAuthException("InfluxDB user '" + username + "' may not create database '" + database
              + "' (an admin's statement) and has no privilege on it: as an admin, CREATE DATABASE \"" + database
              + "\" and GRANT ALL ON \"" + database + "\" TO \"" + username + "\" (infra/services.sh does this"
              + " for the databases in VIGIL_INFLUX_DB / VIGIL_INFLUX_DATABASES)", e.status(), e.body());
        }
        throw e;
      }
    }
  }

  /** The databases this user sees ({@code SHOW DATABASES}: all for an admin, else those it has a privilege on). */
  public java.util.List<String> databases() throws InterruptedException {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (JsonNode row : query(null, "SHOW DATABASES").path("results").path(0).path("series").path(0).path("values")) {
      out.add(row.path(0).asText());
    }
    return out;
  }

  /** The user name requests authenticate as, or null. */
  public String username() {
    return username;
  }

  /** Drops the database and all its data; a no-op when it does not exist. */
  public void dropDatabase(String database) throws InterruptedException {
    query(null, "DROP DATABASE " + quoteIdentifier(database));
  }

  /**
   * Runs InfluxQL (POST {@code /query}, {@code epoch=ms}) and returns the parsed response, e.g.
   * {@code {"results":[{"statement_id":0,"series":[{"name":..,"columns":[..],"values":[[..]]}]}]}}.
   *
   * @param database the database, or null for statements that name it themselves
   * @throws InfluxQueryException when a statement returns an error
   */
  public JsonNode query(String database, String influxQL) throws InterruptedException {
    StringBuilder form = new StringBuilder("epoch=ms&q=").append(enc(influxQL));
    if (database != null) {
      form.append("&db=").append(enc(database));
    }
    HttpRequest request =
        request(url + "/query")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    HttpResponse<String> response = send("query", request);
    InfluxException failure = classify("query '" + influxQL + "'", database, response);
    if (failure != null) {
      throw failure;
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new InfluxQueryException("query '" + influxQL + "' returned no JSON", response.statusCode(), response.body());
    }
    for (JsonNode result : json.path("results")) {
      if (result.hasNonNull("error")) {
        throw new InfluxQueryException(
            "query '" + influxQL + "' failed: " + result.get("error").asText(),
            response.statusCode(),
            response.body());
      }
    }
    return json;
  }

  /**
   * Runs a counting query such as {@code SELECT count(rain_mm) FROM rain} and returns the sum of the
   * first value column over all rows of all series of the first statement; 0 when there is no data.
   */
  public long count(String database, String influxQL) throws InterruptedException {
    long total = 0;
    for (JsonNode series : query(database, influxQL).path("results").path(0).path("series")) {
      for (JsonNode row : series.path("values")) {
        total += row.path(1).asLong();
      }
    }
    return total;
  }

  /**
   * Maps a response to the exception that describes it, or null for a 2xx. The one place where
   * InfluxDB responses are classified.
   */
  static InfluxException classify(String operation, String database, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return null;
    }
    String body = response.body() == null ? "" : response.body();
    return classify(
        operation, database, response.uri().toString(), status, body,
        response.headers().firstValue("Retry-After").orElse(null));
  }

  static InfluxException classify(
      String operation, String database, String target, int status, String body, String retryAfter) {
    if (status >= 200 && status < 300) {
      return null;
    }
    if (status >= 500 || status == 429 || status == 408) {
      return new InfluxRetryableException(
          operation + " failed (retryable)", status, body, parseRetryAfter(retryAfter), null);
    }
    switch (status) {
      case 400:
        return new InfluxBadRequestException(operation + " rejected as bad request", body);
      case 401:
        return new InfluxAuthException(
            operation + " refused (401, not authenticated): InfluxDB wants a user and password; set"
                + " VIGIL_INFLUX_USERNAME and VIGIL_INFLUX_PASSWORD_FILE (a file holding the password; the local"
                + " services keep them in .vigil/<instance>/secrets/influx-<user>.password), and check they match",
            status,
            body);
      case 403:
        return new InfluxAuthException(
            operation + " refused (403, not allowed): the InfluxDB user lacks the privilege; an admin must"
                + " GRANT READ/WRITE/ALL ON the database TO the user, or create the database first",
            status,
            body);
      case 404:
        if (body.contains("database not found")) {
          return new InfluxDatabaseNotFoundException(database, target, body);
        }
        return new InfluxException(
            InfluxException.withStatus(
                operation + " failed: " + target + " not found; is the url an InfluxDB 1.x HTTP endpoint?",
                status, body),
            status, body, false, null);
      case 413:
        return new InfluxException(
            InfluxException.withStatus(
                operation + " failed: request body too large for InfluxDB's max-body-size; lower batchSize",
                status, body),
            status, body, false, null);
      default:
        return new InfluxException(
            InfluxException.withStatus(operation + " failed", status, body), status, body, false, null);
    }
  }

  @Override
  public String toString() {
    return "InfluxClient[url=" + url
        + (username == null ? "" : ", username=" + username + ", password=****")
        + ", requestTimeout=" + requestTimeout + "]";
  }

  private HttpRequest.Builder request(String target) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(requestTimeout);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return b;
  }

  private HttpResponse<String> send(String operation, HttpRequest request) throws InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // Includes HttpTimeoutException and ConnectException: the request may be repeated.
      throw new InfluxRetryableException(
          operation + " at " + url + " failed: " + e, 0, "", null, e);
    }
  }

  private static String errorText(String body) {
    try {
      return JSON.readTree(body).path("error").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  private static Duration parseRetryAfter(String value) {
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException e) {
      return null; // HTTP-date form: ignored, the backoff applies
    }
  }

  /** Quotes an InfluxQL identifier: {@code "name"} with {@code \} and {@code "} escaped. */
  static String quoteIdentifier(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("database name is empty");
    }
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
