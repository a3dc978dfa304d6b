package org.vigil.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.MqttSettings;

/**
 * Phase 2, Vigil end to end: readings published at QoS 1 through the job's MQTT source (two readers sharing the
 * subscription, acknowledged after each checkpoint), decoded, ordered, analysed, judged by the default rules and
 * stored in InfluxDB with checkpointing on; the rate is readings stored per second, and the run counts until every
 * one is stored.
 */
final class EndToEndBench {

  private EndToEndBench() {}

  /** Job settings given on the command line ({@code --set KEY=VALUE}), for every phase's job. */
  static final Map<String, String> OVERRIDES = new LinkedHashMap<>();

  /**
   * The job settings every phase shares: the bench's services, a fresh checkpoint folder, no restore, then the
   * command line's overrides.
   */
  static Map<String, String> jobSettings(Services s, String db, String prefix) {
    Map<String, String> m = new LinkedHashMap<>(OVERRIDES);
    m.put(MqttSettings.URL.key(), s.mqttUrl());
    m.put(InfluxSettings.URL.key(), s.influxUrl());
    m.put(InfluxSettings.DB.key(), db);
    m.put(InfluxSettings.USERNAME.key(), InfluxCredentials.BENCH);
    m.put(InfluxSettings.PASSWORD_FILE.key(), s.benchPasswordFile().toString());
    s.jobRetention(db);
    m.put(MqttSettings.CLIENT_PREFIX.key(), prefix);
    Path cp = s.state.resolve("checkpoints-" + prefix);
    Services.deleteTree(cp);
    m.put(JobSettings.CHECKPOINT_DIR.key(), cp.toString());
    m.put(JobSettings.RESTORE.key(), "false");
    m.put("log4j2.configurationFile", s.repo.resolve("bench/src/main/config/log4j2-job.properties").toString());
    return m;
  }

  static double run(Services s, Results.Phase p, long warmup, long total, long budgetSeconds, Path jfr, Path logDir)
      throws Exception {
    p.method(Throughput.method(warmup, total));
    p.method(String.format(Locale.ROOT, "the job: MonitoringJob.startLocal, parallelism 2, default rules, checkpoints "
        + "every 2 s, acks after checkpoints, %s heap, own JVM", JobProcess.HEAP));
    p.method("rate = measured readings stored / (time the count reached all - first measured publish); steady rate = "
        + "the middle 60 % (count from 20 % to 80 %); CPU per reading over the measured part only");
    String db = "bench_vigil";
    s.freshDatabase(db);
    s.freshBroker();
    Map<String, String> settings = jobSettings(s, db, "bench-e2e");
    try (JobProcess job = JobProcess.start(s.repo, logDir.resolve("job-e2e.log"), settings, 5_000, jfr);
        Publisher pub = new Publisher(s.mqttUrl(), "bench-e2e-pub", 2, 1_000)) {
      job.awaitStarted(90);
      double rate = Throughput.measure(s, p, pub, db, "Vigil end to end", "job", job.pid(), warmup, total,
          budgetSeconds);
      if (!job.alive()) {
        p.note("the job JVM died during the run; see " + job.log);
      }
      return rate;
    }
  }
}
