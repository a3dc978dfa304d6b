package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vigil.alerts.webhook.WebhookSignerTest.VECTOR_MSG_ID;
import static org.vigil.alerts.webhook.WebhookSignerTest.VECTOR_PAYLOAD;
import static org.vigil.alerts.webhook.WebhookSignerTest.VECTOR_SECRET;
import static org.vigil.alerts.webhook.WebhookSignerTest.VECTOR_SIGNATURE;
import static org.vigil.alerts.webhook.WebhookSignerTest.VECTOR_TIMESTAMP;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {

  private static final String TS = Long.toString(VECTOR_TIMESTAMP);

  private static WebhookVerifier verifierAt(long epochSecond, String... secrets) {
    return new WebhookVerifier(List.of(secrets), Duration.ofMinutes(5),
        Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
  }

  @Test
  void acceptsTheTestVector() {
    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD)).doesNotThrowAnyException();
  }

  @Test
  void acceptsWhenAnyOfSeveralSignaturesMatchesAndSkipsOtherVersions() {
    String header = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v1a,abc= garbage v1,%%% " + VECTOR_SIGNATURE;

    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, TS, header, VECTOR_PAYLOAD)).doesNotThrowAnyException();
  }

  @Test
  void acceptsRotatedSecretsEitherWay() {
    String oldSecret = VECTOR_SECRET;
    String newSecret = WebhookSigner.generateSecret();
    String bothSigned = new WebhookSigner(List.of(newSecret, oldSecret)).sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP,
        VECTOR_PAYLOAD);
    String newSigned = new WebhookSigner(List.of(newSecret)).sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP, VECTOR_PAYLOAD);

    // A consumer that still has only the old secret, and one that already has only the new one.
    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP, oldSecret).verify(VECTOR_MSG_ID, TS, bothSigned,
        VECTOR_PAYLOAD)).doesNotThrowAnyException();
    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP, newSecret).verify(VECTOR_MSG_ID, TS, bothSigned,
        VECTOR_PAYLOAD)).doesNotThrowAnyException();
    // A consumer holding both while the sender already moved on.
    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP, oldSecret, newSecret).verify(VECTOR_MSG_ID, TS, newSigned,
        VECTOR_PAYLOAD)).doesNotThrowAnyException();
  }

  @Test
  void rejectsATamperedBodyIdOrTimestamp() {
    WebhookVerifier v = verifierAt(VECTOR_TIMESTAMP, VECTOR_SECRET);

    assertThatThrownBy(() -> v.verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, "{\"test\": 2432232315}"))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("no matching signature");
    assertThatThrownBy(() -> v.verify("msg_other", TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("no matching signature");
    assertThatThrownBy(() -> v.verify(VECTOR_MSG_ID, Long.toString(VECTOR_TIMESTAMP + 1), VECTOR_SIGNATURE,
        VECTOR_PAYLOAD)).isInstanceOf(WebhookVerificationException.class).hasMessageContaining("no matching");
  }

  @Test
  void rejectsASignatureMadeWithAnotherSecret() {
    assertThatThrownBy(() -> verifierAt(VECTOR_TIMESTAMP, TestEvents.OTHER_SECRET)
        .verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("none of 1 v1 signature(s) matches any of 1 secret(s)");
  }

  @Test
  void rejectsTimestampsOutsideTheTolerance() {
    assertThatCode(() -> verifierAt(VECTOR_TIMESTAMP + 300, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verifierAt(VECTOR_TIMESTAMP + 301, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class)
        .hasMessageContaining("is too old: 301 s before now, tolerance 300 s");
    assertThatThrownBy(() -> verifierAt(VECTOR_TIMESTAMP - 301, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("is too new: 301 s after now");
    assertThatThrownBy(() -> verifierAt(VECTOR_TIMESTAMP, VECTOR_SECRET)
        .verify(VECTOR_MSG_ID, "yesterday", VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class).hasMessageContaining("not an integer number of seconds");
  }

  @Test
  void namesAMissingHeader() {
    WebhookVerifier v = verifierAt(VECTOR_TIMESTAMP, VECTOR_SECRET);
    Map<String, String> headers = Map.of("webhook-id", VECTOR_MSG_ID, "webhook-timestamp", TS);

    assertThatThrownBy(() -> v.verify(headers::get, VECTOR_PAYLOAD))
        .isInstanceOf(WebhookVerificationException.class).hasMessage("missing header webhook-signature");
    assertThatThrownBy(() -> v.verify(null, TS, VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .hasMessage("missing header webhook-id");
    assertThatThrownBy(() -> v.verify(VECTOR_MSG_ID, " ", VECTOR_SIGNATURE, VECTOR_PAYLOAD))
        .hasMessage("missing header webhook-timestamp");
    assertThatThrownBy(() -> v.verify(VECTOR_MSG_ID, TS, "v2,abc", VECTOR_PAYLOAD))
        .hasMessageContaining("has no v1 signature");
  }
}
