package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * Checks {@link WebhookSigner} against a second implementation of Standard Webhooks verification written from the
 * specification (standard-webhooks.md, "Verifying webhooks"), using only {@code javax.crypto} and
 * {@code java.util.Base64}; nothing here calls {@link WebhookSigner} internals or {@link WebhookVerifier}.
 */
class IndependentVerifierTest {

  /** Published test vector of the reference libraries (secret, id, timestamp, payload, signature). */
  private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long SPEC_TS = 1614265330L;
  private static final String SPEC_BODY = "{\"test\": 2432232314}";
  private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  private static final String OLD = "whsec_" + Base64.getEncoder().encodeToString(bytes(32, 7));
  private static final String NEW = "whsec_" + Base64.getEncoder().encodeToString(bytes(32, 91));
  private static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString(bytes(24, 3));
  private static final long NOW = 1_795_852_800L; // 2026-11-28T08:00:00Z, in seconds

  /** The verifier as the spec describes it. */
  private static final class SpecVerifier {
    private final List<byte[]> keys = new ArrayList<>();
    private final long toleranceSeconds;
    private final long nowSeconds;

    SpecVerifier(long toleranceSeconds, long nowSeconds, String... secrets) {
      for (String s : secrets) {
        // "the secret is the base64 encoded part after the whsec_ prefix"
        keys.add(Base64.getDecoder().decode(s.substring("whsec_".length())));
      }
      this.toleranceSeconds = toleranceSeconds;
      this.nowSeconds = nowSeconds;
    }

    /** null when the message verifies, otherwise why not. */
    String check(String id, String timestamp, String signatureHeader, String body) throws Exception {
      long ts = Long.parseLong(timestamp);
      if (Math.abs(nowSeconds - ts) > toleranceSeconds) {
        return "timestamp outside tolerance";
      }
      byte[] content = (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
      for (byte[] key : keys) {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] expected = mac.doFinal(content);
        // "a space-delimited list of signatures and their corresponding version identifiers"
        for (String entry : signatureHeader.split(" ")) {
          String[] parts = entry.split(",", 2);
          if (parts.length == 2 && parts[0].equals("v1") && constantTimeEquals(expected, Base64.getDecoder()
              .decode(parts[1]))) {
            return null;
          }
        }
      }
      return "no matching signature";
    }

    private static boolean constantTimeEquals(byte[] a, byte[] b) {
      if (a.length != b.length) {
        return false;
      }
      int diff = 0;
      for (int i = 0; i < a.length; i++) {
        diff |= a[i] ^ b[i];
      }
      return diff == 0;
    }
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i * 17);
    }
    return b;
  }

  private static String body() {
    return AlertJson.toWebhookBody(new AlertEvent("alt_0123456789abcdef0123", "rain-1h", "hill-a", "hill-a/rain/rg-1",
        Level.ORANGE, Level.NONE, AlertState.OPENED, 31.5, 30.0, NOW * 1000, NOW * 1000, "Regen: 31,5 mm in 1 h — ü"));
  }

  @Test
  void theIndependentVerifierReproducesThePublishedTestVector() throws Exception {
    SpecVerifier v = new SpecVerifier(300, SPEC_TS, SPEC_SECRET);
    assertThat(v.check(SPEC_ID, Long.toString(SPEC_TS), SPEC_SIGNATURE, SPEC_BODY)).isNull();
    assertThat(new WebhookSigner(List.of(SPEC_SECRET)).sign(SPEC_ID, SPEC_TS, SPEC_BODY)).isEqualTo(SPEC_SIGNATURE);
  }

  @Test
  void whatTheSignerProducesVerifiesIndependentlyAndATamperedBodyDoesNot() throws Exception {
    String id = "alt_0123456789abcdef0123_opened_1795852800000";
    String body = body(); // non-ASCII message: the content is signed as UTF-8
    String header = new WebhookSigner(List.of(OLD)).sign(id, NOW, body);
    SpecVerifier v = new SpecVerifier(300, NOW, OLD);
    assertThat(v.check(id, Long.toString(NOW), header, body)).isNull();
    assertThat(v.check(id, Long.toString(NOW), header, body.replace("31.5", "31.6"))).isEqualTo("no matching signature");
    assertThat(v.check(id + "x", Long.toString(NOW), header, body)).isEqualTo("no matching signature");
    assertThat(v.check(id, Long.toString(NOW + 1), header, body)).isEqualTo("no matching signature");
    assertThat(new SpecVerifier(300, NOW, OTHER).check(id, Long.toString(NOW), header, body))
        .isEqualTo("no matching signature");
  }

  @Test
  void duringARotationBothSignaturesAreSentAndEitherSecretVerifies() throws Exception {
    String id = "msg_rotation";
    String body = body();
    String header = new WebhookSigner(List.of(NEW, OLD)).sign(id, NOW, body);
    assertThat(header.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
    assertThat(new SpecVerifier(300, NOW, OLD).check(id, Long.toString(NOW), header, body)).isNull();
    assertThat(new SpecVerifier(300, NOW, NEW).check(id, Long.toString(NOW), header, body)).isNull();
    assertThat(new SpecVerifier(300, NOW, OTHER).check(id, Long.toString(NOW), header, body))
        .isEqualTo("no matching signature");
  }

  @Test
  void timestampsMoreThanFiveMinutesOldOrAheadAreRefused() throws Exception {
    String id = "msg_time";
    String body = body();
    SpecVerifier v = new SpecVerifier(300, NOW, OLD);
    WebhookSigner signer = new WebhookSigner(List.of(OLD));
    for (long ts : new long[] {NOW - 300, NOW + 300}) { // at the edge: accepted
      assertThat(v.check(id, Long.toString(ts), signer.sign(id, ts, body), body)).isNull();
    }
    for (long ts : new long[] {NOW - 301, NOW + 301, NOW - 86_400}) { // correctly signed, but too old or too new
      assertThat(v.check(id, Long.toString(ts), signer.sign(id, ts, body), body))
          .isEqualTo("timestamp outside tolerance");
    }
  }
}
