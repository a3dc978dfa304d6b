package org.vigil.alerts.rules;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids: the same rule, subject and opening time always give the same id, so a replay after a
 * crash re-sends an alert under the id consumers already saw and they can de-duplicate.
 */
public final class AlertIds {

  private AlertIds() {}

  /** {@code alt_} + the first 20 hex digits (80 bits) of SHA-256 over {@code rule|subject|startedAtMs}. */
  public static String of(String rule, String subject, long startedAtMs) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] d = sha.digest((rule + "|" + subject + "|" + startedAtMs).getBytes(StandardCharsets.UTF_8));
      return "alt_" + HexFormat.of().formatHex(d, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
