package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.testing.ServiceControl;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.testing.TestInflux;

/**
 * No password of the secrets folder ever shows: not in the output and log of the real launcher ({@code ./vigil run}'s
 * job with its own InfluxDB user, read from the secrets folder), not in the services' logs, not on any process's
 * command line ({@code /proc/<pid>/cmdline}), including the short-lived curl calls with which infra/services.sh sets
 * up the users while InfluxDB restarts. With a broker with MQTT security on ({@link TestServices#secureBroker()}, which
 * {@code ./vigil test} starts), its MQTT password files are checked too, while {@code vigil devices} adds, lists and
 * revokes a device on it as vigil-admin: the passwords (and the new device's) appear in none of the tool's output, the
 * broker's log and configuration, or any command line.
 */
class SecretsStayOutOfLogsIT {

  private final Path repo = ServiceControl.repoRoot();
  private final Path state = TestServices.influxSecretsDir().getParent();
  private final Optional<TestServices.SecureBroker> secure = TestServices.secureBroker();
  private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  private final String db = "secrets_it_" + id;
  private Process launcher;

  @AfterEach
  void stop() throws Exception {
    if (launcher != null && launcher.isAlive()) {
      launcher.destroy();
      if (!launcher.waitFor(60, TimeUnit.SECONDS)) {
        launcher.destroyForcibly();
      }
    }
    TestInflux.client().dropDatabase(db);
  }

