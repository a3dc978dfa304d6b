package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.vigil.alerts.webhook.ScriptedServer.Answer.hanging;
import static org.vigil.alerts.webhook.ScriptedServer.Answer.status;
import static org.vigil.alerts.webhook.ScriptedServer.Answer.withHeader;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.DeliveryResult.Outcome;
import org.vigil.alerts.webhook.ScriptedServer.Request;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;

class WebhookDispatcherTest {

  private static final String SECRET = TestEvents.SECRET;

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final RecordingScheduler scheduler = track(new RecordingScheduler());

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    toClose.add(c);
    return c;
  }

  private ScriptedServer server(ScriptedServer.Answer... answers) throws IOException {
    return track(new ScriptedServer(answers));
  }

  /** Second-scale backoff on paper; the recording scheduler makes retries immediate. */
  private static WebhookEndpoint endpoint(String name, String url) {
    return WebhookEndpoint.of(name, url, SECRET).withTimeout(Duration.ofSeconds(2))
        .withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  private WebhookDispatcher dispatcher(WebhookEndpoint... endpoints) {
    return dispatcher(Clock.systemUTC(), endpoints);
  }

  private WebhookDispatcher dispatcher(Clock clock, WebhookEndpoint... endpoints) {
    return track(WebhookDispatcher.builder().endpoints(List.of(endpoints)).scheduler(scheduler)
        .random(BackoffTest.fixed(0.5)).clock(clock).build());
  }

  private static DeliveryResult only(List<DeliveryResult> results) {
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static List<DeliveryResult> await5s(java.util.concurrent.CompletableFuture<List<DeliveryResult>> f)
      throws Exception {
    return f.get(5, TimeUnit.SECONDS);
  }

  @Test
  void serverErrorsAreRetriedWithTheSameIdAndBodyUntilDelivered() throws Exception {
    ScriptedServer s = server(status(500), status(500), status(200));
    AlertEvent event = TestEvents.escalated();

    DeliveryResult r = only(await5s(dispatcher(endpoint("ops", s.url())).dispatch(event)));

    assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.lastStatus()).isEqualTo(200);
    assertThat(r.eventId()).isEqualTo(event.eventId());
    List<Request> requests = s.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests).extracting(q -> q.header("webhook-id")).containsOnly(event.eventId());
    assertThat(requests).extracting(Request::body).containsOnly(AlertJson.toWebhookBody(event));
    assertThat(requests).extracting(q -> q.header("content-type")).containsOnly("application/json");
    WebhookVerifier verifier = new WebhookVerifier(List.of(SECRET));
    for (Request q : requests) {
      assertThatCode(() -> verifier.verify(q::header, q.body())).doesNotThrowAnyException();
    }
    // Full jitter with nextDouble() = 0.5: half of 1 s after the first failure, half of 2 s after the second.
    assertThat(scheduler.delays()).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void retryAfterIsHonouredAsSecondsOrHttpDateAndCappedByMaxBackoff() throws Exception {
    Instant now = Instant.parse("2026-11-28T08:00:00Z");
    String in30s = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now.plusSeconds(30),
        ZoneOffset.UTC));
    ScriptedServer s = server(withHeader(503, "Retry-After", "7"), withHeader(429, "Retry-After", in30s),
        withHeader(503, "Retry-After", "3600"), status(204));

    DeliveryResult r = only(await5s(dispatcher(Clock.fixed(now, ZoneOffset.UTC), endpoint("ops", s.url()))
        .dispatch(TestEvents.escalated())));

    assertThat(r.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(scheduler.delays())
        .containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(30), Duration.ofSeconds(60));
    assertThat(s.requests()).extracting(q -> q.header("webhook-timestamp"))
        .containsOnly(Long.toString(now.getEpochSecond()));
  }

  @Test
  void goneDisablesTheEndpointAndLaterEventsSkipIt() throws Exception {
    ScriptedServer gone = server(status(410));
    ScriptedServer healthy = server(status(204));
    WebhookDispatcher d = dispatcher(endpoint("gone", gone.url()), endpoint("healthy", healthy.url()));

    List<DeliveryResult> first = await5s(d.dispatch(TestEvents.opened("alt_1", Level.RED)));
    List<DeliveryResult> second = await5s(d.dispatch(TestEvents.opened("alt_2", Level.RED)));

    assertThat(first.get(0)).extracting(DeliveryResult::outcome, DeliveryResult::attempts,
        DeliveryResult::lastStatus).containsExactly(Outcome.ENDPOINT_DISABLED, 1, 410);
    assertThat(second.get(0)).extracting(DeliveryResult::outcome, DeliveryResult::attempts)
        .containsExactly(Outcome.ENDPOINT_DISABLED, 0);
    assertThat(second.get(0).reason()).contains("410 Gone");
    assertThat(first.get(1).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(second.get(1).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(gone.count()).isEqualTo(1);
    assertThat(healthy.count()).isEqualTo(2);
    assertThat(d.disabledEndpoints()).containsExactly("gone");
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void aClientErrorIsDeadLetteredWithoutRetry() throws Exception {
    ScriptedServer s = server(status(400, "{\"error\": \"unknown field level\"}\n"));

    DeliveryResult r = only(await5s(dispatcher(endpoint("ops", s.url())).dispatch(TestEvents.escalated())));

    assertThat(r.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.lastStatus()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("HTTP 400: {\"error\": \"unknown field level\"} (not retried)");
    assertThat(s.count()).isEqualTo(1);
    assertThat(scheduler.delays()).isEmpty();
  }

  @Test
  void aSpentRetryBudgetIsDeadLetteredWithTheAttemptCount() throws Exception {
    ScriptedServer s = server(status(503));

    DeliveryResult r = only(await5s(dispatcher(endpoint("ops", s.url()).withMaxAttempts(4))
        .dispatch(TestEvents.escalated())));

    assertThat(r.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(r.attempts()).isEqualTo(4);
    assertThat(r.lastStatus()).isEqualTo(503);
    assertThat(r.reason()).isEqualTo("gave up after 4 attempts; last: HTTP 503");
    assertThat(s.count()).isEqualTo(4);
    assertThat(scheduler.delays()).hasSize(3);
  }

  @Test
  void connectionErrorsAreRetried() throws Exception {
    int freePort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      freePort = socket.getLocalPort();
    }

    DeliveryResult r = only(await5s(dispatcher(endpoint("down", "http://127.0.0.1:" + freePort + "/hook")
        .withMaxAttempts(2)).dispatch(TestEvents.escalated())));

    assertThat(r.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(r.lastStatus()).isZero();
    assertThat(r.reason()).startsWith("gave up after 2 attempts; last: ConnectException");
  }

  @Test
  void aHangingEndpointDoesNotDelayAHealthyOne() throws Exception {
    ScriptedServer hangs = server(hanging());
    ScriptedServer healthy = server(status(204));
    // The timeout is well above the 500 ms bound, so an implementation that waited for it would fail.
    WebhookEndpoint slow = endpoint("hangs", hangs.url()).withTimeout(Duration.ofSeconds(1)).withMaxAttempts(1);
    WebhookDispatcher d = dispatcher(slow, endpoint("healthy", healthy.url()));
    // Warm up the JVM's HTTP client classes on the healthy endpoint alone, so the measure below is about isolation.
    await5s(dispatcher(endpoint("warm-up", healthy.url())).dispatch(TestEvents.opened("alt_warm", Level.BLUE)));

    long start = System.nanoTime();
    var pending = d.dispatch(TestEvents.escalated());
    await().atMost(Duration.ofSeconds(2)).until(() -> healthy.count() == 2);

    long healthyMs = TimeUnit.NANOSECONDS.toMillis(healthy.requests().get(1).receivedNanos() - start);
    assertThat(healthyMs).as("ms until the healthy endpoint got the event").isLessThan(500);
    List<DeliveryResult> results = await5s(pending);
    assertThat(results.get(1).outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(results.get(0).outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(results.get(0).reason()).contains("gave up after 1 attempt;", "HttpTimeoutException");
    assertThat(hangs.count()).isEqualTo(1);
  }

  @Test
  void perEndpointLimitsBoundWhatIsInFlightAndQueued() throws Exception {
    ScriptedServer hangs = server(hanging());
    WebhookDispatcher d = track(WebhookDispatcher.builder().endpoint(endpoint("hangs", hangs.url()))
        .scheduler(scheduler).maxInFlightPerEndpoint(1).maxQueuedPerEndpoint(1).build());

    var inFlight = d.dispatch(TestEvents.opened("alt_1", Level.RED));
    var queued = d.dispatch(TestEvents.opened("alt_2", Level.RED));
    DeliveryResult overflow = only(d.dispatch(TestEvents.opened("alt_3", Level.RED)).get(1, TimeUnit.SECONDS));

    assertThat(overflow.outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(overflow.attempts()).isZero();
    assertThat(overflow.reason()).startsWith("queue full");
    await().atMost(Duration.ofSeconds(2)).until(() -> hangs.count() == 1);
    assertThat(inFlight).isNotDone();
    assertThat(queued).isNotDone();
    d.close();
    assertThat(only(await5s(inFlight))).extracting(DeliveryResult::outcome, DeliveryResult::attempts)
        .containsExactly(Outcome.CANCELLED, 1);
    assertThat(only(await5s(queued))).extracting(DeliveryResult::outcome, DeliveryResult::attempts)
        .containsExactly(Outcome.CANCELLED, 0);
    assertThat(hangs.count()).isEqualTo(1);
  }

  @Test
  void eventsBelowTheEndpointsMinimumLevelAreFilteredOut() throws Exception {
    ScriptedServer s = server(status(204));
    WebhookDispatcher d = dispatcher(endpoint("red-only", s.url()).withMinLevel(Level.RED));

    DeliveryResult r = only(await5s(d.dispatch(TestEvents.escalated())));

    assertThat(r.outcome()).isEqualTo(Outcome.FILTERED);
    assertThat(r.reason()).isEqualTo("level orange is below the endpoint's minimum red");
    assertThat(s.count()).isZero();
    assertThat(only(await5s(d.dispatch(TestEvents.opened("alt_red", Level.RED)))).delivered()).isTrue();
  }

  @Test
  void bothSecretsSignDuringARotation() throws Exception {
    ScriptedServer s = server(status(204));
    String newSecret = WebhookSigner.generateSecret();
    WebhookEndpoint e = WebhookEndpoint.of("ops", s.url(), newSecret, SECRET);

    assertThat(only(await5s(dispatcher(e).dispatch(TestEvents.escalated()))).delivered()).isTrue();

    Request q = s.requests().get(0);
    assertThat(q.header("webhook-signature").split(" ")).hasSize(2).allMatch(sig -> sig.startsWith("v1,"));
    assertThatCode(() -> new WebhookVerifier(List.of(SECRET)).verify(q::header, q.body()))
        .doesNotThrowAnyException();
    assertThatCode(() -> new WebhookVerifier(List.of(newSecret)).verify(q::header, q.body()))
        .doesNotThrowAnyException();
  }

  @Test
  void closeCancelsWhatIsPendingAndLaterDispatches() throws Exception {
    ScriptedServer s = server(status(503));
    RecordingScheduler holding = track(new RecordingScheduler(true));
    WebhookDispatcher d = track(WebhookDispatcher.builder().endpoint(endpoint("ops", s.url()))
        .scheduler(holding).build());

    var pending = d.dispatch(TestEvents.escalated());
    await().atMost(Duration.ofSeconds(2)).until(() -> holding.delays().size() == 1);
    d.close();

    DeliveryResult r = only(await5s(pending));
    assertThat(r.outcome()).isEqualTo(Outcome.CANCELLED);
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(only(await5s(d.dispatch(TestEvents.escalated()))).outcome()).isEqualTo(Outcome.CANCELLED);
  }

  @Test
  void theFirstRequestToAnEndpointGoesAloneSoAGoneEndpointGetsExactlyOne() throws Exception {
    ScriptedServer gone = server(status(410));
    WebhookDispatcher d = track(WebhookDispatcher.builder().endpoint(endpoint("gone", gone.url()))
        .scheduler(scheduler).maxInFlightPerEndpoint(4).build());

    List<java.util.concurrent.CompletableFuture<DeliveryResult>> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      burst.add(d.deliver("gone", "evt_" + i, "{}"));
    }
    List<DeliveryResult> results = new ArrayList<>();
    for (var f : burst) {
      results.add(f.get(5, TimeUnit.SECONDS));
    }

    assertThat(gone.count()).isEqualTo(1);
    assertThat(results).extracting(DeliveryResult::outcome).containsOnly(Outcome.ENDPOINT_DISABLED);
    assertThat(results).extracting(DeliveryResult::attempts).containsExactly(1, 0, 0, 0, 0);
  }

  @Test
  void deliverSendsOneBodyToOneEndpointUnderTheGivenId() throws Exception {
    ScriptedServer a = server(status(204));
    ScriptedServer b = server(status(204));
    WebhookDispatcher d = dispatcher(endpoint("a", a.url()), endpoint("b", b.url()));
    String body = AlertJson.toWebhookBody(TestEvents.escalated());

    DeliveryResult r = d.deliver("b", "evt_1", body).get(5, TimeUnit.SECONDS);
    DeliveryResult unknown = d.deliver("gone-from-config", "evt_2", body).get(1, TimeUnit.SECONDS);

    assertThat(r).extracting(DeliveryResult::endpoint, DeliveryResult::eventId, DeliveryResult::outcome,
        DeliveryResult::attempts, DeliveryResult::lastStatus).containsExactly("b", "evt_1", Outcome.DELIVERED, 1, 204);
    assertThat(a.count()).isZero();
    assertThat(b.requests()).singleElement().satisfies(q -> {
      assertThat(q.header("webhook-id")).isEqualTo("evt_1");
      assertThat(q.body()).isEqualTo(body);
      assertThatCode(() -> new WebhookVerifier(List.of(SECRET)).verify(q::header, q.body()))
          .doesNotThrowAnyException();
    });
    assertThat(unknown).extracting(DeliveryResult::outcome, DeliveryResult::attempts)
        .containsExactly(Outcome.DEAD_LETTERED, 0);
    assertThat(unknown.reason()).isEqualTo("no endpoint named 'gone-from-config' is configured");
    assertThat(unknown.retryBudgetSpent()).isFalse();
  }

  @Test
  void retryBudgetSpentTellsGivingUpFromARejection() {
    assertThat(new DeliveryResult("a", "e", Outcome.DEAD_LETTERED, 3, 503, 10, "").retryBudgetSpent()).isTrue();
    assertThat(new DeliveryResult("a", "e", Outcome.DEAD_LETTERED, 3, 429, 10, "").retryBudgetSpent()).isTrue();
    assertThat(new DeliveryResult("a", "e", Outcome.DEAD_LETTERED, 2, 0, 10, "").retryBudgetSpent()).isTrue();
    assertThat(new DeliveryResult("a", "e", Outcome.DEAD_LETTERED, 1, 400, 10, "").retryBudgetSpent()).isFalse();
    assertThat(new DeliveryResult("a", "e", Outcome.DEAD_LETTERED, 0, 0, 0, "queue full").retryBudgetSpent())
        .isFalse();
    assertThat(new DeliveryResult("a", "e", Outcome.DELIVERED, 3, 200, 10, "").retryBudgetSpent()).isFalse();
  }

  @Test
  void buildReportsEveryEndpointProblem() {
    WebhookEndpoint a = WebhookEndpoint.of("a", "mailto:ops@example.org", SECRET);
    WebhookEndpoint b = WebhookEndpoint.of("a", "http://127.0.0.1:1/x").withMaxAttempts(0);

    assertThatThrownBy(() -> WebhookDispatcher.builder().endpoint(a).endpoint(b).maxInFlightPerEndpoint(0).build())
        .isInstanceOfSatisfying(ConfigException.class, ex -> assertThat(ex.problems()).containsExactly(
            "webhook 'a': url mailto:… must be http or https",
            "webhook 'a': needs one secret, or two during a rotation; got 0",
            "webhook 'a': maxAttempts must be at least 1, got 0",
            "webhook name 'a' is used by two endpoints",
            "maxInFlightPerEndpoint must be at least 1, got 0"));
  }
}
