package org.vigil.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.vigil.core.settings.JobSettings;
import org.vigil.simulator.DeviceFleet;
import org.vigil.simulator.SimulatorArgs;
import picocli.CommandLine;

/**
 * Phase 11, scale: the device simulator's fleet at 10,000, 30,000 and 100,000 sensors (sites of 500 rain gauges and
 * 500 slope sensors), each reporting every 10 s, into a fresh job JVM per size; per size the readings published and
 * stored, the checkpoint's size (state bytes per sensor) and duration, the live heap and whether it grows, and the
 * time a job killed after a checkpoint takes to restore and store again, with nothing lost across it. Then each
 * figure's growth per sensor (least-squares slope over the sizes) and the size at which the first bound is reached.
 */
final class ScaleBench {

  static final int[] SENSORS = {10_000, 30_000, 100_000};
  static final long REPORT_MS = 10_000;
  /** Restore time this phase holds a job to: a minute, after which the fleet's readings wait too long after a crash. */
  static final long RESTORE_BOUND_MS = 60_000;
  /** A job keeps up when every reading is stored within this of the last publish (a report interval and a margin). */
  static final double KEPT_UP_S = 30;
  /**
   * The job's heap in this phase: at 100,000 sensors a quick run's live heap was 527-683 MB of a 1 GB heap (half or
   * more of it live, more while the job was behind on its writes), too little room to measure anything but the
   * collector; {@code ./vigil run} gives the job the JVM's default, a quarter of the machine's memory.
   */
  static final String HEAP = "-Xmx2g";

  /** One size's figures. */
  record Point(int sensors, double publishedPerSec, double neededPerSec, boolean keptUp, double checkpointBytes,
      double checkpointMsP50, double checkpointMsMax, double liveHeapMb, double restoreMs) {}

  private ScaleBench() {}

  /** Seconds of publishing per size: full mode 5 min (10 min at 100,000 sensors), quick 60 s. */
  static int seconds(int sensors, boolean quick) {
    return quick ? 60 : sensors >= 100_000 ? 600 : 300;
  }

