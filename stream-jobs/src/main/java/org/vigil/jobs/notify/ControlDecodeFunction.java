package org.vigil.jobs.notify;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckJson;
import org.vigil.alerts.notify.ControlMessageException;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.core.DeadLetter;
import org.vigil.ingest.mqtt.source.MqttRecord;

/**
 * Decodes control messages (acks from {@code vigil/control/ack}, silences from {@code vigil/config/silences/+}); a
 * message that cannot be used goes to {@link #DEAD_LETTERS} with reason {@code ack_invalid} or {@code
 * silence_invalid} and the reason in words, and is counted ({@code acksInvalid}, {@code silencesInvalid}): bad
 * control input never fails the job.
 *
 * @param <T> {@link Ack} or {@link Silence}
 */
public final class ControlDecodeFunction<T> extends ProcessFunction<MqttRecord, T> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlDecodeFunction.class);

  /** Rejected control messages. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("control-dead-letters") {};

  /** Longest payload kept in a dead letter. */
  static final int MAX_PAYLOAD_CHARS = 4096;

  private final boolean silences;
  private transient Counter invalid;

  private ControlDecodeFunction(boolean silences) {
    this.silences = silences;
  }

  public static ControlDecodeFunction<Ack> acks() {
    return new ControlDecodeFunction<>(false);
  }

  public static ControlDecodeFunction<Silence> silences() {
    return new ControlDecodeFunction<>(true);
  }

  @Override
  public void open(OpenContext openContext) {
    invalid = getRuntimeContext().getMetricGroup().counter(silences ? "silencesInvalid" : "acksInvalid");
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(MqttRecord in, Context ctx, Collector<T> out) {
    String payload = new String(in.payload(), StandardCharsets.UTF_8);
    try {
      out.collect((T) (silences ? SilenceJson.decode(in.topic(), payload) : AckJson.decode(payload)));
    } catch (ControlMessageException | IllegalArgumentException | NullPointerException e) {
      invalid.inc();
      String kind = silences ? "silence" : "ack";
      LOG.warn("{} on {} refused: {}", kind, in.topic(), e.getMessage());
      ctx.output(DEAD_LETTERS, new DeadLetter(in.topic(), kind + "_invalid", e.getMessage(),
          payload.length() > MAX_PAYLOAD_CHARS ? payload.substring(0, MAX_PAYLOAD_CHARS) : payload,
          in.payload().length, in.receivedAtMs()));
    }
  }
}
