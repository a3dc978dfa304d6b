package org.vigil.connectors.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops and starts the real test services (the Mosquitto and InfluxDB of {@link TestServices}) through the project's
 * own {@code infra/services.sh}, for failure tests: broker restarts, database outages. Uses the state folder and ports
 * of the running test instances ({@code VIGIL_STATE_DIR} and the ports of the test URLs), so it acts on exactly the
 * processes the tests talk to, stopping them by PID.
 */
public final class ServiceControl {

  private ServiceControl() {}

  /** Stops {@code service} ({@code mosquitto} or {@code influxdb}) and returns when its process is gone. */
  public static void stop(String service) {
    run("stop", service);
  }

  /** Starts {@code service} and returns when it accepts connections. */
  public static void start(String service) {
    run("start", service);
  }

  /** The repository root: the nearest folder above the working directory that holds {@code infra/services.sh}. */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("infra/services.sh"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("infra/services.sh not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  private static void run(String command, String service) {
    Path root = repoRoot();
    ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("infra/services.sh").toString(), command, service);
    Map<String, String> env = pb.environment();
    env.putIfAbsent("VIGIL_STATE_DIR", root.resolve(".vigil/test").toString());
    int influxPort = URI.create(TestServices.influxUrl(false)).getPort();
    env.put("VIGIL_MQTT_PORT", String.valueOf(URI.create(TestServices.mqttUrl(false)).getPort()));
    env.put("VIGIL_INFLUX_PORT", String.valueOf(influxPort));
    env.putIfAbsent("VIGIL_INFLUX_RPC_PORT", String.valueOf(influxPort + 2));
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("infra/services.sh " + command + " " + service + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run infra/services.sh " + command + " " + service, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running infra/services.sh " + command + " " + service, e);
    }
  }
}