  static void run(Services s, Results.Phase p, boolean quick, int[] sizes, String heap, Path logDir)
      throws Exception {
    int warmup = quick ? 20 : 60;
    int restoreWindow = quick ? 40 : 60;
    p.method(String.format(Locale.ROOT, "the device simulator's fleet (org.vigil.simulator.DeviceFleet, scenario calm) "
        + "at %s sensors: sites of 500 rain gauges + 500 slope sensors, a report each every 10 s; each report time's "
        + "messages published by 2 Paho clients (window 1,000 each) in 10 equal parts, one a second, so the rate is "
        + "steady at a tenth of the sensors a second; for %s s per size into a fresh job (own JVM, %s, checkpoints "
        + "as the job's settings say, by default every 2 s) with empty state", sizesText(sizes),
        quick ? "60" : "300 (600 at 100,000 sensors)", heap));
    p.method(String.format(Locale.ROOT, "per size: readings published (acknowledged by the broker) and stored (counted "
        + "in InfluxDB, the subscription probe included, waiting while the count still rises, up to 5 min; kept up = all "
        + "stored within 30 s of the last publish); checkpoint size = the newest completed chk-N "
        + "folder at the end of the run, state bytes per sensor = size / sensors; checkpoint duration = Flink's "
        + "\"Completed checkpoint ... checkpointDuration\" log line of every checkpoint after the first %d s (p50 "
        + "and max); live heap = heap in use right after a full collection, every %d s, with MemoryBench's verdict "
        + "(the fitted growth after the first %d s below 5 %% of the mean)", warmup, quick ? 10 : 30, warmup));
    p.method(String.format(Locale.ROOT, "restore: the fleet goes on publishing for %d s; the job JVM is killed "
        + "(SIGKILL) right after the first checkpoint completed 5 s into that, and a new one started at once on the "
        + "same checkpoint folder and broker sessions (VIGIL_RESTORE=true: the newest completed checkpoint); restore "
        + "time = JVM launch to the first reading stored by the new job (so it includes the sink's first batch); "
        + "then every reading published before, during and after the restart must "
        + "be stored", restoreWindow));
    p.method(String.format(Locale.ROOT, "growth per sensor = slope of the least-squares line of each figure against "
        + "the sensors; bounds: live heap = the heap (%s), checkpoint duration = the checkpoint interval, restore = "
        + "%d s, rate = the readings a second the sensors need (sensors / 10), published and every one stored "
        + "within %.0f s of the last publish", heap, RESTORE_BOUND_MS / 1000, KEPT_UP_S));
    List<Point> points = new ArrayList<>();
    List<Map<String, Object>> perSize = new ArrayList<>();
    long interval = 0;
    for (int n : sizes) {
      Map<String, Object> f = new LinkedHashMap<>();
      perSize.add(f);
      Point pt = runSize(s, p, f, n, seconds(n, quick), warmup, restoreWindow, quick, heap, logDir);
      interval = (Long) f.get("checkpointIntervalMs");
      if (pt != null) {
        points.add(pt);
      }
    }
    p.figures.put("sizes", perSize);
    if (points.size() < 2) {
      p.note("fewer than two sizes measured: no growth per sensor");
      return;
    }
    double[] x = points.stream().mapToDouble(Point::sensors).toArray();
    double heapMb = heapMb(heap);
    Map<String, Object> growth = new LinkedHashMap<>();
    double cpSlope = fit(p, growth, "checkpoint size", x, points.stream().mapToDouble(Point::checkpointBytes).toArray(),
        1, "%.0f bytes per extra sensor", v -> String.format(Locale.ROOT, "%.1f MB", v / 1048576.0));
    double[] live = points.stream().mapToDouble(Point::liveHeapMb).toArray();
    fit(p, growth, "live heap", x, live, 1024, "%.2f KB per extra sensor",
        v -> String.format(Locale.ROOT, "%.0f MB", v));
    double[] cpMs = points.stream().mapToDouble(Point::checkpointMsP50).toArray();
    fit(p, growth, "checkpoint duration p50", x, cpMs, 1000, "%.1f ms per 1,000 sensors",
        v -> String.format(Locale.ROOT, "%.0f ms", v));
    double[] restore = points.stream().mapToDouble(Point::restoreMs).toArray();
    fit(p, growth, "restore time", x, restore, 1000, "%.0f ms per 1,000 sensors",
        v -> String.format(Locale.ROOT, "%.1f s", v / 1000));
    p.figures.put("growthPerSensor", growth);
    p.figures.put("checkpointBytesPerExtraSensor", Stats.round(cpSlope, 1));

    // Where each figure reaches its bound, on its fitted line (NaN: it does not grow towards it).
    Point behind = points.stream().filter(q -> q.publishedPerSec() < 0.95 * q.neededPerSec() || !q.keptUp())
        .findFirst().orElse(null);
    List<Object[]> limits = List.of(
        new Object[] {"live heap reaches the heap (" + heap + ")", reach(x, live, heapMb), over(x, live, heapMb)},
        new Object[] {"checkpoint duration reaches the interval (" + interval + " ms)", reach(x, cpMs, interval),
            over(x, cpMs, interval)},
        new Object[] {"restore reaches " + RESTORE_BOUND_MS / 1000 + " s", reach(x, restore, RESTORE_BOUND_MS),
            over(x, restore, RESTORE_BOUND_MS)},
        new Object[] {"publish and store rate (sensors / 10 a second)",
            behind == null ? Double.NaN : (double) behind.sensors(), Double.NaN});
    String first = null;
    double firstN = Double.POSITIVE_INFINITY;
    for (Object[] l : limits) {
      String name = (String) l[0];
      double at = (Double) l[1];
      String text;
      if (name.startsWith("publish")) {
        text = behind == null ? "not reached: kept up at every size" : String.format(Locale.ROOT, "reached at %,d "
            + "sensors (%,.0f of %,.0f readings/s published%s)", behind.sensors(), behind.publishedPerSec(),
            behind.neededPerSec(), behind.keptUp() ? "" : ", not all stored within " + (int) KEPT_UP_S + " s");
      } else {
        double measured = (Double) l[2];
        String fitted = Double.isNaN(at) ? "not in reach on the fitted line (it does not grow with the sensors)"
            : String.format(Locale.ROOT, "at about %,.0f sensors on the fitted line", at);
        text = Double.isNaN(measured) ? fitted
            : String.format(Locale.ROOT, "already passed at %,.0f sensors (measured); %s", measured, fitted);
        if (!Double.isNaN(measured)) {
          at = Math.min(Double.isNaN(at) ? measured : at, measured);
        }
      }
      p.row("scale: next limit: " + name, text);
      if (!Double.isNaN(at) && at < firstN) {
        firstN = at;
        first = name;
      }
    }
    p.figures.put("nextLimit", first == null ? "none in reach of the fits" : first);
    p.figures.put("nextLimitSensors", first == null ? "" : Math.round(firstN));
    p.note(first == null ? "no bound is in reach on the fitted lines (none of the figures grows towards its bound)"
        : String.format(Locale.ROOT, "the next limit: %s, at about %,.0f sensors on this machine (the fewer of the "
            + "first size measured above it and its straight line through %d sizes: a guide, not a promise)", first,
            Math.max(0, firstN), points.size()));
  }