  @Test
  void noSecretInLogsOrCommandLines(@TempDir Path dir) throws Exception {
    Map<String, String> secrets = secrets(state.resolve("secrets"), "");
    assertThat(secrets).as("password files in " + state.resolve("secrets")).containsKeys(
        "influx-vigil-admin.password", "influx-vigil-job.password", "influx-vigil-console.password",
        "influx-vigil-tools.password", "influx-vigil-grafana.password", "influx-vigil-bench.password");
    if (secure.isPresent()) {
      Path folder = secure.get().secretsDir();
      Map<String, String> mqtt = secrets(folder, "secure broker's ");
      assertThat(mqtt).as("password files in " + folder).containsKeys("secure broker's mqtt-vigil-admin.password",
          "secure broker's mqtt-vigil-job.password", "secure broker's mqtt-vigil-console.password",
          "secure broker's mqtt-vigil-tools.password", "secure broker's mqtt-vigil-simulator.password");
      secrets.putAll(mqtt);
    }

    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        seen.addAll(commandLines());
        try {
          Thread.sleep(3);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "cmdline-sampler");
    sampler.setDaemon(true);
    sampler.start();
    try {
      // A restart runs the whole user set-up again (SET PASSWORD, GRANT, ...) through curl.
      ServiceControl.stop("influxdb");
      ServiceControl.start("influxdb");

      Path out = dir.resolve("launcher.out");
      Path log = repo.resolve(".vigil/vigil.log");
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      String site = "sec" + id;
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens", "java.base/java.util=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
          "-Dvigil.home=" + repo, "-Dlog4j2.configurationFile=" + repo.resolve(
              "cli/src/main/config/log4j2.properties"),
          "-cp", classpath(), LocalLauncher.class.getName(),
          "--receiver-port", "0", "--metrics-port", "0", "--sites", site, "--rain-gauges", "1",
          "--slope-sensors", "1", "--history", "PT2H", "--interval", "PT1S", "--duration", "PT2M"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("VIGIL_INFLUX_USER") || k.startsWith("VIGIL_INFLUX_PASSWORD"));
      env.put("VIGIL_STATE_DIR", state.toString());
      env.put("VIGIL_MQTT_URL", TestServices.mqttUrl());
      // The launcher's security follows the test broker (./vigil run's default, on, refuses a tcp:// broker).
      env.put("VIGIL_MQTT_SECURITY", TestServices.mqttUrl().startsWith("ssl://") ? "on" : "off");
      env.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
      env.put("VIGIL_INFLUX_DB", db);
      env.put("VIGIL_MQTT_GROUP", "secrets" + id);
      env.put("VIGIL_MQTT_CLIENT_PREFIX", "secrets-" + id);
      env.put("VIGIL_MQTT_SESSION_EXPIRY_S", "60");
      env.put("VIGIL_CHECKPOINT_DIR", dir.resolve("checkpoints").toString());
      launcher = pb.start();
      Map<String, String> deviceTexts = secure.isPresent() ? devicesOnTheSecureBroker(dir, secrets) : Map.of();

      // The job, authenticating as vigil-job, stores the simulator's readings.
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      long stored = 0;
      while (System.nanoTime() < deadline && launcher.isAlive()) {
        stored = count();
        if (stored > 0 && Files.readString(out).contains("InfluxDB '" + db + "'")) {
          break;
        }
        Thread.sleep(1000);
      }
      String output = Files.readString(out);
      assertThat(stored).as("readings stored by the job; launcher output:\n" + output).isPositive();
      assertThat(output).contains("the job as vigil-job").doesNotContain("refused (401").doesNotContain("not answering");
      launcher.destroy();
      assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

      Map<String, String> texts = new LinkedHashMap<>();
      texts.put("launcher output", Files.readString(out));
      String fullLog = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      texts.put(".vigil/vigil.log (this run)", fullLog.substring((int) Math.min(logStart, fullLog.length())));
      for (String name : List.of("influxdb.log", "mosquitto.log")) {
        Path f = state.resolve(name);
        texts.put(name, Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "");
      }
      texts.putAll(deviceTexts);
      texts.put("command lines of every process, sampled during the restart and the run", String.join("\n", seen));
      assertThat(texts.get("launcher output")).contains("vigil-job");
      assertThat(seen).anyMatch(c -> c.contains("curl")).anyMatch(c -> c.contains(LocalLauncher.class.getName()));

      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        for (Map.Entry<String, String> text : texts.entrySet()) {
          assertThat(text.getValue().contains(secret.getValue()))
              .as("the password of " + secret.getKey() + " appears in " + text.getKey()).isFalse();
        }
      }
    } finally {
      sampling.set(false);
      sampler.join(5000);
    }
  }

  private long count() {
    try {
      return TestInflux.client().count(db, "SELECT count(rain_mm) FROM rain");
    } catch (RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Name -> password, of every password file in a secrets folder (InfluxDB and, when made, MQTT). */
  private static Map<String, String> secrets(Path folder, String prefix) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".password")).sorted().toList()) {
        String pw = Files.readAllLines(f).get(0).strip();
        assertThat(pw.length()).as(f + " holds a real password").isGreaterThanOrEqualTo(20);
        out.put(prefix + f.getFileName().toString(), pw);
      }
    }
    return out;
  }

  /**
   * {@code vigil devices add/list/revoke} on the secure broker, as vigil-admin from its secrets folder (run while the
   * command lines are sampled); the new device's password goes to a file and joins {@code secrets}. Returns the texts
   * to search: the tool's output, the broker's log and its dynamic-security configuration.
   */
  private Map<String, String> devicesOnTheSecureBroker(Path dir, Map<String, String> secrets) throws Exception {
    TestServices.SecureBroker broker = secure.orElseThrow();
    String device = "secrets-it-" + id;
    Path devicePassword = dir.resolve("device.password");
    StringBuilder output = new StringBuilder();
    output.append(devices(dir, broker, "add", device, "--site", "sec" + id, "--password-file",
        devicePassword.toString()));
    secrets.put("password file of device " + device, Files.readAllLines(devicePassword).get(0).strip());
    String listed = devices(dir, broker, "list");
    assertThat(listed).contains(device);
    output.append(listed).append(devices(dir, broker, "revoke", device));
    Path brokerState = broker.secretsDir().getParent();
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("output of vigil devices add/list/revoke", output.toString());
    for (String name : List.of("mosquitto.log", "mosquitto.conf", "mosquitto/dynamic-security.json")) {
      Path f = brokerState.resolve(name);
      texts.put("secure broker's " + name, Files.exists(f) ? Files.readString(f, StandardCharsets.ISO_8859_1) : "");
    }
    return texts;
  }

  /** One {@code vigil devices} command on the secure broker; its output, after checking it succeeded. */
  private String devices(Path dir, TestServices.SecureBroker broker, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath(), "org.vigil.connectors.mqtt.devices.DevicesCli", "--mqtt-url", broker.url(), "--secrets",
        broker.secretsDir().toString()));
    cmd.addAll(List.of(args));
    Path out = dir.resolve("devices-" + args[0] + ".out");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("vigil devices " + args[0] + " finished").isTrue();
    String text = Files.readString(out);
    assertThat(p.exitValue()).as("vigil devices " + args[0] + ": " + text).isZero();
    return text;
  }

  /** The command line of every process now, arguments joined by spaces. */
  private static List<String> commandLines() {
    List<String> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        try {
          byte[] raw = Files.readAllBytes(p.resolve("cmdline"));
          if (raw.length > 0) {
            out.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
          }
        } catch (IOException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return out;
  }

  private String classpath() throws IOException {
    Path module = repo.resolve("cli");
    return module.resolve("target/classes") + java.io.File.pathSeparator
        + Files.readString(module.resolve("target/classpath.txt")).strip();
  }
}
