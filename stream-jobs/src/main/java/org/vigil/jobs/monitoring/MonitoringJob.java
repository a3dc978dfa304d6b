package org.vigil.jobs.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.core.Reading;
import org.vigil.core.SensorMetrics;
import org.vigil.core.SiteRisk;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.connectors.mqtt.source.MqttSource;
import org.vigil.jobs.checkpoint.CheckpointStore;
import org.vigil.jobs.checkpoint.LocalFlink;
import org.vigil.connectors.influx.InfluxEncoder;
import org.vigil.connectors.influx.InfluxSink;
import org.vigil.jobs.metrics.MicrometerReporterFactory;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.jobs.audit.CommandAudit;
import org.vigil.jobs.audit.CommandAuditEncoder;
import org.vigil.jobs.notify.ControlDecodeFunction;
import org.vigil.jobs.notify.Notify;
import org.vigil.jobs.notify.NotifyFunction;
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.jobs.rules.LiveRulesFunction;
import org.vigil.jobs.rules.RulesInput;
import org.vigil.jobs.rules.RulesetStatus;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.rules.RulesetUpdateFunction;
import org.vigil.jobs.webhook.DeliveryRecord;
import org.vigil.jobs.webhook.WebhookDelivery;
import org.vigil.jobs.webhook.WebhookInfluxEncoders;
import org.vigil.core.topics.Topics;

/**
 * The live monitoring job:
 *
 * <pre>
 * MQTT readings  -> decode --(bad input)--> dead letters -> vigil/deadletter + InfluxDB deadletter
 *  + frames          |  \--(valid frames)--> crowd pipeline (CrowdPipeline): analysis per camera, InfluxDB crowd,
 *                    |                       detections, crowd rules -> alerts (below), undecodable -> dead letters
 *                    v
 *   keyBy sensor: sensor time (the sensor's own device-time order, copies dropped) --(duplicate)--> dead letters
 *                    +-> InfluxDB (measurement per kind)
 *                    +-> hazard analytics (rain, slope, water level), same key and task
 *                          --(older than the sensor's state holds)--> InfluxDB late=true, dead letters (late)
 *                          -> InfluxDB derived
 *                          -> keyBy sensor: rules in force ---+--> alerts -> InfluxDB alerts, vigil/{site}/alerts/{level}
 *                          -> keyBy site: compound rules -----+     |
 *                             (rulesets from the retained rules topic, broadcast: hot reload)
 *                                                                   +-> keyBy site: noise control (Notify) <- acks
 *                                                                   |   (vigil/control/ack), silences (retained
 *                                                                   |   vigil/config/silences/+, broadcast)
 *                                                                   |     -> notifications -> webhooks (filtered per
 *                                                                   |        endpoint) -> InfluxDB webhook_deliveries
 *                                                                   |     -> ack decisions -> vigil/{site}/acks,
 *                                                                   |        accepted: InfluxDB alerts + alerts feed
 *                                                                   |     -> referrals (unacknowledged in time, up the
 *                                                                   |        region tree): InfluxDB alerts + alerts feed
 *                                                                        -> keyBy site: site risk -> InfluxDB site_risk,
 *                                                                                                    vigil/{site}/risk
 * </pre>
 *
 * With a registry ({@code VIGIL_REGISTRY_FILE}, {@link RegistryPipeline}): a gate after decode dead-letters readings of
 * unknown sites and devices, a no-data watch adds alerts for silent registered devices, site risks are rolled up the
 * region tree, and device health is stored every minute.
 *
 * <p>At least once end to end: the MQTT source acknowledges messages only after the checkpoint that covers them, and
 * every sink flushes (InfluxDB accepted, broker PUBACK, webhook delivered or dead-lettered) before a checkpoint
 * completes.
 */
public final class MonitoringJob {

  public static final String DEAD_LETTER_TOPIC = Topics.DEAD_LETTERS;

  private static final Logger LOG = LoggerFactory.getLogger(MonitoringJob.class);

  private MonitoringJob() {}

