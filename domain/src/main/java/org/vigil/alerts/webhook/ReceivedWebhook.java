package org.vigil.alerts.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.vigil.core.AlertEvent;

/**
 * One request the {@link WebhookReceiver} got, accepted or not.
 *
 * @param id the {@code webhook-id} header, or null
 * @param timestamp the {@code webhook-timestamp} header, or null
 * @param headers all request headers (names lower-case)
 * @param body the body as received
 * @param event the decoded alert event of an {@code alert.<state>} body (standard or CloudEvents); null for a group,
 *     flapping or settled notification ({@link #notification()}) and when the body did not decode
 * @param verified whether the signature verified (the receiver answered 204 only then)
 * @param error why it was not verified or not decoded, or null
 * @param duplicate whether a verified delivery with this id had been received before (a retry or replay)
 * @param receivedAt when it arrived, by the receiver's clock
 */
public record ReceivedWebhook(
    String id,
    String timestamp,
    Map<String, List<String>> headers,
    String body,
    AlertEvent event,
    boolean verified,
    String error,
    boolean duplicate,
    Instant receivedAt) {

  /** The body as a notification (type and members), whatever its kind; throws {@link AlertJsonException}. */
  public NotificationBodies notification() {
    return NotificationBodies.parse(body);
  }
}
