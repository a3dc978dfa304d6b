package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  /**
   * The published test vector of the Standard Webhooks reference libraries: repository
   * standard-webhooks/standard-webhooks, libraries/java/src/test/java/com/standardwebhooks/WebhookTest.java,
   * test verifyWebhookSignWorks (commit 14ae328070656be4fc19c75998cabda8eddbbe29); the same values appear in the
   * library tests of the other languages there (e.g. libraries/php/tests/WebhookTest.php).
   */
  static final String VECTOR_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String VECTOR_MSG_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long VECTOR_TIMESTAMP = 1614265330L;
  static final String VECTOR_PAYLOAD = "{\"test\": 2432232314}";
  static final String VECTOR_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  void reproducesTheStandardWebhooksTestVector() {
    WebhookSigner signer = new WebhookSigner(List.of(VECTOR_SECRET));

    assertThat(signer.sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP, VECTOR_PAYLOAD)).isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void theWhsecPrefixIsOptionalAsInTheReferenceLibraries() {
    WebhookSigner signer = new WebhookSigner(List.of(VECTOR_SECRET.substring("whsec_".length())));

    assertThat(signer.sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP, VECTOR_PAYLOAD)).isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void twoSecretsGiveTwoSpaceSeparatedSignaturesCurrentFirst() {
    String other = WebhookSigner.generateSecret();
    String header = new WebhookSigner(List.of(other, VECTOR_SECRET)).sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP,
        VECTOR_PAYLOAD);

    String[] parts = header.split(" ");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).isEqualTo(new WebhookSigner(List.of(other)).sign(VECTOR_MSG_ID, VECTOR_TIMESTAMP,
        VECTOR_PAYLOAD));
    assertThat(parts[1]).isEqualTo(VECTOR_SIGNATURE);
  }

  @Test
  void generatedSecretsAreWhsecWith32RandomBytes() {
    String a = WebhookSigner.generateSecret();
    String b = WebhookSigner.generateSecret();

    assertThat(a).startsWith("whsec_").isNotEqualTo(b);
    assertThat(Base64.getDecoder().decode(a.substring(6))).hasSize(32);
    assertThat(WebhookEndpoint.of("x", "https://example.org/h", a).problems()).isEmpty();
  }

  @Test
  void aBadSecretIsNamedButNeverEchoed() {
    assertThatThrownBy(() -> new WebhookSigner(List.of(VECTOR_SECRET, "whsec_not*base64!")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret #2 is not whsec_ followed by base64")
        .hasMessageNotContaining("not*base64");
    assertThatThrownBy(() -> new WebhookSigner(List.of())).hasMessageContaining("at least one secret");
  }
}
