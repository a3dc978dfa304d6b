package org.vigil.cli.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.vigil.core.settings.LocalSettings;
import org.vigil.core.settings.SettingsReader;

/**
 * Starts and stops the project-local Mosquitto and InfluxDB through {@code infra/services.sh}, which installs them
 * from Debian's packages when missing. Services that were already running are used and left running.
 */
final class LocalServices {

  private final Path script;
  private final int mqttPort;
  private final int influxPort;
  private final String mqttSecurity;
  private boolean startedHere;

  LocalServices(Path home, String mqttUrl, String influxUrl, String mqttSecurity) {
    this.mqttSecurity = mqttSecurity;
    this.script = home.resolve("infra/services.sh");
    this.mqttPort = URI.create(mqttUrl).getPort();
    this.influxPort = URI.create(influxUrl).getPort();
  }

  /** The services' state folder: VIGIL_STATE_DIR as infra/services.sh reads it, else {@code <repo>/.vigil/local}. */
  Path stateDir() {
    String dir = new SettingsReader(System::getenv).raw(LocalSettings.STATE_DIR);
    return dir == null ? script.getParent().getParent().resolve(LocalSettings.STATE_DIR.defaultText())
        : Path.of(dir).toAbsolutePath();
  }

  /** True when both URLs point at this machine, so the project's own services can serve them. */
  static boolean isLocal(String mqttUrl, String influxUrl) {
    return isLoopback(mqttUrl) && isLoopback(influxUrl);
  }

  private static boolean isLoopback(String url) {
    String host = URI.create(url).getHost();
    return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host);
  }

  void start() throws IOException, InterruptedException {
    if (!Files.isExecutable(script)) {
      throw new IllegalStateException("cannot find " + script + ": run from the repository (./vigil run)");
    }
    boolean running = portOpen(mqttPort) && portOpen(influxPort);
    run("start");
    startedHere = !running;
  }

  void stopIfStartedHere() {
    if (!startedHere) {
      return;
    }
    try {
      run("stop");
    } catch (IOException | RuntimeException e) {
      System.err.println("[vigil] could not stop the services: " + e.getMessage() + " (infra/services.sh stop)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run(String command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(script.toString(), command).inheritIO();
    pb.environment().put(LocalSettings.MQTT_PORT.key(), Integer.toString(mqttPort));
    if (mqttSecurity != null) {
      pb.environment().put(LocalSettings.MQTT_SECURITY.key(), mqttSecurity);
    }
    pb.environment().put(LocalSettings.INFLUX_PORT.key(), Integer.toString(influxPort));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("infra/services.sh " + command + " failed (see its message above)");
    }
  }

  private static boolean portOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
