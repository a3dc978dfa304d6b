package org.vigil.jobs.webhook;

import java.util.Locale;

/**
 * The final outcome of delivering one notification to one endpoint, emitted by the delivery operator: stored in the
 * {@code webhook_deliveries} measurement ({@link WebhookInfluxEncoders}), and, when not delivered, a dead letter
 * ({@link WebhookDeadLetters}).
 *
 * @param endpoint the endpoint's name
 * @param eventId the {@code webhook-id}: the notification's id
 * @param outcome what became of it
 * @param attempts HTTP attempts since the delivery was (re)started; a restore starts a fresh retry budget
 * @param lastStatus HTTP status of the last attempt; 0 when there was no response or no attempt
 * @param latencyMs from the operator first receiving the event to this outcome, restarts included
 * @param reason words for people: the last status and response snippet, the I/O error, why it was not sent
 * @param recordedAtMs when the outcome was recorded (wall clock), strictly increasing per endpoint
 * @param body the webhook body when not delivered (the dead letter's payload, what {@code vigil alerts redeliver}
 *     re-sends), empty when delivered
 * @param type the notification's event type ({@code alert.opened}, {@code alert.group}, …); empty when unknown
 * @param bodySeal the body's seal ({@link org.vigil.alerts.webhook.StoredBodies}) when a body is kept, else empty
 */
public record DeliveryRecord(
    String endpoint,
    String eventId,
    Outcome outcome,
    int attempts,
    int lastStatus,
    long latencyMs,
    String reason,
    long recordedAtMs,
    String body,
    String type,
    String bodySeal) {

  public DeliveryRecord {
    type = type == null ? "" : type;
    body = body == null ? "" : body;
    bodySeal = bodySeal == null ? "" : bodySeal;
  }

  /** A record without a seal on its body. */
  public DeliveryRecord(String endpoint, String eventId, Outcome outcome, int attempts, int lastStatus, long latencyMs,
      String reason, long recordedAtMs, String body, String type) {
    this(endpoint, eventId, outcome, attempts, lastStatus, latencyMs, reason, recordedAtMs, body, type, "");
  }

  /** A record whose type is not known. */
  public DeliveryRecord(String endpoint, String eventId, Outcome outcome, int attempts, int lastStatus, long latencyMs,
      String reason, long recordedAtMs, String body) {
    this(endpoint, eventId, outcome, attempts, lastStatus, latencyMs, reason, recordedAtMs, body, "", "");
  }

  /** Final outcomes; every one but {@link #DELIVERED} is a dead letter. */
  public enum Outcome {
    /** A 2xx response. */
    DELIVERED,
    /** Every attempt of the retry budget got a retryable answer (408, 425, 429, 5xx, I/O error, timeout). */
    GAVE_UP,
    /** A non-retryable answer (4xx other than 408, 410, 425, 429; 3xx), or a body that could not be encoded. */
    REJECTED,
    /** The endpoint already had the maximum of pending deliveries; not attempted. */
    QUEUE_FULL,
    /** The endpoint answered 410 Gone (now or earlier, remembered in state); nothing more is sent to it. */
    DISABLED,
    /** Restored from a checkpoint for an endpoint no longer configured; not attempted. */
    UNKNOWN_ENDPOINT;

    /** Lower-case name, the InfluxDB tag value. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The dead letter's reason code, {@code webhook_<wire name>}, e.g. {@code webhook_gave_up}. */
    public String deadLetterReason() {
      return "webhook_" + wireName();
    }
  }

  public boolean delivered() {
    return outcome == Outcome.DELIVERED;
  }
}
