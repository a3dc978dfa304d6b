package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.Retention;
import org.vigil.connectors.influx.RetentionOptions;
import org.vigil.core.settings.LocalSettings;

/**
 * The bench's own Mosquitto and InfluxDB, started and stopped through infra/services.sh under
 * {@code <repo>/.vigil/bench} on the bench ports, so neither a demo nor a test suite is disturbed. Between phases the
 * broker is restarted with an empty persistence folder, so sessions a phase left behind (the job's persistent
 * readers) do not take messages of the next one.
 */
final class Services {

  final Path repo;
  final Path state;
  final int mqttPort;
  final int influxPort;
  final int influxRpcPort;

  Services(Path repo, int mqttPort, int influxPort, int influxRpcPort) {
    this.repo = repo;
    this.state = repo.resolve(".vigil/bench");
    this.mqttPort = mqttPort;
    this.influxPort = influxPort;
    this.influxRpcPort = influxRpcPort;
  }

  String mqttUrl() {
    return "tcp://127.0.0.1:" + mqttPort;
  }

  String influxUrl() {
    return "http://127.0.0.1:" + influxPort;
  }

  /**
   * The bench's InfluxDB user (vigil-bench; its password file is made by infra/services.sh in the bench's secrets
   * folder): the job and the counting authenticate as it.
   */
  InfluxCredentials benchUser() {
    return InfluxCredentials.ofFile(InfluxCredentials.BENCH, benchPasswordFile());
  }

  /** Where the password of {@link #benchUser} is. */
  Path benchPasswordFile() {
    return InfluxCredentials.localPasswordFile(state, InfluxCredentials.BENCH);
  }

  /** A client of the bench's InfluxDB as {@link #benchUser}. */
  Influx influx() {
    return new Influx(influxUrl(), benchUser());
  }

  /** A client as the admin, for what only it may: databases, grants, retention policies. */
  private Influx admin() {
    return new Influx(influxUrl(), InfluxCredentials.ofFile(InfluxCredentials.ADMIN,
        InfluxCredentials.localPasswordFile(state, InfluxCredentials.ADMIN)));
  }

  /**
   * As the admin, the retention policies and rollups of {@code db} that the job sets up itself when it may (its user
   * may not): the job phases then run with the same continuous queries as before InfluxDB had authentication.
   */
  void jobRetention(String db) {
    RetentionOptions options = RetentionOptions.fromLookup(EndToEndBench.OVERRIDES::get);
    if (!options.enabled()) {
      return;
    }
    try {
      Retention.apply(admin().client(), db, options);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up the retention of " + db, e);
    }
  }

  /** PID of a running service ("mosquitto" or "influxdb"), or -1. */
  long pid(String name) {
    try {
      return Long.parseLong(java.nio.file.Files.readString(state.resolve(name + ".pid")).trim());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  void start() {
    run("start");
  }

  void stop() {
    run("stop");
  }

  /**
   * Restarts InfluxDB with no databases. (Dropping a phase's database instead hung once for ten minutes in InfluxDB
   * 1.6.7, after a phase with 5,200 series and the job's continuous queries; a fresh data folder cannot.)
   */
  void freshDatabaseServer() {
    run("stop", "influxdb");
    deleteTree(state.resolve("influxdb"));
    run("start", "influxdb");
  }

  /** A fresh server ({@link #freshDatabaseServer}) with the empty database {@code db}. */
  void freshDatabase(String db) throws InterruptedException {
    freshDatabaseServer();
    Influx admin = admin();
    admin.create(db);
    admin.client().query(null, "GRANT ALL ON \"" + db + "\" TO \"" + InfluxCredentials.BENCH + "\"");
  }

  /** Restarts Mosquitto with no stored sessions or messages. */
  void freshBroker() {
    run("stop", "mosquitto");
    deleteTree(state.resolve("mosquitto"));
    run("start", "mosquitto");
  }

  private void run(String... args) {
    List<String> cmd = new java.util.ArrayList<>(List.of(repo.resolve("infra/services.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put(LocalSettings.STATE_DIR.key(), state.toString());
    env.put(LocalSettings.MQTT_PORT.key(), Integer.toString(mqttPort));
    env.put(LocalSettings.INFLUX_PORT.key(), Integer.toString(influxPort));
    env.put(LocalSettings.INFLUX_RPC_PORT.key(), Integer.toString(influxRpcPort));
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      int rc = p.waitFor();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          System.out.println("  " + line);
        }
      }
      if (rc != 0) {
        throw new IllegalStateException("infra/services.sh " + String.join(" ", args) + " failed (exit " + rc + ")");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run infra/services.sh: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running infra/services.sh", e);
    }
  }

  static void deleteTree(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var walk = java.nio.file.Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir + ": " + e.getMessage(), e);
    }
  }
}
