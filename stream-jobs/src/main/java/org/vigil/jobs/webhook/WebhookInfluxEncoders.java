package org.vigil.jobs.webhook;

import org.vigil.jobs.influx.LineProtocol;

/** How webhook outcomes are stored in InfluxDB; use as an {@code InfluxEncoder<DeliveryRecord>}. */
public final class WebhookInfluxEncoders {

  private WebhookInfluxEncoders() {}

  /**
   * Measurement {@code webhook_deliveries}, tags {@code endpoint} and {@code outcome} ({@link
   * DeliveryRecord.Outcome#wireName()}); fields {@code event_id} (string), {@code attempts}, {@code status}, {@code
   * latency_ms} (integers), {@code reason} (string); time = when the outcome was recorded, unique per endpoint, so
   * every outcome is its own point.
   */
  public static void delivery(DeliveryRecord r, LineProtocol.Builder out) {
    out.measurement("webhook_deliveries")
        .tag("endpoint", r.endpoint())
        .tag("outcome", r.outcome().wireName())
        .field("event_id", r.eventId())
        .field("attempts", (long) r.attempts())
        .field("status", (long) r.lastStatus())
        .field("latency_ms", r.latencyMs())
        .field("reason", r.reason())
        .timestamp(r.recordedAtMs());
  }
}
