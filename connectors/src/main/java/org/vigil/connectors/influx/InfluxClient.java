package org.vigil.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.InfluxDBIOException;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;

/**
 * Vigil's face of the InfluxDB 1.x HTTP API ({@code /write} with {@code precision=ms} and {@code /query} with
 * {@code epoch=ms}), on the InfluxDB Java client ({@code org.influxdb:influxdb-java}: OkHttp, Retrofit, Moshi).
 * Thread-safe; {@link #close()} releases the client's connections.
 *
 * <p>The Java client carries the requests (basic authentication in a header, never in the URL; URL and form
 * encoding; JSON decoding of query results). What it reports of a failure is only the server's error text, so an
 * OkHttp interceptor reads each answer first and turns every failed one into the exception Vigil's decision to retry
 * or to fail rests on, by {@link #classify}: 2xx success; 5xx, 408, 429, I/O errors and timeouts
 * {@link InfluxRetryableException retryable} (with {@code Retry-After}); 404 "database not found"
 * {@link InfluxDatabaseNotFoundException}; 400 {@link InfluxBadRequestException} with the body; 401/403
 * {@link InfluxAuthException}; anything else a non-retryable {@link InfluxException}. One 400 counts as accepted:
 * "partial write: points beyond retention policy dropped=N", where everything else in the batch was stored and the
 * dropped points can never be (see {@link #write}).
 *
 * <p>Query results come back as Jackson trees of the shape InfluxDB answers with
 * ({@code {"results":[{"series":[{"name":..,"tags":{..},"columns":[..],"values":[[..]]}]}]}}), so the readers of
 * history (console, backtests, tests) need not know the client's classes. The Java client decodes every number as a
 * double; whole numbers are given back as integers, as InfluxDB wrote them.
 */
public final class InfluxClient implements AutoCloseable {

  /** Default per-request timeout. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern RETENTION_DROP =
      Pattern.compile("partial write: points beyond retention policy dropped=(\\d+)");
  /** Whole doubles up to 2^53 are exact integers. */
  private static final double EXACT_INTEGERS = 9_007_199_254_740_992d;

  private final String url;
  private final String username;
  private final Duration requestTimeout;
  private final InfluxDB influx;

