package org.vigil.console.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.vigil.console.ConsoleConfig;
import org.vigil.console.ConsoleServer;
import org.vigil.console.auth.PasswordHasher;
import org.vigil.connectors.testing.TestServices;

/**
 * A console for a test: a users file with one user per role (password {@code <name>-pw}; 1,000 iterations to keep
 * logins fast in tests), the test services, a database of the test's own, a free port; plus an HTTP client for the API.
 * The console does not create its database: a test that needs it sets it up first, as {@code ./vigil run} does
 * ({@link ConsoleDatabase}).
 */
public final class ConsoleFixture implements AutoCloseable {

  public static final String VIEWER = "vera";
  public static final String OPERATOR = "otto";
  public static final String ENGINEER = "erin";

  public final ConsoleServer server;
  public final Map<String, String> settings;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConsoleFixture(ConsoleServer server, Map<String, String> settings) {
    this.server = server;
    this.settings = settings;
  }

  /** Writes the users file into {@code dir} and starts a console with the extra settings. */
  public static ConsoleFixture start(Path dir, String db, Map<String, String> extra) throws Exception {
    return start(dir, db, extra, java.util.List.of());
  }

  /**
   * As {@link #start(Path, String, Map)}, with more users: {@code {name, role, region}} each (password
   * {@code <name>-pw}).
   */
  public static ConsoleFixture start(Path dir, String db, Map<String, String> extra,
      java.util.List<String[]> moreUsers) throws Exception {
    Path users = dir.resolve("users.yaml");
    StringBuilder y = new StringBuilder("users:\n");
    java.util.List<String[]> all = new java.util.ArrayList<>(java.util.List.of(new String[] {VIEWER, "viewer"},
        new String[] {OPERATOR, "operator"}, new String[] {ENGINEER, "engineer"}));
    all.addAll(moreUsers);
    for (String[] u : all) {
      y.append("  - name: ").append(u[0]).append("\n    role: ").append(u[1]).append("\n    password: ")
          .append(PasswordHasher.hash((u[0] + "-pw").toCharArray(), 1000)).append('\n');
      if (u.length > 2) {
        y.append("    region: ").append(u[2]).append('\n');
      }
    }
    Files.writeString(users, y);
    Map<String, String> s = new HashMap<>();
    s.put("VIGIL_CONSOLE_USERS", users.toString());
    s.put("VIGIL_CONSOLE_PORT", "0");
    s.put("VIGIL_MQTT_URL", TestServices.mqttUrl());
    s.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
    s.putAll(TestServices.influxSettings());
    s.put("VIGIL_INFLUX_DB", db);
    s.putAll(extra);
    ConsoleServer server = ConsoleServer.start(ConsoleConfig.fromLookup(s::get), s::get);
    return new ConsoleFixture(server, s);
  }

  public URI url(String path) {
    return server.url().resolve(path);
  }

  /** Logs in and returns the bearer token. */
  public String login(String user) throws IOException, InterruptedException {
    HttpResponse<String> r = call("POST", "/api/login", null,
        "{\"user\":\"" + user + "\",\"password\":\"" + user + "-pw\"}");
    if (r.statusCode() != 200) {
      throw new IllegalStateException("login of " + user + " failed: " + r.statusCode() + " " + r.body());
    }
    return org.vigil.console.http.Json.MAPPER.readTree(r.body()).get("token").asText();
  }

  /** One request; {@code token} null sends none; {@code body} null sends none. */
  public HttpResponse<String> call(String method, String path, String token, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    server.close();
  }
}
