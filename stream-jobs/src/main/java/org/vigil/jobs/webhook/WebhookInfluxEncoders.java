package org.vigil.jobs.webhook;

import org.vigil.connectors.influx.LineProtocol;

/** How webhook outcomes are stored in InfluxDB; use as an {@code InfluxEncoder<DeliveryRecord>}. */
public final class WebhookInfluxEncoders {

  private WebhookInfluxEncoders() {}

  /**
   * Measurement {@code webhook_deliveries}, tags {@code endpoint} and {@code outcome} ({@link
   * DeliveryRecord.Outcome#wireName()}); fields {@code event_id} (string: the webhook-id, i.e. the notification id),
   * {@code type} (string: {@code alert.opened}, {@code alert.group}, …), {@code attempts}, {@code status}, {@code
   * latency_ms} (integers), {@code reason} (string), and for an undelivered outcome {@code body} (string: the exact
   * body, so that {@code vigil alerts redeliver} can re-send it under the same id) with {@code body_mac}
   * (string: its seal, {@link org.vigil.alerts.webhook.StoredBodies}, without which it is not re-sent); time = when the outcome was
   * recorded, strictly increasing per endpoint in the job (one delivery subtask per endpoint), so every outcome the
   * job records is its own point.
   */
  public static void delivery(DeliveryRecord r, LineProtocol.Builder out) {
    out.measurement("webhook_deliveries")
        .tag("endpoint", r.endpoint())
        .tag("outcome", r.outcome().wireName());
    rest(r, out);
  }

  /**
   * An outcome recorded by {@code vigil alerts redeliver}: as {@link #delivery} plus the tag {@code origin=redeliver}.
   * The command runs beside the job and stamps its records with its own clock, so one of its outcomes and one of the
   * job's for the same endpoint could fall in the same millisecond; the tag puts them in different series.
   */
  public static void redelivery(DeliveryRecord r, LineProtocol.Builder out) {
    out.measurement("webhook_deliveries")
        .tag("endpoint", r.endpoint())
        .tag("origin", "redeliver")
        .tag("outcome", r.outcome().wireName());
    rest(r, out);
  }

  private static void rest(DeliveryRecord r, LineProtocol.Builder out) {
    out.field("event_id", r.eventId())
        .field("attempts", (long) r.attempts())
        .field("status", (long) r.lastStatus())
        .field("latency_ms", r.latencyMs())
        .field("reason", r.reason());
    if (!r.type().isEmpty()) {
      out.field("type", r.type());
    }
    if (!r.delivered() && !r.body().isEmpty()) {
      out.field("body", r.body());
      if (!r.bodySeal().isEmpty()) {
        out.field("body_mac", r.bodySeal());
      }
    }
    out.timestamp(r.recordedAtMs());
  }
}
