package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The seal on stored bodies: bound to the endpoint, the id and the body, checked under either rotation secret. */
class StoredBodiesTest {

  private final String s1 = WebhookSigner.generateSecret();
  private final String s2 = WebhookSigner.generateSecret();
  private final WebhookEndpoint ops = WebhookEndpoint.of("ops", "https://ops.example/hook", s1);

  @Test
  void aSealHoldsOnlyForItsEndpointIdAndBody() {
    String seal = StoredBodies.seal(ops, "ntf_1", "{\"a\":1}");
    assertThat(StoredBodies.verify(ops, "ntf_1", "{\"a\":1}", seal)).isTrue();
    assertThat(StoredBodies.verify(ops, "ntf_1", "{\"a\":2}", seal)).isFalse();
    assertThat(StoredBodies.verify(ops, "ntf_2", "{\"a\":1}", seal)).isFalse();
    assertThat(StoredBodies.verify(WebhookEndpoint.of("dispatch", "https://ops.example/hook", s1), "ntf_1", "{\"a\":1}",
        seal)).isFalse();
    assertThat(StoredBodies.verify(ops, "ntf_1", "{\"a\":1}", "")).isFalse();
    assertThat(StoredBodies.verify(ops, "ntf_1", "{\"a\":1}", null)).isFalse();
    // Moving text between id and body does not keep the seal.
    assertThat(StoredBodies.verify(ops, "ntf_1{", "\"a\":1}", seal)).isFalse();
  }

  @Test
  void duringARotationEitherSecretChecksAndAfterItTheOldSealNoLongerDoes() {
    String seal = StoredBodies.seal(ops, "ntf_1", "b");
    WebhookEndpoint rotating = new WebhookEndpoint("ops", "https://ops.example/hook", List.of(s2, s1), null, 8, null,
        null, null);
    assertThat(StoredBodies.verify(rotating, "ntf_1", "b", seal)).isTrue();
    WebhookEndpoint rotated = WebhookEndpoint.of("ops", "https://ops.example/hook", s2);
    assertThat(StoredBodies.verify(rotated, "ntf_1", "b", seal)).isFalse();
  }
}
