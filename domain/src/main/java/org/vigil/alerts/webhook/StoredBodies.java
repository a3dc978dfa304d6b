package org.vigil.alerts.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A seal on the webhook bodies Vigil stores for redelivery (InfluxDB {@code webhook_deliveries}, field
 * {@code body_mac}): HMAC-SHA256 under the endpoint's signing secret over the endpoint's name, the webhook-id and the
 * body. {@code vigil alerts redeliver} re-sends, and so signs, only a body whose seal it can check with a secret of that
 * endpoint: a row someone wrote into the database, or a body someone changed there, is refused. Whoever can forge the
 * seal holds the secret already, and could sign webhooks without Vigil.
 */
public final class StoredBodies {

  private static final String CONTEXT = "vigil-stored-body.v1";

  private StoredBodies() {}

  /** The seal of {@code body} sent as {@code eventId} to {@code endpoint}, under the endpoint's current secret. */
  public static String seal(WebhookEndpoint endpoint, String eventId, String body) {
    return seal(WebhookSigner.decodeSecret(endpoint.secrets().get(0), "secret"), endpoint.name(), eventId, body);
  }

  /** Whether {@code seal} is that of this body under any of the endpoint's secrets (both, during a rotation). */
  public static boolean verify(WebhookEndpoint endpoint, String eventId, String body, String seal) {
    if (seal == null || seal.isEmpty()) {
      return false;
    }
    byte[] given = seal.getBytes(StandardCharsets.US_ASCII);
    for (String secret : endpoint.secrets()) {
      byte[] expected = seal(WebhookSigner.decodeSecret(secret, "secret"), endpoint.name(), eventId, body)
          .getBytes(StandardCharsets.US_ASCII);
      if (MessageDigest.isEqual(expected, given)) {
        return true;
      }
    }
    return false;
  }

  private static String seal(byte[] key, String endpoint, String eventId, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      // Lengths first, so that no shift of text between the parts gives the same input.
      String input = CONTEXT + "|" + endpoint.length() + ":" + endpoint + "|" + eventId.length() + ":" + eventId + "|"
          + body;
      return Base64.getEncoder().encodeToString(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
