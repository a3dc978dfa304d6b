package org.vigil.jobs.launcher;

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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.ingest.testing.ServiceControl;
import org.vigil.ingest.testing.TestServices;
import org.vigil.jobs.testing.TestInflux;

/**
 * No password of the secrets folder ever shows: not in the output and log of the real launcher ({@code ./vigil run}'s
 * job with its own InfluxDB user, read from the secrets folder), not in the services' logs, not on any process's
 * command line ({@code /proc/<pid>/cmdline}), including the short-lived curl calls with which infra/services.sh sets
 * up the users while InfluxDB restarts.
 */
class SecretsStayOutOfLogsIT {

  private final Path repo = ServiceControl.repoRoot();
  private final Path state = TestServices.influxSecretsDir().getParent();
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
    Map<String, String> secrets = secrets();
    assertThat(secrets).as("password files in " + state.resolve("secrets")).containsKeys(
        "influx-vigil-admin.password", "influx-vigil-job.password", "influx-vigil-console.password",
        "influx-vigil-tools.password", "influx-vigil-grafana.password", "influx-vigil-bench.password");

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
              "stream-jobs/src/main/config/log4j2.properties"),
          "-cp", classpath(), LocalLauncher.class.getName(),
          "--receiver-port", "0", "--metrics-port", "0", "--sites", site, "--rain-gauges", "1",
          "--slope-sensors", "1", "--history", "PT2H", "--interval", "PT1S", "--duration", "PT2M"));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
      Map<String, String> env = pb.environment();
      env.keySet().removeIf(k -> k.startsWith("VIGIL_INFLUX_USER") || k.startsWith("VIGIL_INFLUX_PASSWORD"));
      env.put("VIGIL_STATE_DIR", state.toString());
      env.put("VIGIL_MQTT_URL", TestServices.mqttUrl());
      // The test broker is the plain one of ./vigil test; the launcher's own default is a broker with identities.
      env.put("VIGIL_MQTT_SECURITY", "off");
      env.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
      env.put("VIGIL_INFLUX_DB", db);
      env.put("VIGIL_MQTT_GROUP", "secrets" + id);
      env.put("VIGIL_MQTT_CLIENT_PREFIX", "secrets-" + id);
      env.put("VIGIL_MQTT_SESSION_EXPIRY_S", "60");
      env.put("VIGIL_CHECKPOINT_DIR", dir.resolve("checkpoints").toString());
      launcher = pb.start();

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

  /** File name -> password, of every password file in the secrets folder (InfluxDB and, when made, MQTT). */
  private Map<String, String> secrets() throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(state.resolve("secrets"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".password")).sorted().toList()) {
        String pw = Files.readAllLines(f).get(0).strip();
        assertThat(pw.length()).as(f + " holds a real password").isGreaterThanOrEqualTo(20);
        out.put(f.getFileName().toString(), pw);
      }
    }
    return out;
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
    Path module = repo.resolve("stream-jobs");
    return module.resolve("target/classes") + java.io.File.pathSeparator
        + Files.readString(module.resolve("target/classpath.txt")).strip();
  }
}
