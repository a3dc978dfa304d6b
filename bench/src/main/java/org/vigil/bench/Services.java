package org.vigil.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
    new Influx(influxUrl()).create(db);
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
    env.put("VIGIL_STATE_DIR", state.toString());
    env.put("VIGIL_MQTT_PORT", Integer.toString(mqttPort));
    env.put("VIGIL_INFLUX_PORT", Integer.toString(influxPort));
    env.put("VIGIL_INFLUX_RPC_PORT", Integer.toString(influxRpcPort));
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
