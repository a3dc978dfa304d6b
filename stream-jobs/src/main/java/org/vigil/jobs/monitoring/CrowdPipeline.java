package org.vigil.jobs.monitoring;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.jobs.crowd.AnalysedFrame;
import org.vigil.jobs.crowd.CrowdEncoders;
import org.vigil.jobs.crowd.CrowdOptions;
import org.vigil.jobs.crowd.CrowdRulesFunction;
import org.vigil.jobs.crowd.FrameAnalysisOperator;
import org.vigil.jobs.crowd.FrameAnalyzer;
import org.vigil.jobs.rules.RulesInput;
import org.vigil.jobs.rules.RulesetUpdate;

/**
 * The crowd part of the monitoring job:
 *
 * <pre>
 * valid frames, keyed by camera (with a registry, as the camera gate already partitioned them: no second shuffle)
 *   -> frame analysis (newest frame per camera, stale ones dropped and counted)
 *                                   |--(undecodable)--> dead letters
 *                                   +-> InfluxDB crowd (one point per zone)
 *                                   +-> vigil/{site}/camera/{cameraId}/detections
 *                                   +-> keyBy camera -> crowd rules of the ruleset in force -> alerts (joined with
 *                                        the job's alerts)            ^-- rulesets (broadcast: hot reload)
 * </pre>
 */
public final class CrowdPipeline {

  private CrowdPipeline() {}

  /** What the crowd pipeline gives back to the job: its alerts and dead letters, for the job's shared sinks. */
  public record Outputs(DataStream<AlertEvent> alerts, DataStream<DeadLetter> deadLetters) {}

  /** Attaches the pipeline to the job's valid frames, keyed by camera, and rulesets, with the OpenCV analyser. */
  public static Outputs attach(KeyedStream<Frame, String> frames, BroadcastStream<RulesInput> rules,
      MonitoringConfig config) {
    return attach(frames, rules, config, FrameAnalyzer.openCv(config.crowd()));
  }

  /** Attaches the pipeline with the given analysers (tests pass fakes). */
  public static Outputs attach(KeyedStream<Frame, String> frames, BroadcastStream<RulesInput> rules,
      MonitoringConfig config, FrameAnalyzer.Factory analyzers) {
    CrowdOptions options = config.crowd();
    SingleOutputStreamOperator<AnalysedFrame> analysed =
        frames
            .transform("crowd-analysis", TypeInformation.of(AnalysedFrame.class),
                new FrameAnalysisOperator(options, analyzers))
            .uid("crowd-analysis");
    analysed.sinkTo(MonitoringJob.influx(config, CrowdEncoders::crowd)).uid("influx-crowd").name("influx-crowd");
    analysed
        .sinkTo(new MqttPublishSink<>(config.mqttUrl(), config.mqttSecurity(), config.clientIdPrefix() + "-detections",
            new CrowdEncoders.Detections()))
        .uid("mqtt-detections").name("mqtt-detections");
    DataStream<AlertEvent> alerts =
        analysed
            .keyBy(AnalysedFrame::subject, Types.STRING)
            .connect(rules)
            .process(new CrowdRulesFunction(config.rules()))
            .uid("crowd-rules")
            .name("crowd-rules");
    return new Outputs(alerts, analysed.getSideOutput(FrameAnalysisOperator.DEAD_LETTERS));
  }
}
