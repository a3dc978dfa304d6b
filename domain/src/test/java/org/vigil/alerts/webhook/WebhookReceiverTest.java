package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.DeliveryResult.Outcome;
import org.vigil.core.AlertEvent;

class WebhookReceiverTest {

  private static final String SECRET = TestEvents.SECRET;

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private WebhookReceiver receiver;
  private WebhookDispatcher dispatcher;

  @AfterEach
  void close() {
    if (dispatcher != null) {
      dispatcher.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private DeliveryResult send(AlertEvent event, String... dispatcherSecrets) throws Exception {
    if (dispatcher == null) {
      dispatcher = WebhookDispatcher.builder()
          .endpoint(WebhookEndpoint.of("local", receiver.url().toString(), dispatcherSecrets).withMaxAttempts(1))
          .build();
    }
    return dispatcher.dispatch(event).get(5, TimeUnit.SECONDS).get(0);
  }

  @Test
  void dispatcherToReceiverVerifiesAndDecodesTheSameEvent() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);
    AlertEvent event = TestEvents.escalated();

    DeliveryResult r = send(event, SECRET);

    assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(r.lastStatus()).isEqualTo(204);
    ReceivedWebhook got = receiver.received().get(0);
    assertThat(got.verified()).isTrue();
    assertThat(got.error()).isNull();
    assertThat(got.id()).isEqualTo(event.eventId());
    assertThat(got.event()).isEqualTo(event);
    assertThat(got.body()).isEqualTo(AlertJson.toWebhookBody(event));
    assertThat(got.headers()).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature", "content-type");
    assertThat(Long.parseLong(got.timestamp())).isCloseTo(Instant.now().getEpochSecond(),
        org.assertj.core.data.Offset.offset(5L));
    assertThat(lines).containsExactly("2025-11-28T08:05:00.250Z alert.escalated ORANGE hillside-a/rain/r1"
        + " rule=rain-1h value=41.5 threshold=40.0 webhook-id=" + event.eventId() + ": " + event.message());
  }

  @Test
  void aTransitionJudgedInHolidayModeSaysSoOnItsLine() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);
    AlertEvent event = TestEvents.escalated().withMode("holiday");

    assertThat(send(event, SECRET).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(lines).containsExactly("2025-11-28T08:05:00.250Z alert.escalated ORANGE hillside-a/rain/r1"
        + " rule=rain-1h value=41.5 threshold=40.0 mode=holiday webhook-id=" + event.eventId() + ": "
        + event.message());
  }

  @Test
  void aReceiverWithOnlyTheOldSecretAcceptsARotatingSender() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);

    DeliveryResult r = send(TestEvents.escalated(), WebhookSigner.generateSecret(), SECRET);

    assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(receiver.received().get(0).verified()).isTrue();
  }

  @Test
  void aWrongSecretGets401AndTheDeliveryIsDeadLettered() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);

    DeliveryResult r = send(TestEvents.escalated(), TestEvents.OTHER_SECRET);

    assertThat(r.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(r.lastStatus()).isEqualTo(401);
    assertThat(r.reason()).contains("no matching signature");
    ReceivedWebhook got = receiver.received().get(0);
    assertThat(got.verified()).isFalse();
    assertThat(got.event()).isEqualTo(TestEvents.escalated());
    assertThat(lines.get(0)).startsWith("REJECTED webhook-id=" + TestEvents.escalated().eventId()
        + ": no matching signature");
  }

  @Test
  void aTamperedBodyOrStaleTimestampIsRejected() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);
    AlertEvent event = TestEvents.escalated();
    String body = AlertJson.toWebhookBody(event);
    long now = Instant.now().getEpochSecond();
    String signature = new WebhookSigner(List.of(SECRET)).sign(event.eventId(), now, body);
    String stale = new WebhookSigner(List.of(SECRET)).sign(event.eventId(), now - 600, body);
    HttpClient http = HttpClient.newHttpClient();

    int tampered = post(http, event.eventId(), now, signature, body.replace("41.5", "14.5")).statusCode();
    int old = post(http, event.eventId(), now - 600, stale, body).statusCode();
    int ok = post(http, event.eventId(), now, signature, body).statusCode();

    assertThat(List.of(tampered, old, ok)).containsExactly(401, 401, 204);
    assertThat(receiver.received()).extracting(ReceivedWebhook::verified).containsExactly(false, false, true);
    assertThat(receiver.received().get(1).error()).contains("too old");
  }

  @Test
  void aRepeatedIdIsMarkedAsDuplicate() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);

    send(TestEvents.escalated(), SECRET);
    send(TestEvents.escalated(), SECRET);

    assertThat(receiver.received()).extracting(ReceivedWebhook::duplicate).containsExactly(false, true);
    assertThat(lines.get(1)).contains(" (duplicate): ");
  }

  @Test
  void onlyPostIsAccepted() throws Exception {
    receiver = WebhookReceiver.start(0, List.of(SECRET), lines::add);

    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver.url()).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(receiver.received()).isEmpty();
  }

  private HttpResponse<String> post(HttpClient http, String id, long ts, String signature, String body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(receiver.url()).timeout(Duration.ofSeconds(5))
        .header("content-type", "application/json").header("webhook-id", id)
        .header("webhook-timestamp", Long.toString(ts)).header("webhook-signature", signature)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