  /**
   * @param url base URL such as {@code http://127.0.0.1:8086} (a path prefix is kept)
   * @param username user name, or null for no authentication
   * @param password password, used only with a user name
   * @param requestTimeout per-request timeout (connect, read and write)
   */
  public InfluxClient(String url, String username, String password, Duration requestTimeout) {
    Objects.requireNonNull(url, "url");
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("InfluxDB url must be http(s)://host:port, was " + url);
    }
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.username = username == null || username.isEmpty() ? null : username;
    this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    OkHttpClient.Builder http = new OkHttpClient.Builder()
        .connectTimeout(requestTimeout)
        .readTimeout(requestTimeout)
        .writeTimeout(requestTimeout)
        // OkHttp repeats a request once on a pooled connection the server had closed (after an InfluxDB restart);
        // repeated writes are harmless (a point is keyed by series and time) and everything else is RetryingWriter's.
        .retryOnConnectionFailure(true)
        .addInterceptor(new Classifier());
    // The Java client wants a trailing slash on a path prefix to keep it.
    String base = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().endsWith("/") ? this.url
        : this.url + "/";
    this.influx = this.username == null
        ? InfluxDBFactory.connect(base, http)
        : InfluxDBFactory.connect(base, this.username, password == null ? "" : password, http);
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
    try {
      call("write to '" + database + "'", database,
          () -> {
            influx.write(database, null, InfluxDB.ConsistencyLevel.ONE, TimeUnit.MILLISECONDS, lineProtocol);
            return null;
          });
      return 0;
    } catch (InfluxBadRequestException e) {
      Matcher m = RETENTION_DROP.matcher(errorText(e.body()));
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
      throw e;
    }
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
    QueryResult result = call("query '" + influxQL + "'", database,
        () -> influx.query(new Query(influxQL, database, true), TimeUnit.MILLISECONDS));
    if (result == null) { // an answer without a body (e.g. 204): no results
      result = new QueryResult();
    }
    if (result.getError() != null) {
      throw new InfluxQueryException("query '" + influxQL + "' failed: " + result.getError(), 200, result.getError());
    }
    ObjectNode json = NODES.objectNode();
    ArrayNode results = json.putArray("results");
    List<QueryResult.Result> rs = result.getResults() == null ? List.of() : result.getResults();
    for (int i = 0; i < rs.size(); i++) {
      QueryResult.Result r = rs.get(i);
      if (r.getError() != null) {
        throw new InfluxQueryException("query '" + influxQL + "' failed: " + r.getError(), 200, r.getError());
      }
      ObjectNode out = results.addObject().put("statement_id", i);
      if (r.getSeries() != null) {
        ArrayNode series = out.putArray("series");
        for (QueryResult.Series s : r.getSeries()) {
          series.add(series(s));
        }
      }
    }
    return json;
  }

  private static ObjectNode series(QueryResult.Series s) {
    ObjectNode out = NODES.objectNode();
    out.put("name", s.getName());
    if (s.getTags() != null && !s.getTags().isEmpty()) {
      ObjectNode tags = out.putObject("tags");
      for (Map.Entry<String, String> t : s.getTags().entrySet()) {
        tags.put(t.getKey(), t.getValue());
      }
    }
    ArrayNode columns = out.putArray("columns");
    if (s.getColumns() != null) {
      s.getColumns().forEach(columns::add);
    }
    ArrayNode values = out.putArray("values");
    if (s.getValues() != null) {
      for (List<Object> row : s.getValues()) {
        ArrayNode r = values.addArray();
        for (Object v : row) {
          r.add(value(v));
        }
      }
    }
    return out;
  }

  /** One value as InfluxDB wrote it: whole numbers as integers, other numbers, strings, booleans, null. */
  static JsonNode value(Object v) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof Double d) {
      double x = d;
      if (x == Math.rint(x) && Math.abs(x) <= EXACT_INTEGERS && !(x == 0 && 1 / x < 0)) {
        return NODES.numberNode((long) x);
      }
      return NODES.numberNode(x);
    }
    if (v instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    return NODES.textNode(v.toString());
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
   * Maps an answer to the exception that describes it, or null for a 2xx. The one place where InfluxDB answers are
   * classified (called for every answer by the client's interceptor).
   */
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

  /** Releases the client's connections and threads. */
  @Override
  public void close() {
    influx.close();
  }

  /** A request of the Java client. */
  @FunctionalInterface
  private interface Request<R> {
    R send();
  }

  /**
   * Sends a request, mapping what the Java client throws: the interceptor's classified failures pass through, an
   * I/O failure or timeout is retryable, and anything else the client reports (e.g. an answer it cannot decode) is
   * a failure that repeating does not fix.
   */
  private <R> R call(String operation, String database, Request<R> request) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException(operation + " interrupted");
    }
    OPERATION.set(operation);
    try {
      return request.send();
    } catch (InfluxException e) {
      throw e;
    } catch (InfluxDBIOException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (Thread.currentThread().isInterrupted()
          || (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)
              && "interrupted".equals(cause.getMessage()))) {
        // OkHttp notices an interrupt while it waits and clears the flag: the caller asked to stop.
        InterruptedException ie = new InterruptedException(operation + " interrupted");
        ie.initCause(e);
        throw ie;
      }
      // Includes timeouts and refused connections: the request may be repeated.
      String what = cause instanceof SocketTimeoutException ? " timed out after " + requestTimeout.toMillis() + " ms: "
          : " failed: ";
      throw new InfluxRetryableException(operation + " at " + url + what + cause, 0, "", null, e);
    } catch (InfluxDBException e) {
      throw new InfluxException(operation + " at " + url + " failed: " + e.getMessage(), 0, "", false, e);
    } finally {
      OPERATION.remove();
    }
  }

  /**
   * The operation the calling thread is sending, for the interceptor's messages: the Java client executes each
   * request on the caller's thread.
   */
  private static final ThreadLocal<String> OPERATION = new ThreadLocal<>();

  /** Reads every answer before the Java client does and throws the classified failure of a non-2xx one. */
  private static final class Classifier implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
      Response response = chain.proceed(chain.request());
      if (response.isSuccessful()) {
        return response;
      }
      String body;
      try (ResponseBody b = response.body()) {
        body = b == null ? "" : new String(b.bytes(), StandardCharsets.UTF_8);
      }
      String path = chain.request().url().encodedPath();
      String database = chain.request().url().queryParameter("db");
      String operation = OPERATION.get() != null ? OPERATION.get()
          : path.endsWith("/write") ? "write to '" + database + "'" : "query";
      throw classify(operation, database, chain.request().url().toString(), response.code(), body,
          response.header("Retry-After"));
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

}
