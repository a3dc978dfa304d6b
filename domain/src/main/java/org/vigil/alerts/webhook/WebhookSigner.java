package org.vigil.alerts.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook messages as the Standard Webhooks specification asks: HMAC-SHA256 over
 * {@code "{msgId}.{timestampSeconds}.{body}"} with the key that is the base64-decoded part of a {@code whsec_…}
 * secret, serialized as {@code v1,<base64>}.
 *
 * <p>During a secret rotation an endpoint has two secrets; the header then carries one signature per secret,
 * space-separated, and a consumer holding either secret accepts it. Instances are immutable and thread-safe.
 */
public final class WebhookSigner {

  /** Prefix of a serialized symmetric secret. */
  public static final String SECRET_PREFIX = "whsec_";
  /** Version tag of a symmetric (HMAC-SHA256) signature. */
  public static final String VERSION = "v1";

  static final String HMAC = "HmacSHA256";
  /** Key size of generated secrets; the spec asks for at least 24 bytes. */
  static final int GENERATED_KEY_BYTES = 32;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final List<byte[]> keys;

  /**
   * @param secrets one or more {@code whsec_<base64>} secrets (the prefix may be omitted, as the reference libraries
   *     allow); the first is the current one
   * @throws IllegalArgumentException when there is none or one is not base64; the message never contains a secret
   */
  public WebhookSigner(List<String> secrets) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook signer needs at least one secret");
    }
    List<byte[]> k = new ArrayList<>(secrets.size());
    for (int i = 0; i < secrets.size(); i++) {
      k.add(decodeSecret(secrets.get(i), "secret #" + (i + 1)));
    }
    this.keys = List.copyOf(k);
  }

  /**
   * The value of the {@code webhook-signature} header: {@code v1,<base64>} per secret, space-separated, in the order
   * the secrets were given.
   */
  public String sign(String msgId, long timestampSeconds, String body) {
    StringBuilder sb = new StringBuilder();
    for (byte[] key : keys) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(VERSION).append(',').append(Base64.getEncoder().encodeToString(hmac(key, msgId, timestampSeconds, body)));
    }
    return sb.toString();
  }

  /** How many signatures {@link #sign} produces. */
  public int secretCount() {
    return keys.size();
  }

  /** A new random secret, {@code whsec_} + base64 of 32 bytes from {@link SecureRandom}. */
  public static String generateSecret() {
    byte[] key = new byte[GENERATED_KEY_BYTES];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /** The HMAC key of a secret; {@code what} names it in the error (the secret itself never appears). */
  static byte[] decodeSecret(String secret, String what) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    String b64 = secret.strip();
    if (b64.startsWith(SECRET_PREFIX)) {
      b64 = b64.substring(SECRET_PREFIX.length());
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " is not " + SECRET_PREFIX + " followed by base64");
    }
    if (key.length == 0) {
      throw new IllegalArgumentException(what + " has an empty key");
    }
    return key;
  }

  /** Raw HMAC-SHA256 of {@code msgId.timestamp.body} (UTF-8). */
  static byte[] hmac(byte[] key, String msgId, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal((msgId + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
