package org.vigil.jobs.failure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.vigil.jobs.monitoring.MonitoringJob;

/**
 * The monitoring job in a JVM of its own ({@link MonitoringJob#main} with {@code VIGIL_*} settings in its environment,
 * a MiniCluster inside), so that a test can kill it the hard way: SIGKILL, no shutdown hooks, no final checkpoint.
 */
final class JobProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private JobProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static JobProcess start(Map<String, String> settings, Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx768m");
    cmd.add("--add-opens=java.base/java.util=ALL-UNNAMED");
    cmd.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MonitoringJob.class.getName());
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(settings);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new JobProcess(pb.start(), log);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, then waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL on Linux
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("job process " + pid() + " survived SIGKILL for 30 s");
    }
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
