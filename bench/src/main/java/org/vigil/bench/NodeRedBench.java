package org.vigil.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Phase 6, the peer a user would pick instead: Node-RED 4 with node-red-contrib-influxdb running
 * {@code bench/node-red/flow.json} (MQTT in at QoS 1 on the same topics, JSON, a function node that turns each
 * reading into the point Vigil stores and batches 1,000 points or 200 ms, InfluxDB batch node) against the same
 * broker and InfluxDB with the same readings, measured exactly as phase 2.
 */
final class NodeRedBench {

  private NodeRedBench() {}

  static double run(Services s, Results.Phase p, long warmup, long total, long budgetSeconds, Path logDir) throws Exception {
    Path dir = s.repo.resolve("bench/node-red");
    Path redJs = dir.resolve("node_modules/node-red/red.js");
    if (!Files.isRegularFile(redJs)) {
      throw new IllegalStateException("Node-RED is not installed in " + dir + " (./vigil bench installs it with npm)");
    }
    p.method(String.format(Locale.ROOT, "Node-RED %s (node %s) running bench/node-red/flow.json: mqtt in "
        + "(vigil/+/+/+/data, QoS 1) -> json -> function (the point Vigil stores: measurement = kind, tags site and "
        + "sensor, the reading's fields; batches of 1,000 points or 200 ms) -> influxdb batch (node-red-contrib-"
        + "influxdb, precision ms); the same readings as phase 2, with the same warm-up, published and counted the "
        + "same way",
        version(dir), nodeVersion()));
    p.method(Throughput.method(warmup, total));
    String db = "bench_nodered";
    s.freshDatabase(db);
    s.freshBroker();
    Path userDir = s.state.resolve("node-red");
    Services.deleteTree(userDir);
    Files.createDirectories(userDir);
    // The InfluxDB node authenticates as the bench's user: Node-RED reads a flow's credentials from <flow>_cred.json
    // beside it (plain, credentialSecret false), so the flow runs from a copy in the state folder with that file
    // (mode 600) instead of putting the password in the repository, a command line or the environment.
    Path flow = Files.copy(dir.resolve("flow.json"), userDir.resolve("flow.json"));
    Path cred = userDir.resolve("flow_cred.json");
    Files.createFile(cred, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    org.vigil.connectors.influx.InfluxCredentials user = s.benchUser();
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    Files.writeString(cred, json.writeValueAsString(java.util.Map.of("bench-influx",
        java.util.Map.of("username", user.username(), "password", user.password()))));
    ProcessBuilder pb = new ProcessBuilder("node", redJs.toString(), "--settings",
        dir.resolve("settings.js").toString(), "--userDir", userDir.toString(), flow.toString())
        .directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("BENCH_MQTT_PORT", Integer.toString(s.mqttPort));
    pb.environment().put("BENCH_INFLUX_PORT", Integer.toString(s.influxPort));
    pb.environment().put("BENCH_INFLUX_DB", db);
    Process node = pb.start();
    CountDownLatch connected = new CountDownLatch(1);
    Path log = logDir.resolve("node-red.log");
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.println(line);
          if (line.contains("Connected to broker")) {
            connected.countDown();
          }
        }
      } catch (Exception e) {
        // Node-RED ended
      }
    }, "bench-node-red-output");
    pump.setDaemon(true);
    pump.start();
    try (Publisher pub = new Publisher(s.mqttUrl(), "bench-nr-pub", 2, 1_000)) {
      if (!connected.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Node-RED did not connect to the broker within 60 s (log: " + log + ")");
      }
      double rate = Throughput.measure(s, p, pub, db, "Node-RED", "node-red", node.pid(), warmup, total,
          budgetSeconds);
      p.figures.put("rssMbAtEnd", Stats.round(Machine.rssMb(node.pid()), 1));
      return rate;
    } finally {
      node.destroy();
      if (!node.waitFor(10, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
  }

  private static String version(Path dir) {
    try {
      String pkg = Files.readString(dir.resolve("node_modules/node-red/package.json"));
      var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(pkg);
      return m.find() ? m.group(1) : "?";
    } catch (Exception e) {
      return "?";
    }
  }

  private static String nodeVersion() {
    try {
      Process v = new ProcessBuilder(List.of("node", "--version")).start();
      String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      v.waitFor();
      return out;
    } catch (Exception e) {
      return "?";
    }
  }
}
