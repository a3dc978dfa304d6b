package org.vigil.jobs.monitoring;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.ingest.decode.DeadLetters;
import org.vigil.ingest.decode.DecodeException;
import org.vigil.ingest.decode.DecoderOptions;
import org.vigil.ingest.decode.ReadingDecoder;
import org.vigil.ingest.decode.RejectReason;
import org.vigil.ingest.mqtt.source.MqttRecord;

/**
 * Decodes MQTT messages into readings. Rejected input goes to the {@link #DEAD_LETTERS} side output with its
 * reason and is counted ({@code deadLetters} in total and per {@code reason}); it never fails the job.
 */
public final class DecodeFunction extends ProcessFunction<MqttRecord, Reading> {

  /** Side output of rejected input. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final DecoderOptions options;
  private transient ReadingDecoder decoder;
  private transient Counter accepted;
  private transient Counter rejected;
  private transient Map<RejectReason, Counter> byReason;

  public DecodeFunction(DecoderOptions options) {
    this.options = options;
  }

  @Override
  public void open(OpenContext openContext) {
    decoder = new ReadingDecoder(options);
    MetricGroup group = getRuntimeContext().getMetricGroup();
    accepted = group.counter("readingsAccepted");
    rejected = group.counter("deadLetters");
    byReason = new EnumMap<>(RejectReason.class);
    for (RejectReason r : RejectReason.values()) {
      byReason.put(r, group.addGroup("reason", r.code()).counter("deadLetters"));
    }
  }

  @Override
  public void processElement(MqttRecord in, Context ctx, Collector<Reading> out) {
    long now = ctx.timerService().currentProcessingTime();
    Reading reading;
    try {
      reading = decoder.decode(in.topic(), in.payload(), now);
    } catch (DecodeException e) {
      rejected.inc();
      byReason.get(e.reason()).inc();
      ctx.output(DEAD_LETTERS, DeadLetters.of(in.topic(), in.payload(), e, in.receivedAtMs()));
      return;
    } catch (RuntimeException e) {
      // A decoder bug must not stop ingestion either: keep the input and say what happened.
      rejected.inc();
      byReason.get(RejectReason.MALFORMED_JSON).inc();
      ctx.output(
          DEAD_LETTERS,
          DeadLetters.of(in.topic(), in.payload(), RejectReason.MALFORMED_JSON, "decoder failed: " + e, in.receivedAtMs()));
      return;
    }
    accepted.inc();
    out.collect(reading);
  }
}
