package org.vigil.alerts.webhook;

/**
 * The final outcome of delivering one alert event to one endpoint.
 *
 * @param endpoint the endpoint's name
 * @param eventId the {@code webhook-id} sent ({@link org.vigil.core.AlertEvent#eventId()})
 * @param outcome what became of it
 * @param attempts HTTP attempts made (0 when nothing was sent)
 * @param lastStatus HTTP status of the last attempt, 0 when there was no response (I/O error, timeout, not sent)
 * @param latencyMs from {@code dispatch} to this outcome, by the dispatcher's clock
 * @param reason words for people: the status and a snippet of the response body, the I/O error, why it was skipped
 */
public record DeliveryResult(
    String endpoint, String eventId, Outcome outcome, int attempts, int lastStatus, long latencyMs, String reason) {

  /** Final outcomes. */
  public enum Outcome {
    /** A 2xx response. */
    DELIVERED,
    /** Not delivered: a non-retryable response (4xx other than 408/425/429, 3xx), or the retry budget ran out. */
    DEAD_LETTERED,
    /** The endpoint answered 410 Gone, now or earlier; nothing more is sent to it. */
    ENDPOINT_DISABLED,
    /** Not sent: the event's level is below the endpoint's minimum. */
    FILTERED,
    /** The dispatcher was closed first; the event may not have been delivered and can be dispatched again. */
    CANCELLED
  }

  public boolean delivered() {
    return outcome == Outcome.DELIVERED;
  }

  /**
   * Whether this is a dead letter because the retry budget ran out (every attempt got a retryable answer: 408, 425,
   * 429, 5xx, an I/O error or a timeout), as opposed to a non-retryable answer or a delivery never attempted.
   */
  public boolean retryBudgetSpent() {
    return outcome == Outcome.DEAD_LETTERED && attempts > 0
        && (lastStatus == 0 || ResponseClassifier.classify(lastStatus) == ResponseClassifier.Verdict.RETRY);
  }
}
