package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;

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
        .isInstanceOfSatisfying(ConfigException.class, ex -> assertThat(ex.problems()).containsExactly(
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
        .isInstanceOfSatisfying(ConfigException.class, ex -> assertThat(ex.problems()).containsExactly(
            "VIGIL_WEBHOOK_TIMEOUT='soon': not a duration (give a duration such as 500ms, 30s, 5m, 1h, 1d, 1w, 1h30m"
                + " or PT5M (0: none), or leave it unset for 5s)",
            "VIGIL_WEBHOOK_MIN_LEVEL='purple': not one of none, blue, yellow, orange, red (give one of none, blue,"
                + " yellow, orange, red)",
            "VIGIL_WEBHOOK_URLS entry 2 ('webhook-2'): url is not a valid URI: Illegal character in path",
            "VIGIL_WEBHOOK_URLS entry 2 ('webhook-2'): no secret: set VIGIL_WEBHOOK_SECRET or VIGIL_WEBHOOK_2_SECRET",
            "VIGIL_WEBHOOK_URLS entry 3 ('webhook-1'): name 'webhook-1' is used twice"));
  }

  @Test
  void noUrlsMeansNoWebhooks() {
    assertThat(WebhookEndpoint.fromLookup(k -> null)).isEmpty();
    assertThat(WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", " ")::get)).isEmpty();
  }

  /** The webhook durations are the ruleset's syntax: one day, an hour and a half, milliseconds. */
  @Test
  void durationsAreTheRulesetsSyntax() {
    WebhookEndpoint e = WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", "https://hooks.example.org/a",
        "VIGIL_WEBHOOK_SECRET", S1, "VIGIL_WEBHOOK_TIMEOUT", "250ms", "VIGIL_WEBHOOK_INITIAL_BACKOFF", "1h30m",
        "VIGIL_WEBHOOK_1_MAX_BACKOFF", "1d")::get).get(0);
    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(e.initialBackoff()).isEqualTo(Duration.ofSeconds(5_400));
    assertThat(e.maxBackoff()).isEqualTo(Duration.ofSeconds(86_400));
    assertThatThrownBy(() -> WebhookEndpoint.fromLookup(Map.of("VIGIL_WEBHOOK_URLS", "https://hooks.example.org/a",
        "VIGIL_WEBHOOK_SECRET", S1, "VIGIL_WEBHOOK_1_TIMEOUT", "5 parsecs")::get))
        .isInstanceOf(ConfigException.class).hasMessageContaining("VIGIL_WEBHOOK_1_TIMEOUT='5 parsecs': not a duration");
  }
}
