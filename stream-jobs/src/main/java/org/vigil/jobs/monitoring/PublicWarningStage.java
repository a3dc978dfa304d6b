package org.vigil.jobs.monitoring;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.jobs.warning.WarningRequestDecoder;
import org.vigil.jobs.warning.WarningMessages;
import org.vigil.jobs.warning.WarningInput;
import org.vigil.jobs.warning.PublicWarningOptions;
import org.vigil.jobs.warning.PublicWarningFunction;
import org.vigil.jobs.warning.IssuedWarning;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.connectors.mqtt.source.MqttSource;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.jobs.warning.BroadcastCoverage;
import org.vigil.jobs.warning.BroadcastEncoders;
import org.vigil.jobs.warning.BroadcastFunction;
import org.vigil.jobs.warning.BroadcastOptions;
import org.vigil.jobs.audit.CommandAuditEncoder;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;

/**
 * The public-warning stage: alert transitions and requests by hand in, CAP 1.2 messages out on {@code
 * vigil/warnings/{incident}}, broadcast to the registry's loudspeakers with their coverage on {@code
 * vigil/broadcast/{incident}}.
 */
public final class PublicWarningStage {

  private static final Logger LOG = LoggerFactory.getLogger(PublicWarningStage.class);

  private PublicWarningStage() {}

  /**
   * The messages the alerts and requests issue (keyed by warning chain), their areas from the registry in force.
   *
   * @param inputs alert transitions and requests by hand
   * @param registry the registry's versions (broadcast), or null without a registry
   * @param initial the start-up registry, or null
   */
  public static SingleOutputStreamOperator<IssuedWarning> warnings(DataStream<WarningInput> inputs,
      PublicWarningOptions options, BroadcastStream<RegistryUpdate> registry, RegistryUpdate initial) {
    BroadcastStream<RegistryUpdate> versions = registry != null ? registry
        // Empty, derived from the inputs (never finished): without a registry areas are named by site.
        : inputs.flatMap((WarningInput a, Collector<RegistryUpdate> out) -> { })
            .returns(TypeInformation.of(RegistryUpdate.class)).name("no-registry-for-warnings")
            .broadcast(RegistryGateFunction.REGISTRY);
    return inputs.keyBy(WarningInput::key, Types.STRING).connect(versions)
        .process(new PublicWarningFunction(options, initial)).returns(TypeInformation.of(IssuedWarning.class))
        .uid("public-warnings").name("public-warnings");
  }

  /**
   * Attaches the stage (when warnings are on): the requests by hand ({@code VIGIL_WARNING_REQUESTS}), the warnings
   * and their MQTT output, and with a registry and a broadcast secret the loudspeaker broadcast.
   *
   * @param registry the registry's versions, or null without a registry
   * @return {@code deadLetters} with the refused requests added
   */
  public static DataStream<DeadLetter> attach(StreamExecutionEnvironment env, DataStream<AlertEvent> alerts,
      MonitoringConfig config, BroadcastStream<RegistryUpdate> registry, DataStream<DeadLetter> deadLetters) {
    PublicWarningOptions options = config.warnings();
    if (!options.enabled()) {
      return deadLetters;
    }
    BroadcastOptions broadcast = options.broadcast();
    DataStream<WarningInput> inputs = alerts.map(WarningInput::of).returns(TypeInformation.of(WarningInput.class))
        .name("warning-alerts");
    if (broadcast.readsRequests()) {
      MqttSource source = MqttSource.builder()
          .serverUri(config.mqttUrl())
          .security(config.mqttSecurity())
          .topicFilters(broadcast.requestsTopic() + "/+") // <base>/<identity>
          .withoutSharing()
          .clientIdPrefix(config.clientIdPrefix() + "-warning-requests")
          .sessionExpirySeconds(config.sessionExpirySeconds())
          .reconnectTimeout(config.mqttReconnectTimeout())
          .build();
      SingleOutputStreamOperator<WarningInput> requests =
          env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-warning-requests")
              .uid("mqtt-warning-requests").setParallelism(1)
              .process(new WarningRequestDecoder()).returns(TypeInformation.of(WarningInput.class))
              .uid("decode-warning-requests").name("decode-warning-requests").setParallelism(1);
      inputs = inputs.union(requests);
      deadLetters = deadLetters.union(requests.getSideOutput(WarningRequestDecoder.DEAD_LETTERS));
    }
    SingleOutputStreamOperator<IssuedWarning> warnings = warnings(inputs, options, registry, config.registry());
    deadLetters = deadLetters.union(warnings.getSideOutput(WarningRequestDecoder.DEAD_LETTERS));
    // Accepted requests in the command audit: series of their own (kind warning-issue, warning-lift), one writer.
    warnings.getSideOutput(PublicWarningFunction.AUDIT).sinkTo(MonitoringJob.influx(config, new CommandAuditEncoder()))
        .setParallelism(1).uid("influx-warning-commands").name("influx-warning-commands");
    warnings.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
            config.clientIdPrefix() + "-warnings", new WarningMessages()))
        .uid("mqtt-warnings").name("mqtt-warnings");
    if (!broadcast.enabled()) {
      return deadLetters;
    }
    if (registry == null) {
      LOG.info("no registry: warnings are not broadcast to loudspeakers (they are listed in the registry)");
      return deadLetters;
    }
    if (!broadcast.active()) {
      LOG.warn("VIGIL_BROADCAST_SECRET is not set: warnings are not broadcast to the registry's loudspeakers");
      return deadLetters;
    }
    SingleOutputStreamOperator<BroadcastCoverage> coverage = warnings
        .keyBy(IssuedWarning::incident, Types.STRING).connect(registry)
        .process(new BroadcastFunction(broadcast, config.registry()))
        .returns(TypeInformation.of(BroadcastCoverage.class)).uid("broadcast").name("broadcast");
    coverage.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(),
            config.clientIdPrefix() + "-broadcast", new BroadcastEncoders.CoverageMessages()))
        .uid("mqtt-broadcast").name("mqtt-broadcast");
    coverage.sinkTo(MonitoringJob.influx(config, BroadcastEncoders::coverage))
        .uid("influx-broadcast-coverage").name("influx-broadcast-coverage");
    coverage.getSideOutput(BroadcastFunction.OUTCOMES)
        .sinkTo(MonitoringJob.influx(config, BroadcastEncoders::delivery))
        .uid("influx-broadcast-deliveries").name("influx-broadcast-deliveries");
    return deadLetters;
  }
}
