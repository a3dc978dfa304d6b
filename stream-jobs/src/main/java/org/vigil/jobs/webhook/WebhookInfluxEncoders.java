package org.vigil.jobs.webhook;

import org.vigil.jobs.influx.LineProtocol;

/** How webhook outcomes are stored in InfluxDB; use as an {@code InfluxEncoder<DeliveryRecord>}. */
public final class WebhookInfluxEncoders {

  private WebhookInfluxEncoders() {}

  /**
   * Measurement {@code webhook_deliveries}, tags {@code endpoint} and {@code outcome} ({@link
   * DeliveryRecord.Outcome#wireName()}); fields {@code event_id} (string: the webhook-id, i.e. the notification id),
   * {@code type} (string: {@code alert.opened}, {@code alert.group}, …), {@code attempts}, {@code status}, {@code
   * latency_ms} (integers), {@code reason} (string), and for an undelivered outcome {@code body} (string: the exact
   * body, so that {@code vigil alerts redeliver} can re-send it under the same id); time = when the outcome was
   * recorded, unique per endpoint, so every outcome is its own point.
   */
  public static void delivery(DeliveryRecord r, LineProtocol.Builder out) {
    out.measurement("webhook_deliveries")
        .tag("endpoint", r.endpoint())
        .tag("outcome", r.outcome().wireName())
        .field("event_id", r.eventId())
        .field("attempts", (long) r.attempts())
        .field("status", (long) r.lastStatus())
        .field("latency_ms", r.latencyMs())
        .field("reason", r.reason());
    if (!r.type().isEmpty()) {
      out.field("type", r.type());
    }
    if (!r.delivered() && !r.body().isEmpty()) {
      out.field("body", r.body());
    }
    out.timestamp(r.recordedAtMs());
  }
}
