package org.vigil.jobs.backtest;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

/**
 * The backtest as a Flink job in batch mode on a local MiniCluster: history chunks from InfluxDB -> readings with
 * their device time as the record timestamp -> keyed by sensor (batch mode sorts each key's records by timestamp) ->
 * the live job's {@link HazardAnalyticsFunction} -> keyed by site -> one {@link ReplayRulesFunction} per ruleset
 * (new and against, over the same metrics) -> the alert transitions, collected here. Crowd rules are replayed beside
 * it, in this process, over the stored crowd figures ({@link CrowdReplay}).
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
   */
  public record Result(List<BacktestAlert> alerts, long readingsRead, long lateSkipped, List<String> sensors,
      long outOfOrder, Duration elapsed, CrowdReplay.Result crowd) {

    /** A result without crowd rules. */
    public Result(List<BacktestAlert> alerts, long readingsRead, long lateSkipped, List<String> sensors,
        long outOfOrder, Duration elapsed) {
      this(alerts, readingsRead, lateSkipped, sensors, outOfOrder, elapsed, CrowdReplay.Result.none());
    }
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
    List<HistoryChunk> chunks = HistoryChunk.split(readFrom, o.toMs(), o.chunk().toMillis());
    BacktestProgress.INSTANCE.reset(chunks.size());
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironment(o.parallelism(), LocalFlink.loopback());
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);

    DataStream<Reading> readings = env.fromSequence(0, chunks.size() - 1).name("history-chunks")
        // Chunks older than the database's raw retention (policy raw, 30 days by default) come from the rollups.
        .flatMap(new ReadHistoryFunction(chunks, o.influxUrl(), o.database(), o.influx(),
            System.currentTimeMillis(), rawRetention(o)))
        .name("read-influxdb").uid("read-influxdb")
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Reading>forMonotonousTimestamps()
            .withTimestampAssigner((r, ts) -> r.timestampMs()))
        .name("device-time");
    KeyedStream<SensorMetrics, String> metrics = readings.keyBy(Reading::subject)
        .process(new HazardAnalyticsFunction(o.analytics())).name("hazard-analytics").uid("hazard-analytics")
        .keyBy(SensorMetrics::site);
    DataStream<BacktestAlert> alerts = metrics
        .process(new ReplayRulesFunction(BacktestAlert.NEW, newRules, o.toMs(), o.mode())).name("rules-new").uid("rules-new")
        .union(metrics.process(new ReplayRulesFunction(BacktestAlert.AGAINST, againstRules, o.toMs()))
            .name("rules-against").uid("rules-against"));

    Thread shown = progress ? BacktestProgress.INSTANCE.showOn(System.err, 500) : null;
    long started = System.nanoTime();
    String runId = java.util.UUID.randomUUID().toString();
    alerts.sinkTo(new LocalResultSink(runId)).name("alerts").uid("alerts");
    List<BacktestAlert> out;
    try {
      env.execute("vigil-backtest");
    } finally {
      out = LocalResultSink.take(runId);
      if (shown != null) {
        shown.interrupt();
        shown.join(2000);
      }
    }
    CrowdReplay.Result crowd;
    try (InfluxClient client = o.influx().client(o.influxUrl(), Duration.ofSeconds(60))) {
      crowd = CrowdReplay.run(client, o.database(), o.fromMs(), o.toMs(), o.warmup(), newRules,
          againstRules,
          System.currentTimeMillis(), rawRetention(o), o.mode());
    }
    out = new java.util.ArrayList<>(out);
    out.addAll(crowd.alerts());
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    BacktestProgress p = BacktestProgress.INSTANCE;
    LOG.info("backtest read {} readings of {} sensors in {} ms, {} alert transitions", p.readingsRead(),
        p.sensors().size(), elapsed.toMillis(), out.size());
    return new Result(out, p.readingsRead(), p.lateSkipped(), p.sensors().stream().sorted().toList(), p.outOfOrder(),
        elapsed, crowd);
  }

  /** The raw retention of the backtest's database; "forever" (no rollups read) when it has no Vigil policies. */
  private static Duration rawRetention(BacktestOptions o) throws InterruptedException {
    try (InfluxClient client = o.influx().client(o.influxUrl(), Duration.ofSeconds(30))) {
      return Retention.rawRetentionOf(client, o.database()).orElse(Duration.ofDays(365L * 1000));
    }
  }
}
