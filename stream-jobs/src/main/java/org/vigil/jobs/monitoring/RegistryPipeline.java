package org.vigil.jobs.monitoring;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.connectors.mqtt.source.MqttSource;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.core.Reading;
import org.vigil.core.SiteRisk;
import org.vigil.jobs.registry.DeviceHealthEncoder;
import org.vigil.jobs.registry.DeviceHealthFunction;
import org.vigil.jobs.registry.DeviceSeen;
import org.vigil.jobs.registry.FrameGateFunction;
import org.vigil.jobs.registry.NoDataFunction;
import org.vigil.jobs.registry.RegionRiskEncoders;
import org.vigil.jobs.registry.RegionRollupFunction;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.registry.RegistryUpdateFunction;
import org.vigil.jobs.rules.HealthRulesFunction;
import org.vigil.jobs.rules.RulesInput;
import org.vigil.jobs.rules.RulesetStatus;
import org.vigil.registry.DeviceHealth;
import org.vigil.registry.RegionRisk;

/**
 * The registry's part of the monitoring job, attached when {@code VIGIL_REGISTRY_FILE} names one:
 *
 * <pre>
 * registry file (version 0), then vigil/config/registry/&lt;identity&gt; (retained, versioned) -> validate -> broadcast
 *   decoded readings -> gate: unknown site / unknown device -> dead letters; registered -> on (and "seen", thinned)
 *   valid frames -> camera gate: unknown site / unregistered camera -> dead letters; registered -> crowd (and "seen")
 *   seen -> no-data watch (parallelism 1, wall clock) -> no-data alerts (with the other alerts)
 *   seen -> device health (parallelism 1, every minute) -> InfluxDB device_health (devices, sites, regions)
 *     -> keyBy scope/id: health rules in force (ruleset's health:, broadcast) -> health alerts (with the other alerts;
 *        never site risk, region risk or public warnings)
 *   site risk -> roll-up (parallelism 1) -> vigil/region/{region}/risk (retained), InfluxDB region_risk
 * </pre>
 *
 * Without a registry nothing of this is attached and the job is as before.
 */
final class RegistryPipeline {

  private final MonitoringConfig config;
  private final BroadcastStream<RegistryUpdate> registry;
  private final DataStream<RegistryUpdate> published;
  private final SingleOutputStreamOperator<Reading> readings;
  private final KeyedStream<Frame, String> frames;
  private final DataStream<DeadLetter> deadLetters;
  private final DataStream<AlertEvent> noData;
  private final DataStream<DeviceHealth> health;

  private RegistryPipeline(MonitoringConfig config, BroadcastStream<RegistryUpdate> registry,
      DataStream<RegistryUpdate> published, SingleOutputStreamOperator<Reading> readings,
      KeyedStream<Frame, String> frames, DataStream<DeadLetter> deadLetters, DataStream<AlertEvent> noData, DataStream<DeviceHealth> health) {
    this.config = config;
    this.registry = registry;
    this.published = published;
    this.readings = readings;
    this.frames = frames;
    this.deadLetters = deadLetters;
    this.noData = noData;
    this.health = health;
  }

