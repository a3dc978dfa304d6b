package org.vigil.jobs.webhook;

/**
 * A delivery that has not reached its final outcome, as kept in the delivery operator's keyed state (one map per
 * endpoint, keyed by event id). Holds no secret: the body is the signed content, the signature is computed per
 * attempt.
 *
 * @param eventId the {@code webhook-id}
 * @param body the webhook body, exactly as sent on every attempt and after a restore
 * @param queuedAtMs when the operator first received it (wall clock), kept across restores for the latency
 */
public record PendingDelivery(String eventId, String body, long queuedAtMs) {}
