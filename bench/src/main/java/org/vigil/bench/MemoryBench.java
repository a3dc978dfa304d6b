package org.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.simulator.DeviceFleet;
import org.vigil.simulator.SimulatorArgs;
import picocli.CommandLine;
import org.vigil.core.settings.JobSettings;

/**
 * Phase 5, memory at steady state: the device simulator's fleet (calm scenario) with 10,000 sensors (10 sites x 500 rain
 * gauges + 500 slope sensors) reporting once a second into the job; the job JVM samples its heap (used, and right
 * after the last collection), committed heap and resident set every 10 s. Growth is the slope of a least-squares
 * line through the samples after the warm-up, per minute.
 */
final class MemoryBench {

  private MemoryBench() {}

  static void run(Services s, Results.Phase p, int seconds, int warmupSeconds, Path logDir) throws Exception {
    p.method(String.format(Locale.ROOT, "the device simulator's fleet (org.vigil.simulator.DeviceFleet, scenario calm; published on the "
        + "second by 2 Paho clients, window 1,000 each): 10 sites x "
        + "(500 rain gauges + 500 slope sensors) = 10,000 sensors, a report each per second, for %d s into the job "
        + "(own JVM, %s); samples every 10 s; linear fit over the samples after the first %d s", seconds,
        JobProcess.HEAP, warmupSeconds));
    p.method("flat = the fitted growth over the fitted window is below 5 % of the mean of the samples (a fall is not "
        + "growth); the verdict is the live heap's (a full collection every 30 s, then the heap in use) and the "
        + "checkpoint's (the job's state): heap after G1's young collections climbs with promoted garbage until a "
        + "mixed cycle, minutes apart");
    String db = "bench_memory";
    Influx influx = s.influx();
    s.freshDatabase(db);
    s.freshBroker();
    Map<String, String> settings = EndToEndBench.jobSettings(s, db, "bench-memory");
    settings.put("bench.liveEveryMs", "30000");
    Path checkpoints = Path.of(settings.get(JobSettings.CHECKPOINT_DIR.key()));
    List<String> sites = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sites.add("mem-" + i);
    }
    SimulatorArgs args = new SimulatorArgs();
    new CommandLine(args).parseArgs("--sites", String.join(",", sites), "--rain-gauges", "500", "--slope-sensors",
        "500", "--interval", "PT1S", "--scenario", "calm", "--duration", "PT" + seconds + "S", "--seed", "7");
    List<double[]> checkpointSizes = new ArrayList<>();
    long runStart;
    double publishedFor;
    try (JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-memory.log"), settings, 10_000, null)) {
      job.awaitStarted(90);
      // The simulator's fleet (its sensor models and payloads), published through the bench's windowed publisher
      // (FleetFeed).
      DeviceFleet fleet = new DeviceFleet(args.options(s.mqttUrl()), System.currentTimeMillis() / 1000 * 1000);
      AtomicLong published = new AtomicLong();
      try (Publisher pub = new Publisher(s.mqttUrl(), "bench-memory-pub", 2, 1_000)) {
        DeviceFleet.Message first = fleet.firstMessage();
        pub.awaitSubscriber(new Publisher.Message(first.topic(), first.payload()), 60_000);
        long t0 = System.currentTimeMillis() / 1000 * 1000 + 1000;
        long end = t0 + seconds * 1000L;
        // Within the phase's time: a machine that cannot publish and store 10,000 readings a second stops at the end
        // of the budget with fewer reports per sensor (said below) rather than running minutes longer.
        FleetFeed.Sent sent = FleetFeed.publish(fleet, pub, t0, end, 1000, 1, 30_000, since -> {
          JobProcess.Sample last = job.samples.isEmpty() ? null : job.samples.get(job.samples.size() - 1);
          long cp = newestCheckpointBytes(checkpoints);
          checkpointSizes.add(new double[] {System.currentTimeMillis(), cp / 1048576.0});
          Log.say("  %3d s: %,d readings acknowledged by the broker; job heap after GC %s MB, RSS %s MB, "
                  + "checkpoint %.1f MB", since / 1000, pub.acked.get(),
              last == null ? "?" : String.format(Locale.ROOT, "%.0f", last.heapAfterGcMb()),
              last == null ? "?" : String.format(Locale.ROOT, "%.0f", last.rssMb()), cp / 1048576.0);
        }, () -> {});
        long behind = sent.late();
        long tick = sent.endTick();
        pub.drain(60_000);
        published.set(pub.acked.get());
        p.figures.put("secondsPublishedLate", behind);
        long ticks = (tick - t0) / 1000;
        p.figures.put("ticksPublished", ticks);
        if (ticks < seconds) {
          p.note(String.format(Locale.ROOT, "the publishers sent %d of the %d seconds' reports within the %d s: each "
              + "sensor reported every %.1f s on average, not every second", ticks, seconds, seconds,
              seconds / (double) Math.max(1, ticks)));
        }
        if (pub.failed.get() + pub.noSubscriber.get() > 0) {
          p.note(String.format(Locale.ROOT, "%d publishes failed, %d had no subscriber", pub.failed.get(),
              pub.noSubscriber.get()));
        }
        runStart = t0;
        publishedFor = (System.currentTimeMillis() - t0) / 1000.0;
      }
      long t0 = runStart;
      double actualSecs = publishedFor;
      Log.say("  published %,d readings; waiting for the job to store them", published.get());
      long expected = published.get();
      long deadline = System.currentTimeMillis() + 30_000;
      long stored = storedReadings(influx, db);
      while (stored < expected && System.currentTimeMillis() < deadline) {
        Thread.sleep(2_000);
        stored = storedReadings(influx, db);
      }
      long publishedCount = published.get();
      List<JobProcess.Sample> fit = new ArrayList<>();
      for (JobProcess.Sample x : job.samples) {
        if (x.t() >= t0 + warmupSeconds * 1000L && x.t() <= t0 + seconds * 1000L + 2_000) {
          fit.add(x);
        }
      }
      p.figures.put("sensors", 10_000);
      p.figures.put("seconds", Stats.round(actualSecs, 1));
      p.figures.put("readingsPublished", publishedCount);
      p.figures.put("readingsPerSecPublished", Math.round(publishedCount / actualSecs));
      p.figures.put("readingsStored", stored);
      List<Map<String, Object>> series = new ArrayList<>();
      for (JobProcess.Sample x : job.samples) {
        series.add(Map.of("sinceStartS", Stats.round((x.t() - t0) / 1000.0, 1), "heapUsedMb", x.heapUsedMb(),
            "heapAfterGcMb", x.heapAfterGcMb(), "heapCommittedMb", x.heapCommittedMb(), "rssMb", x.rssMb(),
            "liveHeapMb", Double.isNaN(x.liveHeapMb()) ? "" : x.liveHeapMb()));
      }
      p.figures.put("samples", series);
      p.figures.put("checkpointMb", checkpointSizes.stream().map(c -> Stats.round(c[1], 2)).toList());
      p.row("memory: load", String.format(Locale.ROOT, "10,000 sensors, %,.0f readings/s published for %.0f s "
          + "(%,d stored of %,d)", publishedCount / actualSecs, actualSecs, stored, publishedCount), "all stored",
          stored >= publishedCount ? "yes" : "NO");
      List<JobProcess.Sample> live = fit.stream().filter(x -> !Double.isNaN(x.liveHeapMb())).toList();
      // The verdict is the live heap's and the state's; the other three follow G1's cycle (heap in use and heap
      // after young collections climb with promoted garbage until a mixed cycle; RSS follows the committed heap),
      // so they are printed with the direction of their fit but judge nothing.
      Boolean liveFlat = fitRow(p, p.figures, "memory: ", live, "live heap", JobProcess.Sample::liveHeapMb, t0, true);
      fitRow(p, p.figures, "memory: ", fit, "heap after GC", JobProcess.Sample::heapAfterGcMb, t0, false);
      fitRow(p, p.figures, "memory: ", fit, "heap used", JobProcess.Sample::heapUsedMb, t0, false);
      fitRow(p, p.figures, "memory: ", fit, "RSS", JobProcess.Sample::rssMb, t0, false);
      Boolean stateFlat = checkpointRow(p, p.figures, "memory: ", checkpointSizes, t0);
      boolean known = liveFlat != null && stateFlat != null;
      p.figures.put("memoryGrows", known ? !(liveFlat && stateFlat) : "unknown");
      p.row("memory: does it grow (live heap and state)", !known ? "unknown: too few samples"
          : liveFlat && stateFlat ? "no" : "yes", "no", known && liveFlat && stateFlat ? "yes" : "NO");
    }
  }

  /**
   * The checkpoint-size row (the job's state over time, {@code sizes} as [epoch ms, MB]): judges "does not grow" as
   * {@link #fitRow} does and returns whether it held, or null for fewer than two sizes.
   */
  static Boolean checkpointRow(Results.Phase p, Map<String, Object> figures, String prefix, List<double[]> sizes,
      long t0) {
    if (sizes.size() < 2) {
      return null;
    }
    double[] x = sizes.stream().mapToDouble(c -> (c[0] - t0) / 60_000.0).toArray();
    double[] y = sizes.stream().mapToDouble(c -> c[1]).toArray();
    double slope = Stats.slope(x, y);
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    boolean flat = slope * (x[x.length - 1] - x[0]) < 0.05 * mean;
    figures.put("checkpoint_slopeMbPerMin", Stats.round(slope, 3));
    p.row(prefix + "checkpoint size (job state)", String.format(Locale.ROOT, "%.1f -> %.1f MB, %+.2f MB/min",
        y[0], y[y.length - 1], slope), "does not grow", flat ? "yes" : "NO");
    return flat;
  }

  /**
   * A fit row (labelled {@code prefix + name}, its slope into {@code figures}); with {@code verdict} it judges "does
   * not grow" and returns whether it held, else null.
   */
  static Boolean fitRow(Results.Phase p, Map<String, Object> figures, String prefix, List<JobProcess.Sample> fit,
      String name, java.util.function.ToDoubleFunction<JobProcess.Sample> f, long t0, boolean verdict) {
    if (fit.size() < 3) {
      p.row(prefix + name, "too few samples (" + fit.size() + ")");
      return null;
    }
    double[] x = fit.stream().mapToDouble(s -> (s.t() - t0) / 60_000.0).toArray();
    double[] y = fit.stream().mapToDouble(f).toArray();
    double slope = Stats.slope(x, y);
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    double window = x[x.length - 1] - x[0];
    boolean flat = slope * window < 0.05 * mean; // does it grow? (falling after the warm-up is not growth)
    double min = java.util.Arrays.stream(y).min().orElse(0);
    double max = java.util.Arrays.stream(y).max().orElse(0);
    figures.put(name.replace(' ', '_') + "_slopeMbPerMin", Stats.round(slope, 3));
    String value = String.format(Locale.ROOT, "mean %.0f MB (min %.0f, max %.0f), slope %+.2f MB/min over %.1f min",
        mean, min, max, slope, window);
    if (verdict) {
      p.row(prefix + name, value, "does not grow", flat ? "yes" : "NO");
      return flat;
    }
    p.row(prefix + name, value + (flat ? "" : " (rising in this window; G1's cycle, not the verdict)"));
    return null;
  }

  /** Readings of every kind the fleet sends, stored in the database. */
  static long storedReadings(Influx influx, String db) throws InterruptedException {
    return influx.count(db, "rain", "rain_mm") + influx.count(db, "gnss", "disp_mm")
        + influx.count(db, "tilt", "tilt_x_deg") + influx.count(db, "crack", "crack_mm")
        + influx.count(db, "pore", "pore_kpa");
  }

  /** Size of the newest completed checkpoint folder (chk-N) under the job's checkpoint directory, in bytes. */
  static long newestCheckpointBytes(Path dir) {
    try (var walk = Files.walk(dir)) {
      Path newest = walk.filter(Files::isDirectory).filter(d -> d.getFileName().toString().startsWith("chk-"))
          .filter(d -> Files.exists(d.resolve("_metadata")))
          .max(java.util.Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString().substring(4))))
          .orElse(null);
      if (newest == null) {
        return 0;
      }
      try (var files = Files.walk(newest)) {
        return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
      }
    } catch (Exception e) {
      return 0;
    }
  }
}
