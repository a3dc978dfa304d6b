package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class WebhookEndpointTest {

  private static final String S1 = TestEvents.SECRET;
  private static final String S2 = TestEvents.OTHER_SECRET;

  @Test
  void defaultsAreTheDocumentedOnes() {
    WebhookEndpoint e = WebhookEndpoint.of("ops", "https://hooks.example.org/vigil", S1);

    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(e.maxAttempts()).isEqualTo(8);
    assertThat(e.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(e.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    assertThat(e.minLevel()).isEqualTo(Level.NONE);
    assertThat(e.problems()).isEmpty();
    assertThat(e.validate()).isSameAs(e);
  }

  @Test
  void validateReportsEveryProblemAtOnce() {
    WebhookEndpoint e = new WebhookEndpoint("ops", "ftp://files.example.org/x", List.of(S1, S2, "whsec_???"),
        Duration.ZERO, 0, Duration.ofSeconds(2), Duration.ofSeconds(1), null);

    assertThatThrownBy(e::validate)
        .isInstanceOfSatisfying(WebhookConfigException.class, ex -> assertThat(ex.problems()).containsExactly(
            "webhook 'ops': url ftp://files.example.org/… must be http or https",
            "webhook 'ops': needs one secret, or two during a rotation; got 3",
            "webhook 'ops': secret #3 is not whsec_ followed by base64",
            "webhook 'ops': timeout must be positive, got PT0S",
            "webhook 'ops': maxAttempts must be at least 1, got 0",
            "webhook 'ops': maxBackoff PT1S is below initialBackoff PT2S"));
  }

  @Test
  void rejectsKeysShorterThanTheSpecAllows() {
    String short16 = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[16]);

    assertThat(WebhookEndpoint.of("ops", "http://127.0.0.1:9/x", short16).problems())
        .containsExactly("webhook 'ops': secret #1 has a 16-byte key; Standard Webhooks asks for 24 to 64"
            + " (WebhookSigner.generateSecret() makes one)");
  }

  @Test
  void toStringMasksSecretsAndTheUrlPath() {
    WebhookEndpoint e = WebhookEndpoint.of("chat", "https://hooks.example.org:8443/T000/B000/XXXXsecretpath?k=v",
        S1, S2);

    assertThat(e.toString())
        .contains("url=https://hooks.example.org:8443/…", "secrets=2 (masked)")
        .doesNotContain("MfKQ9r8", "secretpath", "k=v");
  }

  @Test
  void readsUrlsAndASharedSecretFromALookup() {
    Map<String, String> env = Map.of(
        "VIGIL_WEBHOOK_URLS", "https://a.example.org/hook, http://127.0.0.1:8089/webhook",
        "VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback",
        "VIGIL_WEBHOOK_SECRET", S1,
        "VIGIL_WEBHOOK_MAX_ATTEMPTS", "3",
        "VIGIL_WEBHOOK_TIMEOUT", "250ms");

    List<WebhookEndpoint> list = WebhookEndpoint.fromLookup(env::get);

    assertThat(list).extracting(WebhookEndpoint::name).containsExactly("webhook-1", "webhook-2");
    assertThat(list).extracting(WebhookEndpoint::url)
        .containsExactly("https://a.example.org/hook", "http://127.0.0.1:8089/webhook");
    assertThat(list).allSatisfy(e -> {
      assertThat(e.secrets()).containsExactly(S1);
      assertThat(e.maxAttempts()).isEqualTo(3);
      assertThat(e.timeout()).isEqualTo(Duration.ofMillis(250));
      assertThat(e.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    });
  }

  @Test
  void perIndexKeysWinAndTwoSecretsMeanARotation() {
    Map<String, String> env = new HashMap<>();
    env.put("VIGIL_WEBHOOK_URLS", "https://a.example.org/hook,https://b.example.org/hook");
    env.put("VIGIL_WEBHOOK_SECRET", S1);
    env.put("VIGIL_WEBHOOK_2_SECRET", S2 + " " + S1);
    env.put("VIGIL_WEBHOOK_2_NAME", "sms-gateway");
    env.put("VIGIL_WEBHOOK_2_MIN_LEVEL", "orange");
    env.put("VIGIL_WEBHOOK_MAX_BACKOFF", "PT30S");
    env.put("VIGIL_WEBHOOK_1_MAX_BACKOFF", "2m");
    env.put("VIGIL_WEBHOOK_INITIAL_BACKOFF", "");

    List<WebhookEndpoint> list = WebhookEndpoint.fromLookup(env::get);

    assertThat(list.get(0).secrets()).containsExactly(S1);
    assertThat(list.get(0).maxBackoff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(list.get(0).initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(list.get(1).name()).isEqualTo("sms-gateway");
    assertThat(list.get(1).secrets()).containsExactly(S2, S1);
    assertThat(list.get(1).minLevel()).isEqualTo(Level.ORANGE);
    assertThat(list.get(1).maxBackoff()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void lookupProblemsAreAllReportedTogether() {
    Map<String, String> env = Map.of(
        "VIGIL_WEBHOOK_URLS", "https://a.example.org/hook,not a url,https://c.example.org",
        "VIGIL_WEBHOOK_1_SECRET", S1,
        "VIGIL_WEBHOOK_3_SECRET", S2,
        "VIGIL_WEBHOOK_3_NAME", "webhook-1",
        "VIGIL_WEBHOOK_TIMEOUT", "soon",
        "VIGIL_WEBHOOK_MIN_LEVEL", "purple");

    assertThatThrownBy(() -> WebhookEndpoint.fromLookup(env::get))
        .isInstanceOfSatisfying(WebhookConfigException.class, ex -> assertThat(ex.problems()).containsExactly(
            "VIGIL_WEBHOOK_TIMEOUT 'soon' is not a duration (250ms, 5s, 5m, 1h or PT5S)",
            "VIGIL_WEBHOOK_MIN_LEVEL: unknown level 'purple': use none, blue, yellow, orange or red",
            "VIGIL_WEBHOOK_URLS entry 2 ('webhook-2'): url is not a valid URI: Illegal character in path",
            "VIGIL_WEBHOOK_URLS entry 2 ('webhook-2'): no secret: set VIGIL_WEBHOOK_SECRET or VIGIL_WEBHOOK_2_SECRET",
            "VIGIL_WEBHOOK_URLS entry 3 ('webhook-1'): name 'webhook-1' is used twice"));
  }

  @Test
  void noUrlsMeansNoWebhooks() {
    assertThat(WebhookEndpoint.fromLookup(k -> null)).isEmpty();
    assertThat(WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", " ")::get)).isEmpty();
  }

  @Test
  void parsesDurations() {
    assertThat(WebhookEndpoint.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(WebhookEndpoint.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(WebhookEndpoint.parseDuration("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(WebhookEndpoint.parseDuration("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(WebhookEndpoint.parseDuration("pt1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThatThrownBy(() -> WebhookEndpoint.parseDuration("5 parsecs")).isInstanceOf(IllegalArgumentException.class);
  }
}
