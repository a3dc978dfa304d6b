package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.core.settings.ConfigException;

/** The webhook endpoints and the status line of {@code ./vigil run}. */
class RunWebhooksTest {

  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  void theBuiltInReceiverStaysBesideTheUsersEndpoints() {
    Map<String, String> env = Map.of("VIGIL_WEBHOOK_URLS", "https://dispatch.example/hook",
        "VIGIL_WEBHOOK_1_NAME", "dispatch", "VIGIL_WEBHOOK_SECRET", SECRET);
    List<WebhookEndpoint> user = WebhookEndpoint.fromLookup(env::get);
    List<String> secrets = RunWebhooks.receiverSecrets(env::get);

    List<WebhookEndpoint> hooks = RunWebhooks.endpoints(user, "http://127.0.0.1:18090/webhook", secrets);

    assertThat(hooks).extracting(WebhookEndpoint::name).containsExactly("dispatch", "local-receiver");
    assertThat(secrets).containsExactly(SECRET);
  }

  @Test
  void withoutUserEndpointsOnlyTheReceiverAndTurnedOffOnlyTheUsers() {
    Map<String, String> none = Map.of();
    List<String> generated = RunWebhooks.receiverSecrets(none::get);
    assertThat(generated).singleElement().satisfies(s -> assertThat(s).startsWith("whsec_"));
    assertThat(RunWebhooks.endpoints(List.of(), "http://127.0.0.1:1/webhook", generated))
        .extracting(WebhookEndpoint::name).containsExactly("local-receiver");

    Map<String, String> env = Map.of("VIGIL_WEBHOOK_URLS", "https://a.example/h", "VIGIL_WEBHOOK_SECRET", SECRET);
    assertThat(RunWebhooks.endpoints(WebhookEndpoint.fromLookup(env::get), null, List.of(SECRET)))
        .extracting(WebhookEndpoint::name).containsExactly("webhook-1");
  }

  @Test
  void aUserEndpointNamedLikeTheReceiverIsRefused() {
    Map<String, String> env = Map.of("VIGIL_WEBHOOK_URLS", "https://a.example/h", "VIGIL_WEBHOOK_1_NAME",
        "local-receiver", "VIGIL_WEBHOOK_SECRET", SECRET);
    assertThatThrownBy(() -> RunWebhooks.endpoints(WebhookEndpoint.fromLookup(env::get), "http://127.0.0.1:1/w",
        List.of(SECRET))).isInstanceOf(ConfigException.class).hasMessageContaining("--receiver-port -1");
  }

  @Test
  void theStatusLineCountsTheReceiverAndEachUserEndpoint() throws IOException, InterruptedException {
    // Figures as InfluxDB would answer them; 7 transitions were stored by earlier runs.
    Map<String, Long> answers = new HashMap<>();
    answers.put("SELECT count(rain_mm) FROM rain", 120L);
    answers.put("SELECT count(disp_mm) FROM gnss", 10L);
    answers.put("SELECT count(tilt_x_deg) FROM tilt", 20L);
    answers.put("SELECT count(crack_mm) FROM crack", 30L);
    answers.put("SELECT count(pore_kpa) FROM pore", 40L);
    answers.put(RunStatus.ALERTS, 35L);
    answers.put("SELECT count(payload_bytes) FROM deadletter", 2L);
    String where = " FROM webhook_deliveries WHERE time >= 1000ms AND endpoint = 'dispatch'";
    answers.put("SELECT count(event_id)" + where, 9L);
    answers.put("SELECT count(event_id)" + where + " AND outcome = 'delivered'", 8L);
    RunStatus.Counter db = q -> {
      Long n = answers.get(q);
      if (n == null) {
        throw new AssertionError("unexpected query " + q);
      }
      return n;
    };
    try (WebhookReceiver receiver = WebhookReceiver.start(0, List.of(SECRET), null)) {
      String line = new RunStatus(db, "vigil", 7, 1000, receiver, List.of("dispatch")).line();
      assertThat(line).isEqualTo("InfluxDB 'vigil': 120 rain + 100 slope readings, 35 alert transitions (28 this run),"
          + " 2 dead letters; webhooks: local receiver 0 (0 signature-verified), dispatch 8 delivered (1 not)");
      String off = new RunStatus(db, "vigil", 0, 1000, null, List.of()).line();
      assertThat(off).endsWith("35 alert transitions (35 this run), 2 dead letters");
    }
  }

  @Test
  void noAlertsMeasurementYetCountsAsNone() throws InterruptedException {
    assertThat(RunStatus.storedAlerts(q -> {
      throw new IllegalStateException("database not found: vigil");
    })).isZero();
  }
}
