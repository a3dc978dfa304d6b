package org.vigil.decode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.vigil.core.DeadLetter;

/** Builds {@link DeadLetter} records with a bounded copy of the rejected payload. */
public final class DeadLetters {

  /** At most this many payload bytes are kept in a dead letter. */
  public static final int MAX_KEPT_BYTES = 4096;

  private DeadLetters() {}

  public static DeadLetter of(String topic, byte[] payload, RejectReason reason, String detail, long receivedAtMs) {
    return new DeadLetter(topic, reason.code(), detail, text(payload), payload.length, receivedAtMs);
  }

  public static DeadLetter of(String topic, byte[] payload, DecodeException e, long receivedAtMs) {
    return of(topic, payload, e.reason(), e.getMessage(), receivedAtMs);
  }

  /** The payload as UTF-8 text, or {@code base64:...} when it is not valid UTF-8; cut to {@link #MAX_KEPT_BYTES}. */
  static String text(byte[] payload) {
    int n = Math.min(payload.length, MAX_KEPT_BYTES);
    try {
      String s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(payload, 0, n))
              .toString();
      return n < payload.length ? s + "...(truncated)" : s;
    } catch (CharacterCodingException e) {
      if (n < payload.length) {
        // The cut may have split a multi-byte character; fall back to base64 of the kept part.
        return "base64:" + Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(payload, n)) + "...(truncated)";
      }
      return "base64:" + Base64.getEncoder().encodeToString(payload);
    }
  }
}
