package org.vigil.jobs.backtest;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.connectors.influx.HistoryChunk;
import org.vigil.core.Reading;
import org.vigil.core.SensorMetrics;
import org.vigil.jobs.checkpoint.LocalFlink;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.Retention;
import org.vigil.jobs.monitoring.HazardAnalyticsFunction;
import org.vigil.jobs.monitoring.SensorMetricsSerializer;
import org.vigil.registry.HealthReplay;

/**
 * The backtest as a Flink job in batch mode on a local MiniCluster: history chunks from InfluxDB -> readings with
 * their device time as the record timestamp -> keyed by sensor (batch mode sorts each key's records by timestamp) ->
 * the live job's {@link HazardAnalyticsFunction} -> keyed by site -> one {@link ReplayRulesFunction} per ruleset
 * (new and against, over the same metrics) -> the alert transitions, collected here. Crowd rules are replayed beside
 * it, in this process, over the stored crowd figures ({@link CrowdReplay}); with a registry, so are the health rules,
 * over the readings' device times, battery and signal ({@link HealthReplay}).
 */
public final class BacktestJob {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestJob.class);

  /**
   * What a run found.
   *
   * @param alerts every alert transition of both rulesets, warm-up included, in arrival order
   * @param readingsRead readings read from InfluxDB (warm-up included)
   * @param lateSkipped rows stored as late readings, left out as the live analytics left them out
   * @param sensors sensors that had readings
   * @param outOfOrder readings that reached the rules older than an earlier one of their site (0 expected)
   * @param elapsed wall time of the Flink job and the crowd replay
   * @param crowd what the crowd replay read ({@link CrowdReplay.Result#none()} when no ruleset has crowd rules)
   * @param health what the health replay read ({@link HealthRun#NONE} when it did not run)
   */
  public record Result(List<BacktestAlert> alerts, long readingsRead, long lateSkipped, List<String> sensors,
      long outOfOrder, Duration elapsed, CrowdReplay.Result crowd, HealthRun health) {

    /** A result without crowd or health rules. */
    public Result(List<BacktestAlert> alerts, long readingsRead, long lateSkipped, List<String> sensors,
        long outOfOrder, Duration elapsed) {
      this(alerts, readingsRead, lateSkipped, sensors, outOfOrder, elapsed, CrowdReplay.Result.none(), HealthRun.NONE);
    }

    /** A result without health rules. */
    public Result(List<BacktestAlert> alerts, long readingsRead, long lateSkipped, List<String> sensors,
        long outOfOrder, Duration elapsed, CrowdReplay.Result crowd) {
      this(alerts, readingsRead, lateSkipped, sensors, outOfOrder, elapsed, crowd, HealthRun.NONE);
    }
  }

  /**
   * What the health replay did.
   *
   * @param replayed whether it ran (a registry was given and a ruleset has health rules)
   * @param reports readings of registered devices it counted as reports, before {@code fromMs} included
   * @param fromMs when the registry was taken to come into force: the start of the history read, or of the raw
   *     retention when that is later (older hours are rollups, whose rows are not reports)
   */
  public record HealthRun(boolean replayed, long reports, long fromMs) {
    /** It did not run. */
    public static final HealthRun NONE = new HealthRun(false, 0, 0);
  }

  private BacktestJob() {}

  /** Runs the backtest of two rulesets given as YAML (each read and checked once, here). */
  public static Result run(BacktestOptions o, String newYaml, String againstYaml, boolean progress) throws Exception {
    return run(o, RuleSetLoader.parse(newYaml, "new rules"), RuleSetLoader.parse(againstYaml, "against rules"),
        progress);
  }

  /** Runs the backtest and waits for it; shows progress on stderr when {@code progress} is true. */
  public static Result run(BacktestOptions o, RuleSet newRules, RuleSet againstRules, boolean progress)
      throws Exception {
    long readFrom = o.fromMs() - o.warmup().toMillis();
    long now = System.currentTimeMillis();
    Duration raw = rawRetention(o);
    List<HistoryChunk> chunks = HistoryChunk.split(readFrom, o.toMs(), o.chunk().toMillis());
    BacktestProgress.INSTANCE.reset(chunks.size());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), LocalFlink.loopback());
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);

    DataStream<Reading> readings = env.fromSequence(0, chunks.size() - 1).name("history-chunks")
        // Chunks older than the database's raw retention (policy raw, 30 days by default) come from the rollups.
        .flatMap(new ReadHistoryFunction(chunks, o.influxUrl(), o.database(), o.influx(), now, raw))
        .name("read-influxdb").uid("read-influxdb")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forMonotonousTimestamps()
            .withTimestampAssigner((r, ts) -> r.timestampMs()))
        .name("device-time");
    KeyedStream<SensorMetrics, String> metrics = readings.keyBy(Reading::subject)
        .process(new HazardAnalyticsFunction(o.analytics())).returns(SensorMetricsSerializer.TYPE)
        .name("hazard-analytics").uid("hazard-analytics")
        .keyBy(SensorMetrics::site);
    DataStream<BacktestAlert> alerts = metrics
        .process(new ReplayRulesFunction(BacktestAlert.NEW, newRules, o.toMs(), o.mode())).name("rules-new").uid("rules-new")
        .union(metrics.process(new ReplayRulesFunction(BacktestAlert.AGAINST, againstRules, o.toMs()))
            .name("rules-against").uid("rules-against"));

    String runId = java.util.UUID.randomUUID().toString();
    boolean health = o.registry() != null && !(newRules.health().isEmpty() && againstRules.health().isEmpty());
    if (health) {
      readings.map(r -> new HealthReplay.Report(r.subject(), r.timestampMs(), r.batteryV(), r.rssi()))
          .returns(TypeInformation.of(HealthReplay.Report.class)).name("health-reports").uid("health-reports")
          .sinkTo(new LocalResultSink<>(runId + "-reports")).name("health-reports-out").uid("health-reports-out");
    }
    Thread shown = progress ? BacktestProgress.INSTANCE.showOn(System.err, 500) : null;
    long started = System.nanoTime();
    alerts.sinkTo(new LocalResultSink<>(runId)).name("alerts").uid("alerts");
    List<BacktestAlert> out;
    List<HealthReplay.Report> reports;
    try {
      env.execute("vigil-backtest");
    } finally {
      out = LocalResultSink.take(runId);
      reports = LocalResultSink.take(runId + "-reports");
      if (shown != null) {
        shown.interrupt();
        shown.join(2000);
      }
    }
    CrowdReplay.Result crowd;
    try (InfluxClient client = o.influx().client(o.influxUrl(), Duration.ofSeconds(60))) {
      crowd = CrowdReplay.run(client, o.database(), o.fromMs(), o.toMs(), o.warmup(), newRules, againstRules, now, raw,
          o.mode());
    }
    List<BacktestAlert> all = new java.util.ArrayList<>(out);
    all.addAll(crowd.alerts());
    HealthRun healthRun = HealthRun.NONE;
    if (health) {
      long from = Math.max(readFrom, now - raw.toMillis());
      for (String run : List.of(BacktestAlert.NEW, BacktestAlert.AGAINST)) {
        RuleSet rules = run.equals(BacktestAlert.NEW) ? newRules : againstRules;
        HealthReplay.run(o.registry(), rules.health(), reports, from, o.toMs(), o.healthEvery().toMillis())
            .forEach(e -> all.add(new BacktestAlert(run, e)));
      }
      healthRun = new HealthRun(true, reports.stream().filter(r -> o.registry().device(r.subject()) != null).count(),
          from);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    BacktestProgress p = BacktestProgress.INSTANCE;
    LOG.info("backtest read {} readings of {} sensors in {} ms, {} alert transitions", p.readingsRead(),
        p.sensors().size(), elapsed.toMillis(), all.size());
    return new Result(all, p.readingsRead(), p.lateSkipped(), p.sensors().stream().sorted().toList(), p.outOfOrder(),
        elapsed, crowd, healthRun);
  }

  /** The raw retention of the backtest's database; "forever" (no rollups read) when it has no Vigil policies. */
  private static Duration rawRetention(BacktestOptions o) throws InterruptedException {
    try (InfluxClient client = o.influx().client(o.influxUrl(), Duration.ofSeconds(30))) {
      return Retention.rawRetentionOf(client, o.database()).orElse(Duration.ofDays(365L * 1000));
    }
  }
}
