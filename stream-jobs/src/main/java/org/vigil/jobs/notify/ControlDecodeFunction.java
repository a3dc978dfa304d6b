package org.vigil.jobs.notify;

import org.vigil.jobs.audit.CommandAudit;
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
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.notify.ControlMessageException;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.core.DeadLetter;
import org.vigil.connectors.mqtt.source.MqttRecord;

/**
 * Decodes control messages (acks from {@code vigil/control/ack}, silences from {@code vigil/config/silences/+}); a
 * message that cannot be used goes to {@link #DEAD_LETTERS} with reason {@code ack_invalid} or {@code
 * silence_invalid} and the reason in words, and is counted ({@code acksInvalid}, {@code silencesInvalid}): bad
 * control input never fails the job. Payloads above {@link #MAX_CONTROL_BYTES} are refused unread; any exception
 * while reading a message (not only the expected refusals) refuses that message, so that no message can fail the
 * job, be redelivered from the broker's session after the restart, and fail it again.
 *
 * @param <T> {@link Ack} or {@link Silence}
 */
public final class ControlDecodeFunction<T> extends ProcessFunction<MqttRecord, T> {

  private static final Logger LOG = LoggerFactory.getLogger(ControlDecodeFunction.class);

  /** Rejected control messages. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("control-dead-letters") {};

  /** Silences accepted (set or lifted), with their author, for the command audit (acks are audited when decided). */
  public static final OutputTag<CommandAudit> AUDIT = new OutputTag<>("control-audit") {};

  /** Longest payload kept in a dead letter. */
  static final int MAX_PAYLOAD_CHARS = 4096;

  /** Largest control message read: an ack is about 200 bytes, a silence with 100 globs of 64 characters 20 KiB. */
  public static final int MAX_CONTROL_BYTES = 64 * 1024;

  private final boolean silences;
  private final String ackBase;
  private transient Counter invalid;

  private ControlDecodeFunction(boolean silences, String ackBase) {
    this.silences = silences;
    this.ackBase = ackBase;
  }

  /** Acks from {@code <ackBase>/<identity>} (author: the identity) and the old {@code <ackBase>} (anonymous). */
  public static ControlDecodeFunction<Ack> acks(String ackBase) {
    return new ControlDecodeFunction<>(false, ackBase);
  }

  public static ControlDecodeFunction<Ack> acks() {
    return acks(CommandTopics.ACK_BASE);
  }

  public static ControlDecodeFunction<Silence> silences() {
    return new ControlDecodeFunction<>(true, null);
  }

  @Override
  public void open(OpenContext openContext) {
    invalid = getRuntimeContext().getMetricGroup().counter(silences ? "silencesInvalid" : "acksInvalid");
  }

  @Override
  @SuppressWarnings("unchecked")
  public void processElement(MqttRecord in, Context ctx, Collector<T> out) {
    if (in.payload().length > MAX_CONTROL_BYTES) {
      refuse(in, ctx, "payload of " + in.payload().length + " bytes exceeds the limit of " + MAX_CONTROL_BYTES
          + " for a control message");
      return;
    }
    String payload = new String(in.payload(), StandardCharsets.UTF_8);
    T value;
    try {
      if (silences) {
        Silence silence = SilenceJson.decode(in.topic(), payload);
        String author = CommandTopics.silenceAuthor(in.topic());
        ctx.output(AUDIT, new CommandAudit(silence.isDeletion() ? "unsilence" : "silence", author,
            silence.createdBy(), silence.id(), in.topic(), in.receivedAtMs(), silence.comment()));
        value = (T) silence;
      } else {
        String author = CommandTopics.ackAuthor(ackBase, in.topic());
        value = (T) AckJson.decode(payload).withAuthor(author);
      }
    } catch (ControlMessageException e) {
      refuse(in, ctx, e.getMessage());
      return;
    } catch (RuntimeException e) { // a reader's defect must not become a restart loop: refuse, say what happened
      refuse(in, ctx, "could not be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
      return;
    }
    out.collect(value);
  }

  private void refuse(MqttRecord in, Context ctx, String why) {
    invalid.inc();
    String kind = silences ? "silence" : "ack";
    LOG.warn("{} on {} refused: {}", kind, in.topic(), why);
    String payload = new String(in.payload(), 0, Math.min(in.payload().length, MAX_PAYLOAD_CHARS),
        StandardCharsets.UTF_8);
    ctx.output(DEAD_LETTERS, new DeadLetter(in.topic(), kind + "_invalid", why, payload, in.payload().length,
        in.receivedAtMs()));
  }
}
