package org.vigil.alerts.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic notification ids: {@code ntf_} + the first 20 hex digits (80 bits) of SHA-256 over the parts joined
 * by {@code |}. No dots, which the Standard Webhooks spec advises against in a webhook-id.
 */
public final class NotificationIds {

  private NotificationIds() {}

  public static String of(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d = sha.digest(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
      return "ntf_" + HexFormat.of().formatHex(d, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
