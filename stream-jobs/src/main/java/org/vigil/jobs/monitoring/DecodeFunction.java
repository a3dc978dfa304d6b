package org.vigil.jobs.monitoring;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.Frame;
import org.vigil.core.Reading;
import org.vigil.decode.DeadLetters;
import org.vigil.decode.DecodeException;
import org.vigil.decode.DecoderOptions;
import org.vigil.decode.FrameDecoder;
import org.vigil.decode.ReadingDecoder;
import org.vigil.decode.RejectReason;
import org.vigil.connectors.mqtt.source.MqttRecord;

/**
 * Decodes MQTT messages: readings to the main output, camera frames ({@code vigil/+/camera/+/frame}) to the
 * {@link #FRAMES} side output. Rejected input goes to the {@link #DEAD_LETTERS} side output with its reason and is
 * counted ({@code deadLetters} in total and per {@code reason}); it never fails the job. Accepted input is counted as
 * {@code readingsAccepted} and {@code framesAccepted}.
 */
public final class DecodeFunction extends ProcessFunction<MqttRecord, Reading> {

  /** Side output of rejected input. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  /** Side output of valid camera frames, for the vision stage. */
  public static final OutputTag<Frame> FRAMES = new OutputTag<>("frames") {};

  private final DecoderOptions options;
  private transient ReadingDecoder readings;
  private transient FrameDecoder frames;
  private transient Counter readingsAccepted;
  private transient Counter framesAccepted;
  private transient DeadLetterCounters rejected;

  public DecodeFunction(DecoderOptions options) {
    this.options = options;
  }

  @Override
  public void open(OpenContext openContext) {
    readings = new ReadingDecoder(options);
    frames = new FrameDecoder(options);
    MetricGroup group = getRuntimeContext().getMetricGroup();
    readingsAccepted = group.counter("readingsAccepted");
    framesAccepted = group.counter("framesAccepted");
    rejected = new DeadLetterCounters(group);
  }

  @Override
  public void processElement(MqttRecord in, Context ctx, Collector<Reading> out) {
    long now = ctx.timerService().currentProcessingTime();
    try {
      if (FrameDecoder.isFrameTopic(in.topic())) {
        Frame frame = frames.decode(in.topic(), in.payload(), in.receivedAtMs());
        framesAccepted.inc();
        ctx.output(FRAMES, frame);
      } else {
        Reading reading = readings.decode(in.topic(), in.payload(), now);
        readingsAccepted.inc();
        out.collect(reading);
      }
    } catch (DecodeException e) {
      rejected.inc(e.reason());
      ctx.output(DEAD_LETTERS, DeadLetters.of(in.topic(), in.payload(), e, in.receivedAtMs()));
    } catch (RuntimeException e) {
      // A decoder bug must not stop ingestion either: keep the input and say what happened.
      rejected.inc(RejectReason.MALFORMED_JSON);
      ctx.output(
          DEAD_LETTERS,
          DeadLetters.of(in.topic(), in.payload(), RejectReason.MALFORMED_JSON, "decoder failed: " + e, in.receivedAtMs()));
    }
  }
}