  private static Point runSize(Services s, Results.Phase p, Map<String, Object> f, int n, int seconds, int warmup,
      int restoreWindow, boolean quick, String heap, Path logDir) throws Exception {
    String label = String.format(Locale.ROOT, "scale %dk: ", n / 1000);
    Log.say("  %,d sensors (%d sites), a report every 10 s, for %d s", n, n / 1000, seconds);
    String db = "bench_scale";
    Influx influx = s.influx();
    s.freshDatabase(db);
    s.freshBroker();
    Map<String, String> settings = EndToEndBench.jobSettings(s, db, "bench-scale");
    settings.put("bench.liveEveryMs", quick ? "10000" : "30000");
    settings.put("bench.checkpointLogLevel", "INFO");
    long interval = settings.containsKey(JobSettings.CHECKPOINT_INTERVAL_MS.key())
        ? Long.parseLong(settings.get(JobSettings.CHECKPOINT_INTERVAL_MS.key()))
        : JobSettings.CHECKPOINT_INTERVAL_MS.defaultValue();
    f.put("sensors", n);
    f.put("checkpointIntervalMs", interval);
    Path checkpoints = Path.of(settings.get(JobSettings.CHECKPOINT_DIR.key()));
    List<String> sites = new ArrayList<>();
    for (int i = 0; i < n / 1000; i++) {
      sites.add("scale-" + i);
    }
    SimulatorArgs args = new SimulatorArgs();
    new CommandLine(args).parseArgs("--sites", String.join(",", sites), "--rain-gauges", "500", "--slope-sensors",
        "500", "--interval", "PT10S", "--scenario", "calm", "--duration", "PT" + (seconds + restoreWindow) + "S",
        "--seed", "7");
    long sampleMs = quick ? 5_000 : 10_000;
    JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-scale-" + n + ".log"), settings, sampleMs, null,
        heap);
    AtomicReference<JobProcess> restored = new AtomicReference<>();
    try (Publisher pub = new Publisher(s.mqttUrl(), "bench-scale-pub", 2, 1_000)) {
      job.awaitStarted(120);
      DeviceFleet fleet = new DeviceFleet(args.options(s.mqttUrl()), System.currentTimeMillis() / 1000 * 1000);
      if (fleet.size() != n) {
        throw new IllegalStateException("the simulator made " + fleet.size() + " sensors, not " + n);
      }
      DeviceFleet.Message first = fleet.firstMessage();
      pub.awaitSubscriber(new Publisher.Message(first.topic(), first.payload()), 60_000);
      List<double[]> sizes = new ArrayList<>();
      long t0 = System.currentTimeMillis() / 1000 * 1000 + 1000;
      long end = t0 + seconds * 1000L;
      FleetFeed.Sent sent = FleetFeed.publish(fleet, pub, t0, end, REPORT_MS, 10, quick ? 10_000 : 30_000, since -> {
        JobProcess.Sample last = job.samples.isEmpty() ? null : job.samples.get(job.samples.size() - 1);
        long cp = MemoryBench.newestCheckpointBytes(checkpoints);
        sizes.add(new double[] {System.currentTimeMillis(), cp / 1048576.0});
        Log.say("  %3d s: %,d readings acknowledged by the broker; job heap after GC %s MB, checkpoint %.1f MB",
            since / 1000, pub.acked.get(),
            last == null ? "?" : String.format(Locale.ROOT, "%.0f", last.heapAfterGcMb()), cp / 1048576.0);
      }, () -> {});
      pub.drain(60_000);
      long lastPublish = System.currentTimeMillis();
      double secs = (lastPublish - t0) / 1000.0;
      long publishedA = pub.acked.get();
      long storedA = awaitStored(influx, db, publishedA, 300_000);
      double catchUp = (System.currentTimeMillis() - lastPublish) / 1000.0;
      long cpBytes = MemoryBench.newestCheckpointBytes(checkpoints);
      double needed = n * 1000.0 / REPORT_MS;
      double rate = publishedA / secs;
      f.put("seconds", Stats.round(secs, 1));
      f.put("readingsPublished", publishedA);
      f.put("readingsPerSecPublished", Math.round(rate));
      f.put("readingsPerSecNeeded", Math.round(needed));
      f.put("readingsStored", storedA);
      f.put("secondsToStoreAfterLastPublish", Stats.round(catchUp, 1));
      f.put("reportTimesPublished", sent.ticks());
      f.put("partsPublishedLate", sent.late());
      f.put("reportsAtMsMax", sent.reportsMsMax());
      p.row(label + "load", String.format(Locale.ROOT, "%,.0f readings/s published for %.0f s (needed %,.0f; the "
          + "simulator made each report time's %,d messages in at most %d ms); %,d stored of %,d, %.1f s after the "
          + "last publish", rate, secs, needed, n, sent.reportsMsMax(), storedA, publishedA, catchUp),
          "all stored, kept up", storedA < publishedA ? "NO: not all stored"
              : catchUp > KEPT_UP_S ? String.format(Locale.ROOT, "stored, but %.0f s behind", catchUp) : "yes");
      if (storedA >= publishedA && catchUp > KEPT_UP_S) {
        p.note(String.format(Locale.ROOT, "%,d sensors: the job stored the last readings %.0f s after the last "
            + "publish: it was behind", n, catchUp));
      }
      if (sent.late() > 0) {
        p.note(String.format(Locale.ROOT, "%,d sensors: %d of %d parts published more than 1 s late (the publishers "
            + "or the machine could not keep the schedule)", n, sent.late(), sent.ticks() * 10));
      }

      // Checkpoint size and duration.
      f.put("checkpointBytes", cpBytes);
      f.put("stateBytesPerSensor", cpBytes / n);
      p.row(label + "checkpoint size (state)", String.format(Locale.ROOT, "%.1f MB = %,d bytes per sensor",
          cpBytes / 1048576.0, cpBytes / n));
      List<Long> durations = new ArrayList<>();
      for (JobProcess.Checkpoint c : job.checkpoints) {
        if (c.t() >= t0 + warmup * 1000L && c.t() <= lastPublish) {
          durations.add(c.durationMs());
        }
      }
      double p50 = Stats.percentile(durations, 50);
      double max = Stats.percentile(durations, 100);
      f.put("checkpoints", durations.size());
      f.put("checkpointMsP50", p50);
      f.put("checkpointMsP95", Stats.percentile(durations, 95));
      f.put("checkpointMsMax", max);
      p.row(label + "checkpoint duration", durations.isEmpty() ? "no checkpoint lines (see the job's log)"
          : String.format(Locale.ROOT, "p50 %.0f ms, max %.0f ms (%d checkpoints, interval %d ms)", p50, max,
              durations.size(), interval), "< interval", durations.isEmpty() ? "?" : max < interval ? "yes" : "NO");
      // The checkpoint over time, after the warm-up: the first ones hold the sensors that had reported by then.
      MemoryBench.checkpointRow(p, f, label, sizes.stream().filter(c -> c[0] >= t0 + warmup * 1000L).toList(), t0);

      // Live heap over time.
      List<JobProcess.Sample> live = job.samples.stream().filter(x -> !Double.isNaN(x.liveHeapMb()))
          .filter(x -> x.t() >= t0 + warmup * 1000L && x.t() <= lastPublish + 2_000).toList();
      MemoryBench.fitRow(p, f, label, live, "live heap", JobProcess.Sample::liveHeapMb, t0, true);
      double liveMean = live.stream().mapToDouble(JobProcess.Sample::liveHeapMb).average().orElse(Double.NaN);
      f.put("liveHeapMb", Stats.round(liveMean, 1));
      f.put("heap", heap);
      f.put("samples", job.samples.stream().map(x -> Map.of("sinceStartS", Stats.round((x.t() - t0) / 1000.0, 1),
          "heapUsedMb", x.heapUsedMb(), "heapAfterGcMb", x.heapAfterGcMb(), "rssMb", x.rssMb(),
          "liveHeapMb", Double.isNaN(x.liveHeapMb()) ? "" : x.liveHeapMb())).toList());

      // Restore: the fleet goes on; the job is killed right after a checkpoint and a new one restores from it.
      long tB = System.currentTimeMillis() / REPORT_MS * REPORT_MS + REPORT_MS;
      long killAfter = tB + 5_000;
      AtomicBoolean killed = new AtomicBoolean();
      AtomicLong countAtKill = new AtomicLong(-1);
      AtomicLong firstNewAt = new AtomicLong();
      AtomicLong killedCheckpoint = new AtomicLong(-1);
      Map<String, String> again = new LinkedHashMap<>(settings);
      again.put(JobSettings.RESTORE.key(), "true");
      Thread[] watcher = new Thread[1];
      FleetFeed.publish(fleet, pub, tB, tB + restoreWindow * 1000L, REPORT_MS, 10, Long.MAX_VALUE / 4, since -> {},
          () -> {
            if (killed.get() || System.currentTimeMillis() < killAfter) {
              return;
            }
            JobProcess.Checkpoint c = job.checkpoints.isEmpty() ? null : job.checkpoints.get(job.checkpoints.size() - 1);
            if (c == null || c.t() < killAfter) {
              return;
            }
            killed.set(true);
            try {
              job.kill();
              killedCheckpoint.set(c.number());
              Log.say("  killed the job after checkpoint %d; starting a new one from it", c.number());
              restored.set(JobProcess.start(s.repo, logDir.resolve("job-scale-" + n + "-restored.log"), again,
                  sampleMs, null, heap));
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            watcher[0] = new Thread(() -> {
              try {
                long c0 = MemoryBench.storedReadings(influx, db);
                countAtKill.set(c0);
                long deadline = System.currentTimeMillis() + 300_000;
                while (System.currentTimeMillis() < deadline) {
                  if (MemoryBench.storedReadings(influx, db) > c0) {
                    firstNewAt.set(System.currentTimeMillis());
                    return;
                  }
                  Thread.sleep(200);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }, "bench-scale-restore-watch");
            watcher[0].setDaemon(true);
            watcher[0].start();
          });
      pub.drain(60_000);
      long publishedAll = pub.acked.get();
      if (watcher[0] != null) {
        watcher[0].join(240_000);
      }
      long storedAll = awaitStored(influx, db, publishedAll, 300_000);
      JobProcess second = restored.get();
      double restoreMs = Double.NaN;
      if (second == null) {
        p.row(label + "restore", "no checkpoint completed after the restart window began: not measured", "", "?");
      } else {
        restoreMs = firstNewAt.get() > 0 ? firstNewAt.get() - second.launchedAtMs : Double.NaN;
        double startedMs = second.startedAtMs > 0 ? second.startedAtMs - second.launchedAtMs : Double.NaN;
        f.put("restoredFromCheckpoint", killedCheckpoint.get());
        f.put("restoreMs", Double.isNaN(restoreMs) ? "" : Math.round(restoreMs));
        f.put("restoreJobStartedMs", Double.isNaN(startedMs) ? "" : Math.round(startedMs));
        f.put("readingsPublishedWithRestart", publishedAll);
        f.put("readingsStoredWithRestart", storedAll);
        f.put("noSubscriber", pub.noSubscriber.get());
        f.put("publishFailed", pub.failed.get());
        p.row(label + "restore", String.format(Locale.ROOT, "%.1f s from JVM launch to the first reading stored "
            + "(job submitted after %.1f s; from checkpoint %d)", restoreMs / 1000, startedMs / 1000,
            killedCheckpoint.get()), "<= " + RESTORE_BOUND_MS / 1000 + " s",
            !Double.isNaN(restoreMs) && restoreMs <= RESTORE_BOUND_MS ? "yes" : "NO");
        p.row(label + "readings across the restart", String.format(Locale.ROOT, "%,d stored of %,d published "
            + "(%,d before, %,d from the kill's run on)", storedAll, publishedAll, publishedA, publishedAll - publishedA),
            "nothing lost", storedAll >= publishedAll ? "yes" : "NO");
        if (storedAll < publishedAll) {
          Thread.sleep(5_000);
          long later = MemoryBench.storedReadings(influx, db);
          p.note(String.format(Locale.ROOT, "%,d sensors: %,d readings not stored when the wait ended; %s", n,
              publishedAll - storedAll, later > storedAll ? String.format(Locale.ROOT, "the count still rose (%,d "
                  + "5 s later): the job was behind, not known to have lost them", later)
                  : "the count had stopped: lost, or stuck in the job (see its log)"));
        }
        if (pub.failed.get() + pub.noSubscriber.get() > 0) {
          p.note(String.format(Locale.ROOT, "%,d sensors: %d publishes failed, %d had no subscriber", n,
              pub.failed.get(), pub.noSubscriber.get()));
        }
        if (!second.alive()) {
          p.note("the restored job JVM died; see " + second.log);
        }
      }
      return new Point(n, rate, needed, storedA >= publishedA && catchUp <= KEPT_UP_S, cpBytes, p50, max, liveMean, restoreMs);
    } finally {
      job.close();
      if (restored.get() != null) {
        restored.get().close();
      }
    }
  }

  /**
   * Polls the stored readings until {@code expected} are stored, the count has not moved for 30 s, or {@code waitMs}
   * passes; returns the last count. A job behind on its writes is waited for while it still stores.
   */
  private static long awaitStored(Influx influx, String db, long expected, long waitMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMs;
    long stored = MemoryBench.storedReadings(influx, db);
    long moved = System.currentTimeMillis();
    while (stored < expected && System.currentTimeMillis() < deadline && System.currentTimeMillis() - moved < 30_000) {
      Thread.sleep(1_000);
      long now = MemoryBench.storedReadings(influx, db);
      if (now > stored) {
        moved = System.currentTimeMillis();
      }
      stored = now;
    }
    return stored;
  }

  /** A growth row: {@code y} against the sensors, its slope times {@code per} formatted by {@code unit}. */
  private static double fit(Results.Phase p, Map<String, Object> growth, String name, double[] x, double[] y,
      double per, String unit, java.util.function.DoubleFunction<String> value) {
    StringBuilder at = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      at.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0fk %s", x[i] / 1000, value.apply(y[i])));
    }
    double slope = slope(x, y);
    growth.put(name.replace(' ', '_') + "_perSensor", Stats.round(slope, 6));
    p.row("scale: growth per sensor: " + name, Double.isNaN(slope) ? "unknown (" + at + ")"
        : String.format(Locale.ROOT, unit, slope * per) + " (" + at + ")");
    return slope;
  }

  /** Slope through the points whose y is known. */
  private static double slope(double[] x, double[] y) {
    List<double[]> known = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        known.add(new double[] {x[i], y[i]});
      }
    }
    return Stats.slope(known.stream().mapToDouble(k -> k[0]).toArray(), known.stream().mapToDouble(k -> k[1]).toArray());
  }

  /** The fewest sensors measured whose {@code y} is above {@code bound}; NaN when none is. */
  static double over(double[] x, double[] y, double bound) {
    double first = Double.NaN;
    for (int i = 0; i < x.length; i++) {
      if (y[i] > bound && (Double.isNaN(first) || x[i] < first)) {
        first = x[i];
      }
    }
    return first;
  }

  /** Sensors at which the fitted line of {@code y} reaches {@code bound}; NaN when it does not rise towards it. */
  static double reach(double[] x, double[] y, double bound) {
    double b = slope(x, y);
    if (Double.isNaN(b) || b <= 0) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    int k = 0;
    for (int i = 0; i < x.length; i++) {
      if (!Double.isNaN(y[i])) {
        mx += x[i];
        my += y[i];
        k++;
      }
    }
    double a = my / k - b * mx / k;
    return (bound - a) / b;
  }

  /** Megabytes of a heap option such as -Xmx1g or -Xmx1536m. */
  static double heapMb(String heap) {
    String v = heap.substring(heap.indexOf("-Xmx") + 4).toLowerCase(Locale.ROOT);
    double num = Double.parseDouble(v.replaceAll("[^0-9.]", ""));
    return v.endsWith("g") ? num * 1024 : v.endsWith("k") ? num / 1024 : v.endsWith("m") ? num : num / 1048576;
  }

  private static String sizesText(int[] sizes) {
    List<String> t = new ArrayList<>();
    for (int n : sizes) {
      t.add(String.format(Locale.ROOT, "%,d", n));
    }
    return String.join(" / ", t);
  }
}