  /**
   * Entry point for {@code flink run}, Flink's REST API and local runs: settings from program arguments
   * ({@code --VIGIL_X=value}, {@link JobArguments}), then {@code -D} system properties, then the environment of the
   * process that runs {@code main} (the {@code flink run} client; the jobmanager for REST submissions).
   */
  public static void main(String[] args) throws Exception {
    Function<String, String> settings = JobArguments.parse(args).over(MonitoringConfig.environment());
    MonitoringConfig config = MonitoringConfig.from(settings);
    List<WebhookEndpoint> hooks = WebhookEndpoint.fromLookup(settings);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (env instanceof LocalStreamEnvironment) {
      env = localEnvironment(config);
    } else {
      env.enableCheckpointing(config.checkpointIntervalMs());
    }
    build(env, config, hooks);
    env.execute("vigil-monitoring");
  }

  /** Runs the job in this JVM (a Flink MiniCluster) without waiting for it. */
  public static JobClient startLocal(MonitoringConfig config, List<WebhookEndpoint> hooks) throws Exception {
    StreamExecutionEnvironment env = localEnvironment(config);
    build(env, config, hooks);
    return env.executeAsync("vigil-monitoring");
  }

  /**
   * A MiniCluster environment bound to loopback, checkpointing to {@link MonitoringConfig#checkpointDir()} and, unless
   * {@link MonitoringConfig#restore()} is off, resuming from the newest completed checkpoint found there: open alerts,
   * rain windows, the MQTT readers' splits and pending deliveries come back as they were, and the messages the broker
   * still holds for the readers' sessions (everything not covered by that checkpoint) are delivered again.
   */
  public static StreamExecutionEnvironment localEnvironment(MonitoringConfig config) {
    Configuration conf =
        LocalFlink.configuration(Path.of(config.checkpointDir()).toUri(), Duration.ofMillis(config.checkpointIntervalMs()));
    CheckpointStore store = new CheckpointStore(Path.of(config.checkpointDir()));
    Optional<CheckpointStore.Checkpoint> restoreFrom = config.restore() ? store.latest() : Optional.empty();
    store.checkRestorable(restoreFrom);
    if (restoreFrom.isPresent()) {
      CheckpointStore.Checkpoint c = restoreFrom.get();
      LOG.info("restoring from checkpoint {} of job {} ({}), completed {}", c.number(), c.jobId(), c.path(),
          Instant.ofEpochMilli(c.completedAtMs()));
      conf.setString("execution.state-recovery.path", c.path().toUri().toString());
      // State of operators that a newer version no longer has is skipped rather than refusing to start.
      conf.setString("execution.state-recovery.ignore-unclaimed-state", "true");
    } else {
      LOG.info(config.restore() ? "no completed checkpoint in {}: starting with empty state"
          : "VIGIL_RESTORE=false: starting with empty state (checkpoints go to {})", config.checkpointDir());
    }
    store.removeOtherJobs(restoreFrom);
    store.markLayout();
    conf.setString("execution.checkpointing.num-retained", "2");
    conf.setString("execution.checkpointing.min-pause", Math.min(500, config.checkpointIntervalMs() / 2) + " ms");
    conf.setString("restart-strategy.type", "exponential-delay");
    // Flink's metrics (dead letters per reason, writes, retries, deliveries, checkpoints) into Micrometer.
    conf.setString("metrics.reporter.micrometer.factory.class", MicrometerReporterFactory.class.getName());
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), conf);
    env.enableCheckpointing(config.checkpointIntervalMs());
    return env;
  }

  /**
   * Adds the job's operators to {@code env}, stage by stage: sources, decode (with the registry's gate), order (per
   * sensor device time), analyse (hazard analytics; camera frames through the crowd pipeline), judge (rules, site
   * risk), notify (noise control, acks, silences, escalation), deliver (MQTT feeds, webhooks, public warnings and
   * loudspeakers) and store (InfluxDB). Each stage takes and returns typed streams; rejected input from every stage
   * goes to one dead-letter stream.
   */
  public static void build(StreamExecutionEnvironment env, MonitoringConfig config, List<WebhookEndpoint> hooks) {
    // A record waits at most this long in a network buffer before it is sent on. Flink's default, 100 ms, applies at
    // each of the four hops between a reading and its webhook (sensor key, site key, noise control, delivery): about
    // 260 ms from device to webhook were measured on an idle job. 25 ms rather than less: at 5 ms a busy job sent
    // eight times as many, mostly small, buffers, and its CPU per reading and alert p99 at 5,000 readings/s were worse.
    env.setBufferTimeout(config.bufferTimeoutMs());
    List<DataStream<DeadLetter>> rejected = new ArrayList<>();

    DataStream<MqttRecord> raw = source(env, config);
    // The rules in force: the rules file at start, then every ruleset accepted from the retained rules topic,
    // broadcast to the rule operators, crowd rules included (hot reload: no restart, open alerts of unchanged rules
    // kept).
    SingleOutputStreamOperator<RulesetUpdate> rulesets = rulesetUpdates(env, config);
    rejected.add(rulesets.getSideOutput(RulesetUpdateFunction.DEAD_LETTERS));

    Decoded decoded = decode(env, raw, config, rejected);
    // Command modes (with a registry): each region's mode, switched by request; the sites' effective modes go to the
    // rule operators on the rules' broadcast (a switch applies at the next reading) and to noise control.
    ModeStage.Modes modes = ModeStage.attach(env, config, decoded.registry());
    DataStream<RulesInput> rulesIn = rulesets.map(RulesInput::of).returns(TypeInformation.of(RulesInput.class))
        .setParallelism(rulesets.getParallelism()).name("rules-in");
    if (modes != null) {
      rejected.add(modes.deadLetters());
      rulesIn = rulesIn.union(modes.siteModes().map(RulesInput::of).returns(TypeInformation.of(RulesInput.class))
          .setParallelism(1).name("modes-in"));
    }
    BroadcastStream<RulesInput> rules = rulesIn.broadcast(LiveRulesFunction.RULESET, ModesInForce.MODES);

    SingleOutputStreamOperator<Reading> ordered = order(decoded.registered(), config, rejected);
    SingleOutputStreamOperator<SensorMetrics> metrics = analyse(ordered, config, rejected);
    // Valid frames: analysed per camera (stale ones dropped), crowd points, detections, crowd alerts.
    CrowdPipeline.Outputs crowd = CrowdPipeline.attach(decoded.frames(), rules, config);
    rejected.add(crowd.deadLetters());

    Judged judged = judge(metrics, rules, crowd.alerts(), decoded.registry(), config);
    Notified notified = notify(env, config, judged.alerts(), rulesets, decoded.registry(),
        modes == null ? null : modes.siteModes(), rejected);
    deliver(env, config, hooks, judged, notified, decoded.registry(), rejected);
    store(config, ordered, metrics, judged, notified, rulesets, union(rejected));
  }

  /** Every reading and frame, from the broker's shared subscription (acknowledged after each checkpoint). */
  private static DataStream<MqttRecord> source(StreamExecutionEnvironment env, MonitoringConfig config) {
    MqttSource source =
        MqttSource.builder()
            .serverUri(config.mqttUrl())
            .security(config.mqttSecurity())
            .topicFilters(config.allTopicFilters().toArray(String[]::new))
            .sharedGroup(config.sharedGroup())
            .clientIdPrefix(config.clientIdPrefix())
            .sessionExpirySeconds(config.sessionExpirySeconds())
            .maxUnackedMessages(config.maxUnacked())
            .reconnectTimeout(config.mqttReconnectTimeout())
            .build();
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-readings").uid("mqtt-readings");
  }

  /** What decode hands on: the readings and frames of registered devices (all valid ones without a registry). */
  private record Decoded(DataStream<Reading> registered, KeyedStream<Frame, String> frames, RegistryPipeline registry) {}

  /**
   * Decode: payloads to readings and frames, bad input to dead letters with its reason. With a registry
   * (VIGIL_REGISTRY_FILE): readings and frames of unknown sites and devices are dead-lettered, registered devices
   * (cameras included) are watched for silence, and site risks are rolled up the region tree. Without one: every
   * valid reading and frame goes on.
   */
  private static Decoded decode(StreamExecutionEnvironment env, DataStream<MqttRecord> raw, MonitoringConfig config,
      List<DataStream<DeadLetter>> rejected) {
    SingleOutputStreamOperator<Reading> decoded =
        raw.process(new DecodeFunction(config.decoderOptions())).returns(ReadingSerializer.TYPE).uid("decode")
            .name("decode");
    rejected.add(decoded.getSideOutput(DecodeFunction.DEAD_LETTERS));
    DataStream<Frame> frames = decoded.getSideOutput(DecodeFunction.FRAMES);
    RegistryPipeline registry = config.registry() == null ? null
        : RegistryPipeline.attach(env, config, decoded, frames, CONTROL_WATERMARKS);
    if (registry != null) {
      rejected.add(registry.deadLetters());
      return new Decoded(registry.readings(), registry.frames(), registry);
    }
    return new Decoded(decoded, frames.keyBy(Frame::subject, Types.STRING), null);
  }

  /**
   * Order: event time = device time. The watermark (trailing the newest device time by VIGIL_MAX_OUT_OF_ORDER_MS, a
   * reader without readings marked idle) drives noise control's timers only: lateness, duplicates and order are judged
   * per sensor against its own progress (sensor-time), so a backfill or a slow clock never makes other readings
   * late. Per sensor, copies are dropped and readings handed on in device-time order however the parallel readers
   * interleaved them (a backfill is held for VIGIL_ANALYTICS_MAX_WAIT_MS of arrival time; live readings go on at
   * once).
   */
  private static SingleOutputStreamOperator<Reading> order(DataStream<Reading> readings, MonitoringConfig config,
      List<DataStream<DeadLetter>> rejected) {
    WatermarkStrategy<Reading> eventTime =
        WatermarkStrategy.<Reading>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrderMs()))
            .withTimestampAssigner((r, previous) -> r.timestampMs())
            .withIdleness(Duration.ofMillis(config.watermarkIdlenessMs()));
    SingleOutputStreamOperator<Reading> ordered =
        readings
            .assignTimestampsAndWatermarks(eventTime)
            .uid("event-time")
            .name("event-time")
            .keyBy(Reading::subject, Types.STRING)
            .process(new SensorTimeFunction(config.analyticsMaxWaitMs(), config.analytics().burstGapMs(),
                config.analyticsFreshMs(), config.duplicateHorizonMs()))
            .returns(ReadingSerializer.TYPE)
            .uid("sensor-time")
            .name("sensor-time");
    rejected.add(ordered.getSideOutput(SensorTimeFunction.DEAD_LETTERS));
    return ordered;
  }

  /**
   * Analyse, per sensor: rain accumulations, events and I-D ratios; slope velocity, tangent angle and failure
   * forecast; water-level rise. One SensorMetrics per reading, with the reading's own fields beside the derived
   * series. sensor-time's output is already partitioned by sensor (a keyed operator emits in the subtask of its key),
   * so this reuses that partitioning instead of shuffling again, and the two chain into one task (in the benchmark's
   * profile the serialization between per-sensor operators was a large part of the job's CPU per reading).
   */
  private static SingleOutputStreamOperator<SensorMetrics> analyse(SingleOutputStreamOperator<Reading> ordered,
      MonitoringConfig config, List<DataStream<DeadLetter>> rejected) {
    SingleOutputStreamOperator<SensorMetrics> metrics =
        DataStreamUtils.reinterpretAsKeyedStream(ordered, Reading::subject, Types.STRING)
            .process(new HazardAnalyticsFunction(config.analytics()))
            .returns(SensorMetricsSerializer.TYPE)
            .uid("hazard-analytics")
            .name("hazard-analytics");
    rejected.add(metrics.getSideOutput(HazardAnalyticsFunction.DEAD_LETTERS));
    return metrics;
  }

  /** What judging gives: every alert transition, and each site's risk. */
  private record Judged(DataStream<AlertEvent> alerts, SingleOutputStreamOperator<SiteRisk> risk) {}

  /**
   * Judge: the rules in force per sensor and per site (compound rules), the crowd alerts, and with a registry the
   * no-data alerts of silent registered devices; then each site's risk, the highest open level and what drives it.
   */
  private static Judged judge(SingleOutputStreamOperator<SensorMetrics> metrics, BroadcastStream<RulesInput> rules,
      DataStream<AlertEvent> crowdAlerts, RegistryPipeline registry, MonitoringConfig config) {
    DataStream<AlertEvent> alerts =
        DataStreamUtils.reinterpretAsKeyedStream(metrics, SensorMetrics::subject, Types.STRING) // same key as above
            .connect(rules)
            .process(new LiveRulesFunction(LiveRulesFunction.Scope.SENSOR, config.rules()))
            .uid("sensor-rules")
            .name("sensor-rules")
            .union(
                metrics
                    .keyBy(SensorMetrics::site, Types.STRING)
                    .connect(rules)
                    .process(new LiveRulesFunction(LiveRulesFunction.Scope.SITE, config.rules()))
                    .uid("site-rules")
                    .name("site-rules"))
            // Crowd alerts count towards the site's risk too. Frames carry no watermarks: give their alerts event
            // time of their own (and idleness), or noise control's event-time timers would never fire.
            .union(crowdAlerts.assignTimestampsAndWatermarks(
                    WatermarkStrategy.<AlertEvent>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrderMs()))
                        .withTimestampAssigner((a, previous) -> a.updatedAtMs())
                        .withIdleness(Duration.ofMillis(config.watermarkIdlenessMs())))
                .uid("crowd-alerts-event-time").name("crowd-alerts-event-time"));
    if (registry != null) {
      alerts = alerts.union(registry.noDataAlerts()); // registered devices that stopped or never reported
      // Device health judged by the ruleset's health rules: ops alerts, which site risk (and so region risk) and
      // public warnings pass over (HealthAlerts), but which noise control, the feed, InfluxDB and webhooks carry.
      alerts = alerts.union(registry.healthAlerts(rules));
    }
    SingleOutputStreamOperator<SiteRisk> risk =
        alerts.keyBy(AlertEvent::site, Types.STRING).process(new SiteRiskFunction()).uid("site-risk").name("site-risk");
    return new Judged(alerts, risk);
  }

  /**
   * What noise control gives: the notifications for webhooks, the referrals of alerts nobody acknowledged, the
   * operators' ack decisions, and the audit of every accepted command.
   */
  private record Notified(SingleOutputStreamOperator<Notification> notifications, DataStream<AlertEvent> referrals,
      DataStream<AckDecision> decisions, DataStream<CommandAudit> audit) {}

  /**
   * Notify: the transitions become notifications (grouped per site, flapping held, silences and inhibition applied);
   * operators' acks become acknowledged transitions; alerts nobody acknowledges in time are referred up the region
   * tree (the ruleset's escalation: section and the registry, live). Commands carry their sender's MQTT identity as
   * a topic level (CommandTopics): acks on <ack topic>/<identity>, silences on vigil/config/silences/<identity>/<id>;
   * the old topics without it are read as "anonymous".
   */
  private static Notified notify(StreamExecutionEnvironment env, MonitoringConfig config,
      DataStream<AlertEvent> alerts, SingleOutputStreamOperator<RulesetUpdate> rulesets, RegistryPipeline registry,
      DataStream<SiteModes> siteModes, List<DataStream<DeadLetter>> rejected) {
    Control<Ack> acks = control(env, config, config.ackTopic().equals("none") ? "none"
            : CommandTopics.filter(config.ackTopic()), "acks", ControlDecodeFunction.acks(config.ackTopic()),
        TypeInformation.of(Ack.class), alerts);
    Control<Silence> silences = control(env, config, config.silencesTopic(), "silences",
        ControlDecodeFunction.silences(), TypeInformation.of(Silence.class), alerts);
    rejected.add(acks.deadLetters());
    rejected.add(silences.deadLetters());
    SingleOutputStreamOperator<Notification> notifications =
        Notify.attach(alerts, acks.values(), silences.values(), config.notifyOptions(), new Notify.Escalation(
            config.rulesTopic().equals("none") ? null : rulesets, config.rules(),
            registry == null ? null : registry.published(), config.registry(), siteModes));
    DataStream<AckDecision> decisions = notifications.getSideOutput(NotifyFunction.ACK_DECISIONS);
    // The command audit: every accepted ack, silence and ruleset with its MQTT identity and the person it names.
    String ackBase = config.ackTopic();
    DataStream<CommandAudit> audit = decisions.filter(AckDecision::isAccepted).name("acks-accepted-audit")
        .map(d -> new CommandAudit("ack", d.ack().author(), d.ack().by(), d.ack().alertId(),
            Ack.ANONYMOUS.equals(d.ack().author()) ? ackBase : CommandTopics.ackTopic(ackBase, d.ack().author()),
            System.currentTimeMillis(), d.ack().comment()))
        .returns(TypeInformation.of(CommandAudit.class)).name("audit-acks")
        .union(silences.audit(), rulesets.getSideOutput(RulesetUpdateFunction.AUDIT));
    return new Notified(notifications, Notify.referred(notifications), decisions, audit);
  }

  /**
   * Deliver: each site's risk (retained) and every region's, the alert feed (with the acknowledged and referred
   * transitions; site risk and public warnings see neither, as neither changes a level), the answers to acks, public
   * warnings (OASIS CAP 1.2, retained per incident, broadcast to the registry's loudspeakers; refused requests are
   * dead letters), and webhooks (beside the stream, never blocking it or its checkpoints; pending ones are
   * checkpointed).
   */
  private static void deliver(StreamExecutionEnvironment env, MonitoringConfig config, List<WebhookEndpoint> hooks,
      Judged judged, Notified notified, RegistryPipeline registry, List<DataStream<DeadLetter>> rejected) {
    judged.risk().sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
            config.clientIdPrefix() + "-risk", new MqttEncoders.RiskMessages()))
        .uid("mqtt-site-risk").name("mqtt-site-risk");
    if (registry != null) {
      registry.rollUp(judged.risk()); // every region's risk: vigil/region/{region}/risk (retained), region_risk
    }
    notified.decisions().sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
            config.clientIdPrefix() + "-ack-decisions", new MqttEncoders.AckDecisionMessages()))
        .uid("mqtt-ack-decisions").name("mqtt-ack-decisions");
    judged.alerts().union(Notify.acknowledged(notified.notifications()), notified.referrals())
        .sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(), config.clientIdPrefix() + "-alerts",
            new MqttEncoders.AlertMessages()))
        .uid("mqtt-alerts").name("mqtt-alerts");
    DataStream<DeadLetter> refused = PublicWarningStage.attach(env, judged.alerts(), config,
        registry == null ? null : registry.versions(), union(rejected));
    rejected.clear();
    rejected.add(refused);
    if (!hooks.isEmpty()) {
      SingleOutputStreamOperator<DeliveryRecord> outcomes =
          WebhookDelivery.attachNotifications(notified.notifications(), hooks, config.webhookDelivery());
      outcomes.sinkTo(influx(config, WebhookInfluxEncoders::delivery))
          .uid("influx-webhook-deliveries").name("influx-webhook-deliveries");
      rejected.add(WebhookDelivery.deadLetters(outcomes));
    }
  }

  /**
   * Store, in InfluxDB: every reading (those older than what their sensor's analytics hold flagged late=true), the
   * derived series (at most one per sensor and VIGIL_DERIVED_INTERVAL), site risk, every alert transition with the
   * referrals, accepted acks, the command audit (one writer) and the dead letters, which also go to
   * vigil/deadletter.
   */
  private static void store(MonitoringConfig config, SingleOutputStreamOperator<Reading> ordered,
      SingleOutputStreamOperator<SensorMetrics> metrics, Judged judged, Notified notified,
      SingleOutputStreamOperator<RulesetUpdate> rulesets, DataStream<DeadLetter> deadLetters) {
    ordered.sinkTo(influx(config, InfluxEncoders::reading)).uid("influx-readings").name("influx-readings");
    metrics.getSideOutput(HazardAnalyticsFunction.NOT_ANALYSED)
        .sinkTo(influx(config, InfluxEncoders::lateReading))
        .uid("influx-late-readings")
        .name("influx-late-readings");
    metrics.getSideOutput(HazardAnalyticsFunction.DERIVED)
        .sinkTo(influx(config, InfluxEncoders::derived)).uid("influx-derived").name("influx-derived");
    judged.risk().sinkTo(influx(config, new InfluxEncoders.SiteRiskEncoder()))
        .uid("influx-site-risk").name("influx-site-risk");
    judged.alerts().union(notified.referrals()).sinkTo(influx(config, new InfluxEncoders.AlertEncoder()))
        .uid("influx-alerts").name("influx-alerts");
    notified.decisions().filter(AckDecision::isAccepted).name("acks-accepted")
        .sinkTo(influx(config, new InfluxEncoders.AckEncoder())).uid("influx-acks").name("influx-acks");
    notified.audit().sinkTo(influx(config, new CommandAuditEncoder())).setParallelism(1)
        .uid("influx-commands").name("influx-commands");
    deadLetters
        .sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(), config.clientIdPrefix() + "-deadletter",
            new MqttEncoders.DeadLetterMessages()))
        .uid("mqtt-deadletters").name("mqtt-deadletters");
    // One writer: its encoder moves a clash of reason, slot and millisecond to the next free millisecond, which two
    // parallel writers could not see of each other. Dead letters are few; one subtask keeps up.
    deadLetters
        .sinkTo(influx(config, new InfluxEncoders.DeadLetterEncoder()))
        .setParallelism(1)
        .uid("influx-deadletters").name("influx-deadletters");
  }

  /** One stream of the given ones (at least one). */
  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    DataStream<T> first = streams.get(0);
    return streams.size() == 1 ? first : first.union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
  }

  /**
   * Rulesets published on the rules topic (a plain, non-shared subscription of parallelism 1, so the retained
   * ruleset arrives on every start), judged by {@link RulesetUpdateFunction}: accepted ones go on to the rule
   * operators; every decision is published retained on {@code <topic>/status} and stored in InfluxDB
   * {@code rule_changes}.
   */
  /**
   * The rules stream is a control stream with no event time of its own: it is marked idle for good
   * ({@link #CONTROL_WATERMARKS}), so that the rule operators' event time, the minimum over their active inputs,
   * follows the readings alone and their timers (pending, keep-firing, deadman) fire. It used to declare the maximum
   * watermark instead; then, whenever every reader went idle (no readings for VIGIL_WATERMARK_IDLENESS_MS), the rule
   * operators' only active input said "maximum", their event time jumped to the end of time and every deadman timer
   * fired at once, and noise control downstream released every silenced transition.
   */
  private static final WatermarkStrategy<MqttRecord> RULES_WATERMARKS = MonitoringJob.controlWatermarks();

  private static SingleOutputStreamOperator<RulesetUpdate> rulesetUpdates(StreamExecutionEnvironment env, MonitoringConfig config) {
    if (config.rulesTopic().equals("none")) {
      return env.fromData(List.of(config.rules()), TypeInformation.of(RulesetUpdate.class)).name("rules-file");
    }
    MqttSource source =
        MqttSource.builder()
            .serverUri(config.mqttUrl())
            .security(config.mqttSecurity())
            .topicFilters(CommandTopics.filter(config.rulesTopic())) // <rules>/<identity> and the old <rules>
            .withoutSharing()
            .clientIdPrefix(config.clientIdPrefix() + "-rules")
            .sessionExpirySeconds(config.sessionExpirySeconds())
            .reconnectTimeout(config.mqttReconnectTimeout())
            .build();
    SingleOutputStreamOperator<RulesetUpdate> updates =
        env.fromSource(source, RULES_WATERMARKS, "mqtt-rules")
            .uid("mqtt-rules")
            .setParallelism(1)
            .keyBy(r -> "rules", Types.STRING)
            .process(new RulesetUpdateFunction(config.rules(), config.rulesTopic()))
            .uid("ruleset-updates")
            .name("ruleset-updates")
            .setParallelism(1);
    DataStream<RulesetStatus> status = updates.getSideOutput(RulesetUpdateFunction.STATUS);
    status.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(), config.clientIdPrefix() + "-rules-status",
            new MqttEncoders.RulesetStatusMessages(Topics.status(config.rulesTopic()))))
        .setParallelism(1).uid("mqtt-rules-status").name("mqtt-rules-status");
    status.sinkTo(influx(config, new InfluxEncoders.RuleChangeEncoder())).setParallelism(1)
        .uid("influx-rule-changes").name("influx-rule-changes");
    return updates;
  }

  /**
   * Watermarks of the ack and silence streams: none, and the stream is marked idle for good. Idle, it is left out of
   * the minimum that gives noise control its event time, which so follows the alert stream alone. (The maximum
   * watermark, as the rules stream uses, would not do: when the readings go idle, an operator whose only active input
   * says "maximum" jumps to the end of time and fires every timer, releasing every silenced transition.)
   */
  static final WatermarkStrategy<MqttRecord> CONTROL_WATERMARKS = controlWatermarks();

  private static WatermarkStrategy<MqttRecord> controlWatermarks() {
    return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<MqttRecord>() {
      @Override
      public void onEvent(MqttRecord event, long eventTimestamp, WatermarkOutput output) {}

      @Override
      public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
      }
    });
  }

  /** A decoded control input, its refused messages and its audit records (silences; acks are audited decided). */
  private record Control<T>(DataStream<T> values, DataStream<DeadLetter> deadLetters, DataStream<CommandAudit> audit) {}

  /**
   * A control input (acks or silences): a plain, non-shared subscription of parallelism 1 (retained silences arrive
   * on every start), idle for event time ({@link #CONTROL_WATERMARKS}: noise control's timers follow the alerts),
   * decoded by {@link ControlDecodeFunction}; empty streams when the topic is
   * {@code none}.
   */
  private static <T> Control<T> control(StreamExecutionEnvironment env, MonitoringConfig config, String topic,
      String name, ControlDecodeFunction<T> decode, TypeInformation<T> type, DataStream<AlertEvent> alerts) {
    if (topic.equals("none")) {
      // Empty, but derived from the alerts so that it carries their watermarks: a finished bounded source would
      // say "maximum" and, with the readings idle, move noise control's event time to the end of time.
      return new Control<>(alerts.flatMap((AlertEvent a, Collector<T> out) -> { }).returns(type).name("no-" + name),
          alerts.flatMap((AlertEvent a, Collector<DeadLetter> out) -> { })
              .returns(TypeInformation.of(DeadLetter.class)).name("no-" + name + "-dead"),
          alerts.flatMap((AlertEvent a, Collector<CommandAudit> out) -> { })
              .returns(TypeInformation.of(CommandAudit.class)).name("no-" + name + "-audit"));
    }
    MqttSource source =
        MqttSource.builder()
            .serverUri(config.mqttUrl())
            .security(config.mqttSecurity())
            .topicFilters(topic)
            .withoutSharing()
            .clientIdPrefix(config.clientIdPrefix() + "-" + name)
            .sessionExpirySeconds(config.sessionExpirySeconds())
            .reconnectTimeout(config.mqttReconnectTimeout())
            .build();
    SingleOutputStreamOperator<T> decoded = env.fromSource(source, CONTROL_WATERMARKS, "mqtt-" + name)
        .uid("mqtt-" + name)
        .setParallelism(1)
        .process(decode)
        .returns(type)
        .uid("decode-" + name)
        .name("decode-" + name)
        .setParallelism(1);
    return new Control<>(decoded, decoded.getSideOutput(ControlDecodeFunction.DEAD_LETTERS),
        decoded.getSideOutput(ControlDecodeFunction.AUDIT));
  }

  /** An InfluxDB sink with the job's settings (database, credentials, outage and buffer limits), for any encoder. */
  public static <T> InfluxSink<T> influx(MonitoringConfig c, InfluxEncoder<T> encoder) {
    var b = InfluxSink.<T>builder().url(c.influxUrl()).database(c.influxDatabase()).encoder(encoder)
        .maxOutage(c.influxMaxOutage()).maxBufferedLines(c.influxMaxBufferedLines()).flushWait(c.influxFlushWait())
        .checkpointBacklog(Math.min(c.influxCheckpointBacklog(), c.influxMaxBufferedLines()));
    b.credentials(c.influxCredentials());
    return b.build();
  }
}
