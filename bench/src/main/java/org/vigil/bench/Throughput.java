package org.vigil.bench;

import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The measurement phases 2 and 6 share: a consumer (the job or the peer) subscribed to the bench's broker takes
 * readings published unpaced and stores them in InfluxDB. First a warm-up of readings that are not counted, until
 * every one is stored (the JVM's JIT compilers or V8's take a large share of the two cores in the first tens of
 * seconds, and the sustained rate is what counts); then the measured readings, continuing each sensor's series,
 * counted until all are stored.
 */
final class Throughput {

  static final int SENSORS = 2_000;

  private Throughput() {}

  static String method(long warmup, long total) {
    return String.format(Locale.ROOT, "%,d rain readings (~200 B JSON, %,d sensors at 4 sites, live: each stamped "
        + "with the time it is sent; dry: every rule is judged, none opens) published unpaced at QoS 1 by 2 Paho "
        + "clients (window 1,000); first %,d warm-up readings, not counted, until all are stored; then the %,d "
        + "measured ones, continuing each sensor's series; InfluxDB count polled every second", warmup + total, SENSORS, warmup,
        total);
  }

  /**
   * Publishes {@code warmup} readings and waits until they are stored, then measures {@code total} more; puts the
   * figures and rows into {@code p} and returns the rate (readings stored per second of the measured part).
   *
   * @param consumer CPU meter entry of the consumer (name and pid), measured with broker, database and publishers
   */
  static double measure(Services s, Results.Phase p, Publisher pub, String db, String label, String consumer,
      long consumerPid, long warmup, long total, long budgetSeconds) throws Exception {
    return measure(s, p, pub, db, label, consumer, CpuMeter.forRun(s, consumer, consumerPid), warmup, total,
        budgetSeconds);
  }

  /**
   * As above, with the CPU meter {@code cpu} (the consumer's processes, broker, database and publishers), for a
   * consumer of more than one process.
   */
  static double measure(Services s, Results.Phase p, Publisher pub, String db, String label, String consumer,
      CpuMeter cpu, long warmup, long total, long budgetSeconds) throws Exception {
    Influx influx = s.influx();
    long[] lastTs = new long[SENSORS];
    // The probe is the sensor's seq 0 at one time; the readings below are new points.
    pub.awaitSubscriber(Payloads.liveReading(0, lastTs), 60_000);
    if (warmup > 0) {
      Log.say("  %s subscribed; warm-up: %,d readings, not counted", label, warmup);
      long w0 = System.currentTimeMillis();
      pub.send(1, warmup + 1, 0, i -> Payloads.liveReading(i, lastTs), () -> true);
      pub.drain(120_000);
      double[] w = influx.awaitCount(db, "rain", "rain_mm", 1, warmup, w0 + budgetSeconds * 1000, 1_000,
          label + " warm-up");
      if (w[3] < warmup) {
        throw new IllegalStateException(label + " stored only " + (long) w[3] + " of " + warmup
            + " warm-up readings within " + budgetSeconds + " s");
      }
      p.figures.put("warmupReadings", warmup);
      p.figures.put("warmupSeconds", Stats.round((w[2] - w0) / 1000.0, 2));
    }
    Log.say("  publishing %,d measured readings", total);
    Run r = measure(pub, influx, db, label, "bench-" + consumer + "-publisher", warmup + 1, total, warmup + 1,
        i -> Payloads.liveReading(i, lastTs), cpu, budgetSeconds);
    double steady = Double.isNaN(r.at()[1]) ? Double.NaN : 0.6 * total / ((r.at()[1] - r.at()[0]) / 1000.0);
    p.figures.put("measuredFromMs", r.t0());
    p.figures.put("measuredToMs", (long) r.end());
    p.figures.put("readings", total);
    p.figures.put("stored", r.stored());
    p.figures.put("allStored", r.all());
    p.figures.put("seconds", Stats.round((r.end() - r.t0()) / 1000.0, 2));
    p.figures.put("readingsPerSec", Math.round(r.rate()));
    p.figures.put("steadyReadingsPerSec", Double.isNaN(steady) ? null : Math.round(steady));
    p.figures.put("publishFailures", pub.failed.get());
    p.figures.put("publishedBeforeCountDone", r.countedAt() - r.t0());
    p.row(label + " (MQTT -> " + consumer + " -> InfluxDB)", String.format(Locale.ROOT, "%,.0f readings/s", r.rate()));
    p.row("  steady (20 %..80 % of the count)", Double.isNaN(steady) ? "n/a"
        : String.format(Locale.ROOT, "%,.0f readings/s", steady));
    p.row("  stored / published (count query)", String.format(Locale.ROOT, "%,d / %,d", r.stored(), total), "all",
        r.all() ? "yes" : "NO");
    cpu.report(p, "  " + label, total);
    return r.rate();
  }

  /**
   * One measured stretch: from {@code t0}, when publishing began, until all were stored ({@code end}, the count's
   * interpolated time) or the budget ran out (then {@code end} is when it did).
   *
   * @param at the count's times at 20 %, 80 % and all of the readings, and the last count ({@link Influx#awaitCount})
   * @param countedAt when the count was done (all stored, or the budget over)
   */
  record Run(long t0, double end, long stored, boolean all, double rate, double[] at, long countedAt) {}

  /**
   * Publishes the messages {@code from} .. {@code from + total - 1} of {@code generator} unpaced from a thread of its
   * own and polls InfluxDB's count of {@code rain.rain_mm} every second until {@code offset + total} points are stored
   * (the {@code offset} points stored before: the probe, a warm-up, earlier stretches) or {@code budgetSeconds} pass.
   * The rate is the readings stored per second since publishing began.
   *
   * @param cpu CPU meter running while the count goes on, or null
   */
  static Run measure(Publisher pub, Influx influx, String db, String label, String threadName, long from, long total,
      long offset, LongFunction<Publisher.Message> generator, CpuMeter cpu, long budgetSeconds) throws Exception {
    if (cpu != null) {
      cpu.start();
    }
    long t0 = System.currentTimeMillis();
    Thread publishing = new Thread(() -> {
      try {
        pub.send(from, from + total, 0, generator, () -> true);
        pub.drain(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, threadName);
    publishing.start();
    double[] at = influx.awaitCount(db, "rain", "rain_mm", offset, total, t0 + budgetSeconds * 1000, 1_000, label);
    if (cpu != null) {
      cpu.stop();
    }
    long countedAt = System.currentTimeMillis();
    publishing.join(1_000);
    long stored = (long) at[3];
    boolean all = stored >= total;
    double end = all ? at[2] : System.currentTimeMillis();
    return new Run(t0, end, stored, all, stored / ((end - t0) / 1000.0), at, countedAt);
  }
}
