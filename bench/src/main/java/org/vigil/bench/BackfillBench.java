package org.vigil.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Phase 10: a gateway's multi-day backfill through the full analytics against the live rate, in one job and one run.
 * The job (as phase 2: parallelism 2, default rules, checkpoints every 2 s) first takes the live fleet's warm-up and
 * measured readings ({@link Throughput}), then a gateway that was offline for days resends the history of its 100
 * gauges, 5 minutes apart in device time, unpaced and interleaved gauge by gauge, as a gateway's store-and-forward
 * buffer does. Every reading goes through sensor-time ordering, the rain analytics and the rules (per-sensor event
 * time: nothing is late or dropped). Target: the backfill at least 50 % of the live rate.
 */
final class BackfillBench {

  /** The gateway's gauges: sensor numbers after the live fleet's, so their series are their own. */
  static final int GAUGES = 100;
  static final int FIRST_GAUGE = 100_000;
  static final long STEP_MS = 5 * 60_000L;

  private BackfillBench() {}

  static void run(Services s, Results.Phase p, long warmup, long live, long backfill, long budgetSeconds, Path logDir)
      throws Exception {
    long steps = backfill / GAUGES;
    double days = steps * STEP_MS / 86_400_000.0;
    p.method(Throughput.method(warmup, live));
    p.method(String.format(Locale.ROOT, "then a backfill of %,d readings: %d gauges of one gateway, each sending %,d"
        + " reports 5 min apart in device time (%.1f days of history ending an hour ago), unpaced, gauge by gauge in"
        + " turn, at QoS 1 by the same 2 clients; rate = readings stored per second until all are stored; the job as"
        + " phase 2 (parallelism 2, default rules, checkpoints every 2 s, %s heap, own JVM)", GAUGES * steps, GAUGES,
        steps, days, JobProcess.HEAP));
    String db = "bench_backfill";
    s.freshDatabase(db);
    s.freshBroker();
    Map<String, String> settings = EndToEndBench.jobSettings(s, db, "bench-backfill");
    try (JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-backfill.log"), settings, 5_000, null);
        Publisher pub = new Publisher(s.mqttUrl(), "bench-backfill-pub", 2, 1_000)) {
      job.awaitStarted(90);
      Results.Phase liveFigures = new Results.Phase("live", "live");
      double liveRate = Throughput.measure(s, liveFigures, pub, db, "live", "job", job.pid(), warmup, live,
          budgetSeconds);
      p.row("live fleet (MQTT -> job -> InfluxDB)", String.format(Locale.ROOT, "%,.0f readings/s (%,d stored of %,d)",
          liveRate, liveFigures.figures.get("stored"), live));

      long offset = 1 + warmup + live; // the probe, the warm-up and the live readings
      long total = GAUGES * steps;
      long startTs = System.currentTimeMillis() - 3_600_000L - steps * STEP_MS;
      Log.say("  backfill: %,d readings of %d gauges, %.1f days of device time", total, GAUGES, days);
      Influx influx = s.influx();
      Throughput.Run r = Throughput.measure(pub, influx, db, "backfill", "bench-backfill-publisher", 0, total, offset,
          i -> {
            int gauge = FIRST_GAUGE + (int) (i % GAUGES);
            long step = i / GAUGES;
            return new Publisher.Message(Payloads.topic(gauge), Payloads.reading(startTs + step * STEP_MS, step));
          }, null, budgetSeconds);
      double ratio = r.rate() / liveRate;
      p.figures.put("liveReadingsPerSec", Math.round(liveRate));
      p.figures.put("backfillReadings", total);
      p.figures.put("backfillStored", r.stored());
      p.figures.put("backfillReadingsPerSec", Math.round(r.rate()));
      p.figures.put("backfillToLive", Stats.round(ratio, 3));
      p.row("backfill (MQTT -> job -> InfluxDB)", String.format(Locale.ROOT, "%,.0f readings/s", r.rate()));
      p.row("  stored / published", String.format(Locale.ROOT, "%,d / %,d", r.stored(), total), "all",
          r.all() ? "yes" : "NO");
      p.row("backfill / live", String.format(Locale.ROOT, "%.0f %%", 100 * ratio), ">= 50 %",
          ratio >= 0.5 ? "yes" : "NO");
      long derived = influx.client().count(db, "SELECT count(\"value\") FROM \"derived\" WHERE \"metric\" = 'rain_1h'"
          + " AND \"sensor\" =~ /^g1[0-9]{5}$/");
      p.row("  rain_1h values derived from the backfill (one per reading analysed)",
          String.format(Locale.ROOT, "%,d of %,d", derived, total), "all", derived >= total ? "yes" : "NO");
      if (!job.alive()) {
        p.note("the job JVM died during the run; see " + job.log);
      }
    }
  }
}
