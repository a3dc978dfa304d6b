package org.vigil.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Phase 2, Vigil end to end: readings published at QoS 1 through the job's MQTT source (two readers sharing the
 * subscription, acknowledged after each checkpoint), decoded, ordered, analysed, judged by the default rules and
 * stored in InfluxDB with checkpointing on; the rate is readings stored per second, and the run counts until every
 * one is stored.
 */
final class EndToEndBench {

  private EndToEndBench() {}

  /** The job settings every phase shares: the bench's services, a fresh checkpoint folder, no restore. */
  static Map<String, String> jobSettings(Services s, String db, String prefix) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("VIGIL_MQTT_URL", s.mqttUrl());
    m.put("VIGIL_INFLUX_URL", s.influxUrl());
    m.put("VIGIL_INFLUX_DB", db);
    m.put("VIGIL_MQTT_CLIENT_PREFIX", prefix);
    Path cp = s.state.resolve("checkpoints-" + prefix);
    Services.deleteTree(cp);
    m.put("VIGIL_CHECKPOINT_DIR", cp.toString());
    m.put("VIGIL_RESTORE", "false");
    m.put("log4j2.configurationFile", s.repo.resolve("bench/src/main/config/log4j2-job.properties").toString());
    return m;
  }

  /** Publishes {@code total} readings over {@code sensors} sensors, unpaced, one report a minute of device time each. */
  static Publisher.Message unpacedReading(long i, int sensors, long base) {
    int sensor = (int) (i % sensors);
    long seq = i / sensors;
    return new Publisher.Message(Payloads.topic(sensor), Payloads.reading(base + seq * 60_000L, seq));
  }

  static double run(Services s, Results.Phase p, long total, long budgetSeconds, Path jfr, Path logDir)
      throws Exception {
    int sensors = 2_000;
    p.method(String.format(Locale.ROOT, "%,d rain readings (~200 B JSON, %,d sensors at 4 sites, a report a minute "
        + "of device time each) published unpaced at QoS 1 by 2 Paho clients (window 1,000) into the job's MQTT "
        + "source; the job (MonitoringJob.startLocal, parallelism 2, default rules, checkpoints every 2 s, acks after "
        + "checkpoints, %s heap, own JVM) stores them; InfluxDB count polled every second", total, sensors,
        JobProcess.HEAP));
    p.method("rate = readings stored / (time the count reached all - first publish); steady rate = the middle 60 % "
        + "(count from 20 % to 80 %)");
    String db = "bench_vigil";
    Influx influx = new Influx(s.influxUrl());
    influx.fresh(db);
    s.freshBroker();
    Map<String, String> settings = jobSettings(s, db, "bench-e2e");
    long base = System.currentTimeMillis() - (total / sensors + 2) * 60_000L;
    try (JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-e2e.log"), settings, 5_000, jfr);
        Publisher pub = new Publisher(s.mqttUrl(), "bench-e2e-pub", 2, 1_000)) {
      job.awaitStarted(90);
      pub.awaitSubscriber(unpacedReading(0, sensors, base), 60_000); // reading 0, sent again below: same point
      Log.say("  job subscribed; publishing %,d readings", total);
      CpuMeter cpu = new CpuMeter().add("job", job.pid()).add("mosquitto", s.pid("mosquitto"))
          .add("influxdb", s.pid("influxdb")).add("publishers", ProcessHandle.current().pid());
      cpu.start();
      long t0 = System.currentTimeMillis();
      Thread publishing = new Thread(() -> {
        try {
          pub.send(0, total, 0, i -> unpacedReading(i, sensors, base), () -> true);
          pub.drain(120_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "bench-e2e-publisher");
      publishing.start();
      double[] at = influx.awaitCount(db, "rain", "rain_mm", total, t0 + budgetSeconds * 1000, 1_000, "Vigil");
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
      p.row("Vigil end to end (MQTT -> job -> InfluxDB)", String.format(Locale.ROOT, "%,.0f readings/s", rate));
      p.row("  steady (20 %..80 % of the count)", Double.isNaN(steady) ? "n/a"
          : String.format(Locale.ROOT, "%,.0f readings/s", steady));
      p.row("  stored / published (count query)", String.format(Locale.ROOT, "%,d / %,d", stored, total), "all",
          all ? "yes" : "NO");
      cpu.report(p, "  Vigil", total);
      if (!job.alive()) {
        p.note("the job JVM died during the run; see " + job.log);
      }
      return rate;
    }
  }
}
