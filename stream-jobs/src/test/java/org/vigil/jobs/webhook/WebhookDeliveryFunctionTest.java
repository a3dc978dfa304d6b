package org.vigil.jobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.groups.Tuple;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.jobs.webhook.DeliveryRecord.Outcome;
import org.vigil.jobs.webhook.TestEndpoint.Answer;

/**
 * The delivery operator in Flink's keyed test harness against real local HTTP endpoints: outcomes become records,
 * pending deliveries survive a snapshot and are re-sent after a restore under the same webhook-id, the retry budget,
 * the pending bound, replays, a remembered 410.
 */
class WebhookDeliveryFunctionTest {

  private static final Duration POLL = Duration.ofMillis(100);

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final AtomicLong processingTime = new AtomicLong(0);

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

  private TestEndpoint endpoint(java.util.function.Function<TestEndpoint.Request, Answer> b) throws Exception {
    return track(new TestEndpoint(b));
  }

  private static WebhookEndpoint config(String name, TestEndpoint server) {
    return WebhookEndpoint.of(name, server.url(), TestAlerts.SECRET).withTimeout(Duration.ofSeconds(2))
        .withBackoff(Duration.ofMillis(10), Duration.ofMillis(20));
  }

  private static WebhookDeliveryOptions options() {
    return WebhookDeliveryOptions.defaults().withPollInterval(POLL);
  }

