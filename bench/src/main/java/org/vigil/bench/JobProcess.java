package org.vigil.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring job in a JVM of its own ({@link JobMain}), so its heap and resident memory are the job's alone and
 * the publishers, receivers and counters of the bench do not share its heap. Its output goes to a log file; its
 * {@code MEM} lines are kept as samples.
 */
final class JobProcess implements AutoCloseable {

  /** One memory sample of the job JVM. */
  record Sample(long t, double heapUsedMb, double heapAfterGcMb, double heapCommittedMb, double rssMb,
      double liveHeapMb) {}

  /**
   * A checkpoint the job completed, from Flink's "Completed checkpoint" line (logged when the job's settings have
   * {@code bench.checkpointLogLevel=INFO}): when the bench read it, its number, size and duration.
   */
  record Checkpoint(long t, long number, long bytes, long durationMs) {}

  static final String HEAP = "-Xmx1g";

  private static final Pattern COMPLETED = Pattern.compile(
      "Completed checkpoint (\\d+) for job \\S+ \\((\\d+) bytes, checkpointDuration=(\\d+) ms");

  private final Process process;
  private final CountDownLatch started = new CountDownLatch(1);
  final List<Sample> samples = new CopyOnWriteArrayList<>();
  final List<Checkpoint> checkpoints = new CopyOnWriteArrayList<>();
  final Path log;
  /** Epoch ms the JVM was launched, and the job reported started ({@code JOB started}; 0 until then). */
  final long launchedAtMs;
  volatile long startedAtMs;

  private JobProcess(Process process, Path log, long launchedAtMs) {
    this.process = process;
    this.log = log;
    this.launchedAtMs = launchedAtMs;
  }

  /**
   * Starts the job with {@code settings} as {@code -D} properties.
   *
   * @param jfr a flight recording to write on exit, or null
   */
  static JobProcess start(Path repo, Path log, Map<String, String> settings, long sampleMs, Path jfr)
      throws IOException {
    return start(repo, log, settings, sampleMs, jfr, HEAP);
  }

  /** As {@link #start(Path, Path, Map, long, Path)}, with the heap option {@code heap} (e.g. {@code -Xmx2g}). */
  static JobProcess start(Path repo, Path log, Map<String, String> settings, long sampleMs, Path jfr, String heap)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(heap);
    // Compiler threads that live as long as the JVM, so the bench can count their CPU (CpuMeter's JIT part).
    cmd.add("-XX:-UseDynamicNumberOfCompilerThreads");
    cmd.add("--add-opens");
    cmd.add("java.base/java.util=ALL-UNNAMED");
    cmd.add("--add-opens");
    cmd.add("java.base/java.lang=ALL-UNNAMED");
    if (jfr != null) {
      // Without DebugNonSafepoints the sampler files a frame's time under the nearest line with debug information:
      // the heap state lookups' memory stalls showed up as String.hashCode.
      cmd.add("-XX:+UnlockDiagnosticVMOptions");
      cmd.add("-XX:+DebugNonSafepoints");
      cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
    }
    // Extra options for the job's JVM, to compare JVM settings under the same load (e.g. a collector or lock mode).
    String extra = System.getenv("VIGIL_BENCH_JOB_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.add("-Dbench.sampleMs=" + sampleMs);
    settings.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(JobMain.class.getName());
    Files.createDirectories(log.getParent());
    long launched = System.currentTimeMillis();
    Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
    JobProcess jp = new JobProcess(p, log, launched);
    Thread reader = new Thread(jp::pump, "bench-job-output");
    reader.setDaemon(true);
    reader.start();
    return jp;
  }

  long pid() {
    return process.pid();
  }

  void awaitStarted(long seconds) throws InterruptedException {
    if (!started.await(seconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the job did not start within " + seconds + " s (log: " + log + ")");
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        if (line.startsWith("JOB started")) {
          startedAtMs = System.currentTimeMillis();
          started.countDown();
        } else if (line.startsWith("MEM ")) {
          samples.add(parse(line));
        } else if (line.contains("Completed checkpoint")) {
          Matcher m = COMPLETED.matcher(line);
          if (m.find()) {
            checkpoints.add(new Checkpoint(System.currentTimeMillis(), Long.parseLong(m.group(1)),
                Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
          }
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  private static Sample parse(String line) {
    double[] v = new double[6];
    String[] parts = line.substring(4).split(" ");
    for (int i = 0; i < 6; i++) {
      v[i] = Double.parseDouble(parts[i].substring(parts[i].indexOf('=') + 1));
    }
    return new Sample((long) v[0], v[1], v[2], v[3], v[4], v[5]);
  }

  /** Kills the job JVM (SIGKILL: a crash, nothing flushed or cancelled) and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the job JVM (SIGTERM, so a flight recording is written; SIGKILL after 30 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
