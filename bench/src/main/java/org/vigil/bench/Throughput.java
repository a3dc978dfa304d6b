package org.vigil.bench;

import java.util.Locale;

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
    CpuMeter cpu = CpuMeter.forRun(s, consumer, consumerPid);
    cpu.start();
    long t0 = System.currentTimeMillis();
    Thread publishing = new Thread(() -> {
      try {
        pub.send(warmup + 1, warmup + total + 1, 0, i -> Payloads.liveReading(i, lastTs), () -> true);
        pub.drain(120_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-" + consumer + "-publisher");
    publishing.start();
    double[] at = influx.awaitCount(db, "rain", "rain_mm", warmup + 1, total, t0 + budgetSeconds * 1000, 1_000, label);
    cpu.stop();
    long published = System.currentTimeMillis();
    publishing.join(1000);
    long stored = (long) at[3];
    boolean all = stored >= total;
    double end = all ? at[2] : System.currentTimeMillis();
    double rate = stored / ((end - t0) / 1000.0);
    double steady = Double.isNaN(at[1]) ? Double.NaN : 0.6 * total / ((at[1] - at[0]) / 1000.0);
    p.figures.put("measuredFromMs", t0);
    p.figures.put("measuredToMs", (long) end);
    p.figures.put("readings", total);
    p.figures.put("stored", stored);
    p.figures.put("allStored", all);
    p.figures.put("seconds", Stats.round((end - t0) / 1000.0, 2));
    p.figures.put("readingsPerSec", Math.round(rate));
    p.figures.put("steadyReadingsPerSec", Double.isNaN(steady) ? null : Math.round(steady));
    p.figures.put("publishFailures", pub.failed.get());
    p.figures.put("publishedBeforeCountDone", published - t0);
    p.row(label + " (MQTT -> " + consumer + " -> InfluxDB)", String.format(Locale.ROOT, "%,.0f readings/s", rate));
    p.row("  steady (20 %..80 % of the count)", Double.isNaN(steady) ? "n/a"
        : String.format(Locale.ROOT, "%,.0f readings/s", steady));
    p.row("  stored / published (count query)", String.format(Locale.ROOT, "%,d / %,d", stored, total), "all",
        all ? "yes" : "NO");
    cpu.report(p, "  " + label, total);
    return rate;
  }
}