  private KeyedOneInputStreamOperatorTestHarness<String, WebhookTask, DeliveryRecord> harness(
      WebhookDeliveryOptions options, WebhookEndpoint... endpoints) throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new WebhookDeliveryFunction(List.of(endpoints), options)), WebhookTask::endpoint,
        Types.STRING);
    toClose.add(h);
    return h;
  }

  private static void send(KeyedOneInputStreamOperatorTestHarness<String, WebhookTask, DeliveryRecord> h,
      String endpoint, AlertEvent e) throws Exception {
    h.processElement(new WebhookTask(endpoint, e), 0L);
  }

  /** Advances processing time one poll interval per try until {@code n} records were emitted. */
  private List<DeliveryRecord> awaitRecords(
      KeyedOneInputStreamOperatorTestHarness<String, WebhookTask, DeliveryRecord> h, int n) {
    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
      h.setProcessingTime(processingTime.addAndGet(POLL.toMillis()));
      return h.extractOutputValues().size() >= n;
    });
    return h.extractOutputValues();
  }

  @Test
  void aDeliveryEmitsADeliveredRecordWithItsIdAttemptsAndStatus() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.status(204));
    var h = harness(options(), config("ops", server));
    h.open();
    AlertEvent e = TestAlerts.opened(1);

    send(h, "ops", e);
    DeliveryRecord r = awaitRecords(h, 1).get(0);

    assertThat(r).extracting(DeliveryRecord::endpoint, DeliveryRecord::eventId, DeliveryRecord::outcome,
        DeliveryRecord::attempts, DeliveryRecord::lastStatus, DeliveryRecord::body)
        .containsExactly("ops", e.eventId(), Outcome.DELIVERED, 1, 204, "");
    assertThat(r.latencyMs()).isBetween(0L, 5_000L);
    assertThat(server.requests()).singleElement().satisfies(q -> {
      assertThat(q.id()).isEqualTo(e.eventId());
      assertThat(q.body()).isEqualTo(AlertJson.toWebhookBody(e));
    });
  }

  @Test
  void pendingDeliveriesSurviveASnapshotAndAreResentWithTheSameWebhookIdAfterTheRestore() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.status(503));
    // A long backoff: after the first 503 the deliveries wait to retry, pending, when the snapshot is taken.
    WebhookEndpoint ops = config("ops", server).withBackoff(Duration.ofSeconds(60), Duration.ofSeconds(60));
    var before = harness(options(), ops);
    before.open();
    AlertEvent e1 = TestAlerts.opened(1);
    AlertEvent e2 = TestAlerts.opened(2);
    send(before, "ops", e1);
    send(before, "ops", e2);
    // e1 was answered 503; e2 went after it (or met an I/O error and waits to retry): both are pending.
    await().atMost(Duration.ofSeconds(5)).until(() -> server.count() >= 1);
    before.setProcessingTime(processingTime.addAndGet(POLL.toMillis()));
    int sentBefore = server.count();

    OperatorSubtaskState snapshot = before.snapshot(1L, processingTime.get());
    assertThat(before.extractOutputValues()).as("nothing final before the snapshot").isEmpty();
    before.close();
    toClose.remove(before);
    server.behave(r -> Answer.status(204));

    // The restored job may run with other endpoint settings (they are not state): a short backoff here, so a
    // transient I/O error on a pooled connection does not leave the test waiting a minute.
    var after = harness(options(), config("ops", server));
    after.initializeState(snapshot);
    after.open();
    List<DeliveryRecord> records = awaitRecords(after, 2);

    assertThat(records).extracting(DeliveryRecord::eventId, DeliveryRecord::outcome)
        .containsExactlyInAnyOrder(
            Tuple.tuple(e1.eventId(), Outcome.DELIVERED),
            Tuple.tuple(e2.eventId(), Outcome.DELIVERED));
    List<TestEndpoint.Request> requests = server.requests();
    assertThat(requests.get(0).id()).isEqualTo(e1.eventId());
    assertThat(requests.subList(0, sentBefore)).extracting(TestEndpoint.Request::answered).containsOnly(503);
    // After the restore: each pending event accepted exactly once, under its own id.
    assertThat(requests.subList(sentBefore, requests.size()))
        .extracting(TestEndpoint.Request::id, TestEndpoint.Request::answered)
        .containsExactlyInAnyOrder(Tuple.tuple(e1.eventId(), 204), Tuple.tuple(e2.eventId(), 204));
    WebhookVerifier verifier = new WebhookVerifier(List.of(TestAlerts.SECRET));
    for (TestEndpoint.Request q : requests) {
      assertThatCode(() -> verifier.verify(q::header, q.body())).doesNotThrowAnyException();
      assertThat(q.id()).isEqualTo(AlertJson.fromWebhookBody(q.body()).eventId());
    }
    // And nothing is left: another snapshot restores no pending delivery.
    assertThat(after.snapshot(2L, processingTime.get())).isNotNull();
    int sentAfter = server.count();
    after.setProcessingTime(processingTime.addAndGet(10 * POLL.toMillis()));
    assertThat(server.count()).isEqualTo(sentAfter);
  }

  @Test
  void aSpentRetryBudgetEndsInAGaveUpRecordAndADeadLetter() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.status(503));
    var h = harness(options(), config("ops", server).withMaxAttempts(3));
    h.open();
    AlertEvent e = TestAlerts.opened(7);

    send(h, "ops", e);
    DeliveryRecord r = awaitRecords(h, 1).get(0);

    assertThat(r).extracting(DeliveryRecord::outcome, DeliveryRecord::attempts, DeliveryRecord::lastStatus)
        .containsExactly(Outcome.GAVE_UP, 3, 503);
    assertThat(r.reason()).isEqualTo("gave up after 3 attempts; last: HTTP 503");
    assertThat(r.body()).isEqualTo(AlertJson.toWebhookBody(e));
    assertThat(server.count()).isEqualTo(3);
    DeadLetter d = WebhookDeadLetters.of(r);
    assertThat(d.topic()).isEqualTo("webhook/ops");
    assertThat(d.reason()).isEqualTo("webhook_gave_up");
    assertThat(d.detail()).isEqualTo("webhook ops did not get " + e.eventId()
        + " (gave_up, 3 attempts, last status 503): gave up after 3 attempts; last: HTTP 503");
    assertThat(d.payload()).isEqualTo(r.body());
    assertThat(d.receivedAtMs()).isEqualTo(r.recordedAtMs());
  }

  @Test
  void pastTheBoundNewDeliveriesAreDeadLetteredAtOnceAndAReplayOfAPendingOneIsNotSentTwice() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.hanging());
    var h = harness(options().withMaxPendingPerEndpoint(2), config("slow", server).withTimeout(Duration.ofSeconds(30)));
    h.open();

    send(h, "slow", TestAlerts.opened(1));
    send(h, "slow", TestAlerts.opened(2));
    send(h, "slow", TestAlerts.opened(1)); // a replay of a pending event
    send(h, "slow", TestAlerts.opened(3));

    // No time advanced, no HTTP answer: the queue-full record comes straight from processElement.
    assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
      assertThat(r.eventId()).isEqualTo(TestAlerts.opened(3).eventId());
      assertThat(r.outcome()).isEqualTo(Outcome.QUEUE_FULL);
      assertThat(r.attempts()).isZero();
      assertThat(r.reason()).isEqualTo("queue full: 2 deliveries already pending for slow");
      assertThat(WebhookDeadLetters.of(r).reason()).isEqualTo("webhook_queue_full");
    });
    // First contact goes alone, and it hangs: the second delivery waits for it, pending, not sent.
    await().atMost(Duration.ofSeconds(5)).until(() -> server.count() == 1);
    h.setProcessingTime(processingTime.addAndGet(5 * POLL.toMillis()));
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> server.count() == 1);
    assertThat(server.requests()).extracting(TestEndpoint.Request::id)
        .containsExactly(TestAlerts.opened(1).eventId());
    assertThat(h.extractOutputValues()).hasSize(1);
  }

  @Test
  void a410DisablesTheEndpointAndTheRestoredJobRemembersIt() throws Exception {
    TestEndpoint gone = endpoint(r -> Answer.status(410));
    WebhookEndpoint cfg = config("gone", gone);
    var before = harness(options(), cfg);
    before.open();
    send(before, "gone", TestAlerts.opened(1));
    assertThat(awaitRecords(before, 1)).singleElement()
        .extracting(DeliveryRecord::outcome, DeliveryRecord::attempts, DeliveryRecord::lastStatus)
        .containsExactly(Outcome.DISABLED, 1, 410);
    OperatorSubtaskState snapshot = before.snapshot(1L, processingTime.get());
    before.close();
    toClose.remove(before);

    var after = harness(options(), cfg);
    after.initializeState(snapshot);
    after.open();
    send(after, "gone", TestAlerts.opened(2));

    assertThat(after.extractOutputValues()).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.DISABLED);
      assertThat(r.attempts()).isZero();
      assertThat(r.reason()).startsWith("endpoint disabled: it answered 410 Gone earlier");
    });
    assertThat(gone.count()).isEqualTo(1);

    // A new URL under the same name is a new endpoint: enabled again.
    TestEndpoint moved = endpoint(r -> Answer.status(204));
    var third = harness(options(), config("gone", moved));
    third.initializeState(after.snapshot(2L, processingTime.get()));
    third.open();
    send(third, "gone", TestAlerts.opened(3));
    assertThat(awaitRecords(third, 1)).singleElement().extracting(DeliveryRecord::outcome)
        .isEqualTo(Outcome.DELIVERED);
  }

  @Test
  void aDeliveryRestoredForAnEndpointNoLongerConfiguredIsDeadLetteredNotLost() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.status(503));
    TestEndpoint other = endpoint(r -> Answer.status(204));
    var before = harness(options(), config("old", server).withBackoff(Duration.ofSeconds(60), Duration.ofSeconds(60)));
    before.open();
    send(before, "old", TestAlerts.opened(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> server.count() == 1);
    OperatorSubtaskState snapshot = before.snapshot(1L, processingTime.get());
    before.close();
    toClose.remove(before);

    var after = harness(options(), config("new", other));
    after.initializeState(snapshot);
    after.open();

    assertThat(awaitRecords(after, 1)).singleElement().satisfies(r -> {
      assertThat(r.outcome()).isEqualTo(Outcome.UNKNOWN_ENDPOINT);
      assertThat(r.reason()).isEqualTo("no endpoint named 'old' is configured");
      assertThat(WebhookDeadLetters.of(r).reason()).isEqualTo("webhook_unknown_endpoint");
    });
  }

  @Test
  void recordsOfOneEndpointNeverShareAMillisecond() throws Exception {
    TestEndpoint server = endpoint(r -> Answer.status(204));
    var h = harness(options(), config("ops", server));
    h.open();
    for (int i = 0; i < 20; i++) {
      send(h, "ops", TestAlerts.opened(i));
    }
    List<DeliveryRecord> records = awaitRecords(h, 20);
    assertThat(records).extracting(DeliveryRecord::recordedAtMs).doesNotHaveDuplicates();
  }
}