  /** Attaches the gates, the registry updates and the no-data watch to the decoded readings and frames. */
  static RegistryPipeline attach(StreamExecutionEnvironment env, MonitoringConfig config, DataStream<Reading> decoded,
      DataStream<Frame> frames, WatermarkStrategy<MqttRecord> controlWatermarks) {
    RegistryUpdate initial = config.registry();
    DataStream<RegistryUpdate> updates;
    DataStream<DeadLetter> refused;
    if (config.registryTopic().equals("none")) {
      // Empty and never finished (a finished source would declare the end of event time downstream).
      updates = decoded.flatMap((Reading r, Collector<RegistryUpdate> out) -> { })
          .returns(TypeInformation.of(RegistryUpdate.class)).name("no-registry-updates");
      refused = null;
    } else {
      MqttSource source = MqttSource.builder()
          .serverUri(config.mqttUrl())
          .security(config.mqttSecurity())
          .topicFilters(CommandTopics.filter(config.registryTopic()))
          .withoutSharing()
          .clientIdPrefix(config.clientIdPrefix() + "-registry")
          .sessionExpirySeconds(config.sessionExpirySeconds())
          .reconnectTimeout(config.mqttReconnectTimeout())
          .build();
      SingleOutputStreamOperator<RegistryUpdate> judged = env.fromSource(source, controlWatermarks, "mqtt-registry")
          .uid("mqtt-registry")
          .setParallelism(1)
          .keyBy(r -> "registry", Types.STRING)
          .process(new RegistryUpdateFunction(initial, config.registryTopic()))
          .uid("registry-updates")
          .name("registry-updates")
          .setParallelism(1);
      DataStream<RulesetStatus> status = judged.getSideOutput(RegistryUpdateFunction.STATUS);
      status.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
              config.clientIdPrefix() + "-registry-status",
              new MqttEncoders.RulesetStatusMessages(config.registryTopic() + "/status")))
          .setParallelism(1).uid("mqtt-registry-status").name("mqtt-registry-status");
      updates = judged;
      refused = judged.getSideOutput(RegistryUpdateFunction.DEAD_LETTERS);
    }
    BroadcastStream<RegistryUpdate> broadcast = updates.broadcast(RegistryGateFunction.REGISTRY);
    SingleOutputStreamOperator<Reading> gated = decoded.connect(broadcast)
        .process(new RegistryGateFunction(initial))
        .returns(ReadingSerializer.TYPE)
        .uid("registry-gate")
        .name("registry-gate");
    SingleOutputStreamOperator<Frame> gatedFrames = frames.keyBy(Frame::subject, Types.STRING).connect(broadcast)
        .process(new FrameGateFunction(initial))
        .uid("registry-camera-gate")
        .name("registry-camera-gate");
    DataStream<DeadLetter> dead = gated.getSideOutput(RegistryGateFunction.DEAD_LETTERS)
        .union(gatedFrames.getSideOutput(RegistryGateFunction.DEAD_LETTERS));
    // Registered devices heard from, sensors and cameras alike.
    DataStream<DeviceSeen> seen = gated.getSideOutput(RegistryGateFunction.SEEN)
        .union(gatedFrames.getSideOutput(RegistryGateFunction.SEEN));
    if (refused != null) {
      dead = dead.union(refused);
    }
    // No-data alerts: wall-clock times, rare; event time of their own (idle between them) as the crowd alerts have,
    // so that noise control's event time is not held back by this input.
    DataStream<AlertEvent> noData = seen
        .keyBy(s -> NoDataFunction.KEY, Types.STRING)
        .connect(broadcast)
        .process(new NoDataFunction(initial))
        .returns(TypeInformation.of(AlertEvent.class))
        .uid("registry-no-data")
        .name("registry-no-data")
        .setParallelism(1)
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<AlertEvent>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrderMs()))
                .withTimestampAssigner((a, previous) -> a.updatedAtMs())
                .withIdleness(Duration.ofMillis(config.watermarkIdlenessMs())))
        .uid("registry-no-data-event-time")
        .name("registry-no-data-event-time")
        .setParallelism(1);
    // Device health: every health interval (1 minute), per device, site and region (online, reports against those
    // expected); judged by the ruleset's health rules in the judge stage (healthAlerts).
    SingleOutputStreamOperator<DeviceHealth> health = seen
        .keyBy(s -> NoDataFunction.KEY, Types.STRING)
        .connect(broadcast)
        .process(new DeviceHealthFunction(initial, config.deviceHealthIntervalMs()))
        .returns(TypeInformation.of(DeviceHealth.class))
        .uid("registry-device-health")
        .name("registry-device-health")
        .setParallelism(1);
    health.sinkTo(MonitoringJob.influx(config, new DeviceHealthEncoder())).setParallelism(1)
        .uid("influx-device-health").name("influx-device-health");
    // The camera gate is keyed by camera and hands each frame on in the same subtask: the crowd analysis, keyed the
    // same way at the same parallelism, takes them as they are (forward, chained) instead of a second shuffle of
    // every JPEG.
    KeyedStream<Frame, String> framesByCamera =
        DataStreamUtils.reinterpretAsKeyedStream(gatedFrames, Frame::subject, Types.STRING);
    return new RegistryPipeline(config, broadcast, refused == null ? null : updates, gated, framesByCamera, dead, noData,
        health);
  }

  /** The registry's versions in force, broadcast (the start-up one is {@link MonitoringConfig#registry()}). */
  BroadcastStream<RegistryUpdate> versions() {
    return registry;
  }

  /**
   * The registry versions accepted from the registry topic (an idle control source: no event time of its own), or
   * null when the registry is not published live ({@code VIGIL_REGISTRY_TOPIC=none}).
   */
  DataStream<RegistryUpdate> published() {
    return published;
  }

  /** Readings of registered devices. */
  SingleOutputStreamOperator<Reading> readings() {
    return readings;
  }

  /** Frames of registered cameras, keyed by camera as the camera gate already partitioned them. */
  KeyedStream<Frame, String> frames() {
    return frames;
  }

  /** Readings and frames of unknown sites and devices, refused registries. */
  DataStream<DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** No-data alerts of registered devices. */
  DataStream<AlertEvent> noDataAlerts() {
    return noData;
  }

  /**
   * Health alerts: every device's, site's and region's health judged by the ruleset's {@code health:} rules in force
   * ({@link HealthRulesFunction}, keyed by scope and id), with event time of their own (wall clock, idle between
   * them) like the no-data alerts. They join the other alerts for noise control, the feed, InfluxDB and webhooks, but
   * never site risk, region risk or public warnings ({@link org.vigil.core.HealthAlerts}).
   */
  DataStream<AlertEvent> healthAlerts(BroadcastStream<RulesInput> rules) {
    return health
        .keyBy(HealthRulesFunction::key, Types.STRING)
        .connect(rules)
        .process(new HealthRulesFunction(config.rules(), 3 * config.deviceHealthIntervalMs()))
        .returns(TypeInformation.of(AlertEvent.class))
        .uid("health-rules")
        .name("health-rules")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<AlertEvent>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrderMs()))
                .withTimestampAssigner((a, previous) -> a.updatedAtMs())
                .withIdleness(Duration.ofMillis(config.watermarkIdlenessMs())))
        .uid("health-rules-event-time")
        .name("health-rules-event-time");
  }

  /** Rolls the sites' risk up the region tree: retained {@code vigil/region/{region}/risk}, InfluxDB region_risk. */
  void rollUp(DataStream<SiteRisk> risk) {
    SingleOutputStreamOperator<RegionRisk> regions = risk
        .keyBy(r -> RegionRollupFunction.KEY, Types.STRING)
        .connect(registry)
        .process(new RegionRollupFunction(config.registry()))
        .returns(TypeInformation.of(RegionRisk.class))
        .uid("region-rollup")
        .name("region-rollup")
        .setParallelism(1);
    regions.sinkTo(MonitoringJob.influx(config, new RegionRiskEncoders.Points())).setParallelism(1)
        .uid("influx-region-risk").name("influx-region-risk");
    regions.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
            config.clientIdPrefix() + "-region-risk", new RegionRiskEncoders.Messages()))
        .setParallelism(1).uid("mqtt-region-risk").name("mqtt-region-risk");
  }
}
