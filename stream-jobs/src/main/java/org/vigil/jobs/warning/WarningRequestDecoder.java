package org.vigil.jobs.warning;

import java.nio.charset.StandardCharsets;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.core.DeadLetter;

/**
 * Reads the warnings requested by hand ({@link WarningRequest#parse}); a request that cannot be read is a dead letter
 * {@value #REFUSED}, counted as {@code warningRequestsRefused}.
 */
public final class WarningRequestDecoder extends ProcessFunction<MqttRecord, WarningInput> {

  /** Reason of a request the job does not carry out. */
  public static final String REFUSED = "warning_request_refused";

  /** Requests refused, by the decoder and by the warning operator. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("warning-request-dead-letters") {};

  private transient Counter refused;

  @Override
  public void open(OpenContext ctx) {
    refused = getRuntimeContext().getMetricGroup().counter("warningRequestsRefused");
  }

  @Override
  public void processElement(MqttRecord in, Context ctx, Collector<WarningInput> out) {
    try {
      out.collect(WarningInput.of(WarningRequest.parse(in.topic(), in.payload(), in.receivedAtMs())));
    } catch (IllegalArgumentException e) {
      refused.inc();
      ctx.output(DEAD_LETTERS, refusal(in.topic(), new String(in.payload(), StandardCharsets.UTF_8),
          in.receivedAtMs(), e.getMessage()));
    }
  }

  /** A refused request as a dead letter. */
  static DeadLetter refusal(String topic, String payload, long receivedAtMs, String why) {
    String p = payload.length() > 4096 ? payload.substring(0, 4096) : payload;
    return new DeadLetter(topic, REFUSED, why, p, payload.getBytes(StandardCharsets.UTF_8).length, receivedAtMs);
  }
}
