package org.vigil.jobs.webhook;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.DeadLetter;

/**
 * Undelivered webhook outcomes as the project's {@link DeadLetter}s, for the dead-letter sinks ({@code
 * vigil/deadletter} and the InfluxDB {@code deadletter} measurement).
 *
 * <p>{@code topic} is {@code webhook/<endpoint>} (where the alert did not get to), {@code reason} is {@code
 * webhook_<outcome>} ({@code webhook_gave_up}, {@code webhook_rejected}, {@code webhook_queue_full}, {@code
 * webhook_disabled}, {@code webhook_unknown_endpoint}), {@code detail} names the endpoint, event id, attempts, last
 * status and the dispatcher's reason, and {@code payload} is the webhook body, so the alert can be re-sent by hand.
 */
public final class WebhookDeadLetters implements FlatMapFunction<DeliveryRecord, DeadLetter> {

  /** Longest payload kept, in characters; alert bodies are far smaller. */
  static final int MAX_PAYLOAD_CHARS = 8192;

  @Override
  public void flatMap(DeliveryRecord r, Collector<DeadLetter> out) {
    if (!r.delivered()) {
      out.collect(of(r));
    }
  }

  /** The dead letter of an undelivered outcome. */
  public static DeadLetter of(DeliveryRecord r) {
    String body = r.body() == null ? "" : r.body();
    String detail = "webhook " + r.endpoint() + " did not get " + r.eventId() + " (" + r.outcome().wireName() + ", "
        + r.attempts() + (r.attempts() == 1 ? " attempt" : " attempts")
        + (r.lastStatus() > 0 ? ", last status " + r.lastStatus() : "") + "): " + r.reason();
    return new DeadLetter("webhook/" + r.endpoint(), r.outcome().deadLetterReason(), detail,
        body.length() > MAX_PAYLOAD_CHARS ? body.substring(0, MAX_PAYLOAD_CHARS) : body,
        body.getBytes(StandardCharsets.UTF_8).length, r.recordedAtMs());
  }
}
