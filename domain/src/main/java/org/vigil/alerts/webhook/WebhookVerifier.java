package org.vigil.alerts.webhook;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Verifies Standard Webhooks headers on the receiving side: the three headers are present, {@code webhook-timestamp}
 * is within a tolerance of now (default 5 minutes, either way, against replays), and at least one {@code v1}
 * signature in {@code webhook-signature} matches one of the configured secrets (several secrets are accepted during a
 * rotation). Signatures are compared in constant time. Signatures of other versions ({@code v1a}, …) are skipped.
 * Instances are immutable and thread-safe.
 */
public final class WebhookVerifier {

  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private final List<byte[]> keys;
  private final long toleranceSeconds;
  private final Clock clock;

  /** Verifies against these secrets with the default tolerance and the system clock. */
  public WebhookVerifier(List<String> secrets) {
    this(secrets, DEFAULT_TOLERANCE, Clock.systemUTC());
  }

  /**
   * @param secrets one or more {@code whsec_…} secrets, any of which may have signed a message
   * @param tolerance how far {@code webhook-timestamp} may be from now, in the past or the future
   * @param clock the time "now" is read from
   */
  public WebhookVerifier(List<String> secrets, Duration tolerance, Clock clock) {
    if (secrets == null || secrets.isEmpty()) {
      throw new IllegalArgumentException("a webhook verifier needs at least one secret");
    }
    if (tolerance == null || tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must be zero or positive, got " + tolerance);
    }
    List<byte[]> k = new ArrayList<>();
    for (int i = 0; i < secrets.size(); i++) {
      k.add(WebhookSigner.decodeSecret(secrets.get(i), "secret #" + (i + 1)));
    }
    this.keys = List.copyOf(k);
    this.toleranceSeconds = tolerance.toSeconds();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a message given a header lookup (pass a case-insensitive one, e.g. {@code exchange.getRequestHeaders()
   * ::getFirst}).
   *
   * @throws WebhookVerificationException when a check fails
   */
  public void verify(Function<String, String> header, String body) {
    verify(header.apply("webhook-id"), header.apply("webhook-timestamp"), header.apply("webhook-signature"), body);
  }

  /**
   * Verifies a message given its three header values and the body exactly as received.
   *
   * @throws WebhookVerificationException naming the missing header, the timestamp that is too old or too new, or
   *     that no signature matched
   */
  public void verify(String msgId, String timestamp, String signatureHeader, String body) {
    require("webhook-id", msgId);
    require("webhook-timestamp", timestamp);
    require("webhook-signature", signatureHeader);
    long ts;
    try {
      ts = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(
          "webhook-timestamp '" + timestamp + "' is not an integer number of seconds since the epoch");
    }
    long now = clock.instant().getEpochSecond();
    if (now - ts > toleranceSeconds) {
      throw new WebhookVerificationException(
          "webhook-timestamp " + ts + " is too old: " + (now - ts) + " s before now, tolerance " + toleranceSeconds
              + " s");
    }
    if (ts - now > toleranceSeconds) {
      throw new WebhookVerificationException(
          "webhook-timestamp " + ts + " is too new: " + (ts - now) + " s after now, tolerance " + toleranceSeconds
              + " s");
    }
    List<byte[]> candidates = v1Signatures(signatureHeader);
    if (candidates.isEmpty()) {
      throw new WebhookVerificationException(
          "webhook-signature has no v1 signature (expected space-separated 'v1,<base64>' entries)");
    }
    boolean match = false;
    for (byte[] key : keys) {
      byte[] expected = WebhookSigner.hmac(key, msgId, ts, body == null ? "" : body);
      for (byte[] candidate : candidates) {
        // Non-short-circuit: every pair is compared, each in constant time.
        match |= MessageDigest.isEqual(expected, candidate);
      }
    }
    if (!match) {
      throw new WebhookVerificationException(
          "no matching signature: none of " + candidates.size() + " v1 signature(s) matches any of " + keys.size()
              + " secret(s) for webhook-id " + msgId);
    }
  }

  private static void require(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException("missing header " + name);
    }
  }

  private static List<byte[]> v1Signatures(String header) {
    List<byte[]> out = new ArrayList<>();
    for (String token : header.strip().split("\\s+")) {
      int comma = token.indexOf(',');
      if (comma < 0 || !WebhookSigner.VERSION.equals(token.substring(0, comma))) {
        continue;
      }
      try {
        out.add(Base64.getDecoder().decode(token.substring(comma + 1)));
      } catch (IllegalArgumentException e) {
        // not base64: cannot match, skip it like an unknown version
      }
    }
    return out;
  }
}
