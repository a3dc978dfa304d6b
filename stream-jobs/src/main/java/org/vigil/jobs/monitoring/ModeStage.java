package org.vigil.jobs.monitoring;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.connectors.mqtt.source.MqttSource;
import org.vigil.core.DeadLetter;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.audit.CommandAuditEncoder;
import org.vigil.jobs.modes.ModeFunction;
import org.vigil.jobs.modes.ModeMessages;
import org.vigil.jobs.modes.ModeStatus;
import org.vigil.jobs.rules.SiteModes;

/**
 * The command-mode stage: switches requested on {@code vigil/control/mode/<identity>} in; each region's own mode kept
 * ({@link ModeFunction}, parallelism 1) and published retained on {@code vigil/mode/<region>}; accepted switches in
 * the command audit; refused ones dead letters; the sites' effective modes out to the rule operators and noise
 * control. Needs a registry (the region tree): without one, no requests are read and every site is daily.
 */
final class ModeStage {

  private static final Logger LOG = LoggerFactory.getLogger(ModeStage.class);

  private ModeStage() {}

  /** What the stage gives the job: the sites' modes and the refused requests. */
  record Modes(DataStream<SiteModes> siteModes, DataStream<DeadLetter> deadLetters) {}

  /** Attaches the stage; null without a registry. */
  static Modes attach(StreamExecutionEnvironment env, MonitoringConfig config, RegistryPipeline registry) {
    if (registry == null) {
      LOG.info("no registry: command modes are not read (every site is judged in daily mode)");
      return null;
    }
    MqttSource source = MqttSource.builder()
        .serverUri(config.mqttUrl())
        .security(config.mqttSecurity())
        .topicFilters(Topics.MODE_REQUESTS + "/+") // <base>/<identity>
        .withoutSharing()
        .clientIdPrefix(config.clientIdPrefix() + "-mode-requests")
        .sessionExpirySeconds(config.sessionExpirySeconds())
        .reconnectTimeout(config.mqttReconnectTimeout())
        .build();
    SingleOutputStreamOperator<ModeStatus> status =
        env.fromSource(source, MonitoringJob.CONTROL_WATERMARKS, "mqtt-mode-requests")
            .uid("mqtt-mode-requests").setParallelism(1)
            .keyBy(r -> ModeFunction.KEY, Types.STRING)
            .connect(registry.versions())
            .process(new ModeFunction(config.registry())).returns(TypeInformation.of(ModeStatus.class))
            .uid("modes").name("modes").setParallelism(1);
    status.sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(), config.clientIdPrefix() + "-modes",
            new ModeMessages()))
        .setParallelism(1).uid("mqtt-modes").name("mqtt-modes");
    status.getSideOutput(ModeFunction.AUDIT).sinkTo(MonitoringJob.influx(config, new CommandAuditEncoder()))
        .setParallelism(1).uid("influx-mode-commands").name("influx-mode-commands");
    return new Modes(status.getSideOutput(ModeFunction.SITE_MODES), status.getSideOutput(ModeFunction.DEAD_LETTERS));
  }
}
