package org.vigil.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.vigil.connectors.influx.InfluxCredentials;

/**
 * The console's settings, read from {@code VIGIL_*} keys ({@link #fromLookup}, environment in production, a map in
 * tests). Broker, database and rules topic are the monitoring job's own keys.
 *
 * <table>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>VIGIL_CONSOLE_BIND</td><td>127.0.0.1</td><td>address the console listens on</td></tr>
 *   <tr><td>VIGIL_CONSOLE_PORT</td><td>18092</td><td>its port; 0 picks a free one</td></tr>
 *   <tr><td>VIGIL_CONSOLE_USERS</td><td>(required)</td><td>the users file (YAML, hashed passwords)</td></tr>
 *   <tr><td>VIGIL_CONSOLE_SESSION_IDLE</td><td>PT12H</td><td>a session ends after this long without a request</td></tr>
 *   <tr><td>VIGIL_CONSOLE_CLIENT_QUEUE</td><td>2000</td><td>events queued per browser before the oldest are
 *       dropped</td></tr>
 *   <tr><td>VIGIL_CONSOLE_REPLAY</td><td>10000</td><td>events kept for browsers that reconnect</td></tr>
 *   <tr><td>VIGIL_CONSOLE_HEARTBEAT</td><td>PT15S</td><td>a comment line on an idle event stream this often</td></tr>
 *   <tr><td>VIGIL_CONSOLE_READINGS_PERIOD</td><td>PT1S</td><td>changed sensor values are sent in one batch this
 *       often</td></tr>
 *   <tr><td>VIGIL_MQTT_URL</td><td>tcp://127.0.0.1:18830</td><td>broker</td></tr>
 *   <tr><td>VIGIL_INFLUX_URL, VIGIL_INFLUX_DB</td>
 *       <td>http://127.0.0.1:18086, vigil</td><td>history and the audit trail</td></tr>
 *   <tr><td>VIGIL_INFLUX_USERNAME, VIGIL_INFLUX_PASSWORD_FILE (or VIGIL_INFLUX_PASSWORD)</td><td>empty</td>
 *       <td>the console's InfluxDB user ({@link org.vigil.connectors.influx.InfluxCredentials})</td></tr>
 *   <tr><td>VIGIL_RULES_TOPIC</td><td>vigil/config/rules</td><td>the retained ruleset</td></tr>
 *   <tr><td>VIGIL_SITES</td><td>empty</td><td>sites shown before any of their data arrives</td></tr>
 *   <tr><td>VIGIL_CAMERAS_FILE</td><td>none</td><td>camera zones (the job's file) to outline on frames</td></tr>
 * </table>
 */
public record ConsoleConfig(String bind, int port, Path usersFile, Duration sessionIdle, int clientQueue,
    int replay, Duration heartbeat, Duration readingsPeriod, String mqttUrl, String influxUrl, String influxDb,
    InfluxCredentials influx, String rulesTopic, List<String> sites, Path camerasFile) {

  /** Reads every key; throws {@link IllegalArgumentException} naming every problem. */
  public static ConsoleConfig fromLookup(Function<String, String> env) {
    List<String> problems = new ArrayList<>();
    String users = or(env, "VIGIL_CONSOLE_USERS", "");
    if (users.isBlank()) {
      problems.add("VIGIL_CONSOLE_USERS: no users file (./vigil console hash-password makes entries)");
    }
    int port = integer(env, "VIGIL_CONSOLE_PORT", 18092, 0, 65535, problems);
    int queue = integer(env, "VIGIL_CONSOLE_CLIENT_QUEUE", 2000, 10, 1_000_000, problems);
    int replay = integer(env, "VIGIL_CONSOLE_REPLAY", 10_000, 10, 10_000_000, problems);
    Duration idle = duration(env, "VIGIL_CONSOLE_SESSION_IDLE", "PT12H", problems);
    Duration heartbeat = duration(env, "VIGIL_CONSOLE_HEARTBEAT", "PT15S", problems);
    Duration readings = duration(env, "VIGIL_CONSOLE_READINGS_PERIOD", "PT1S", problems);
    InfluxCredentials influx = InfluxCredentials.NONE;
    try {
      influx = InfluxCredentials.fromLookup(env);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("console settings: " + String.join("; ", problems));
    }
    String sites = or(env, "VIGIL_SITES", "");
    String cameras = or(env, "VIGIL_CAMERAS_FILE", "");
    return new ConsoleConfig(or(env, "VIGIL_CONSOLE_BIND", "127.0.0.1"), port, Path.of(users), idle, queue, replay,
        heartbeat, readings, or(env, "VIGIL_MQTT_URL", "tcp://127.0.0.1:18830"),
        or(env, "VIGIL_INFLUX_URL", "http://127.0.0.1:18086"), or(env, "VIGIL_INFLUX_DB", "vigil"),
        influx,
        or(env, "VIGIL_RULES_TOPIC", "vigil/config/rules"),
        sites.isBlank() ? List.of() : Arrays.stream(sites.split(",")).map(String::strip).filter(s -> !s.isEmpty())
            .toList(),
        cameras.isBlank() ? null : Path.of(cameras));
  }

  private static String or(Function<String, String> env, String key, String fallback) {
    String v = env.apply(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }

  private static int integer(Function<String, String> env, String key, int fallback, int min, int max,
      List<String> problems) {
    String v = or(env, key, Integer.toString(fallback));
    try {
      int i = Integer.parseInt(v);
      if (i < min || i > max) {
        problems.add(key + " must be " + min + ".." + max + ", got " + v);
      }
      return i;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, got '" + v + "'");
      return fallback;
    }
  }

  private static Duration duration(Function<String, String> env, String key, String fallback,
      List<String> problems) {
    String v = or(env, key, fallback);
    try {
      Duration d = Duration.parse(v);
      if (d.isNegative() || d.isZero()) {
        problems.add(key + " must be positive, got " + v);
      }
      return d;
    } catch (RuntimeException e) {
      problems.add(key + " must be an ISO-8601 duration such as PT15S, got '" + v + "'");
      return Duration.parse(fallback);
    }
  }
}
