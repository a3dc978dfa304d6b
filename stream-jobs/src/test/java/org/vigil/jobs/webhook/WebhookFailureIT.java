package org.vigil.jobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.connectors.testing.TestServices;
import org.vigil.jobs.checkpoint.LocalFlink;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxSink;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.jobs.webhook.DeliveryRecord.Outcome;
import org.vigil.jobs.webhook.TestEndpoint.Answer;

/**
 * Webhook endpoints failing, slow, gone and hanging, in a MiniCluster (parallelism 2, checkpoints every second)
 * with real HTTP servers: one bad endpoint does not delay the good one nor the checkpoints; failing endpoints get
 * every event eventually; Retry-After is honoured; 410 disables; a hanging endpoint ends in dead letters after its
 * budget. And pending deliveries survive a job restart from a retained checkpoint. Outcomes go to the real InfluxDB.
 */
class WebhookFailureIT {

  private static final Logger LOG = LoggerFactory.getLogger(WebhookFailureIT.class);

  /** When each event left the source (wall ms), for end-to-end latency. */
  static final Map<String, Long> EMITTED = new ConcurrentHashMap<>();
  static final AtomicInteger EMITTED_COUNT = new AtomicInteger();
  /** Completed checkpoint id -> wall ms of its completion notice. */
  static final NavigableMap<Long, Long> CHECKPOINTS = new ConcurrentSkipListMap<>();

  @TempDir Path checkpointDir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private JobClient job;

  @BeforeEach
  void reset() {
    EMITTED.clear();
    EMITTED_COUNT.set(0);
    CHECKPOINTS.clear();
    CollectSink.clear("records");
    CollectSink.clear("deadletters");
  }

  @AfterEach
  void stop() throws Exception {
    if (job != null) {
      try {
        job.cancel().get();
      } catch (Exception e) {
        LOG.debug("cancel after test", e);
      }
    }
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T track(T c) {
    toClose.add(c);
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void oneBadEndpointNeverDelaysTheGoodOneNorCheckpointsAndNothingIsLost() throws Exception {
    int n = 200;
    WebhookReceiver good = track(WebhookReceiver.start(0, List.of(TestAlerts.SECRET), null));
    AtomicLong first500 = new AtomicLong();
    TestEndpoint flaky = track(new TestEndpoint(r -> {
      first500.compareAndSet(0, r.receivedAtMs());
      return r.receivedAtMs() < first500.get() + 3_000 ? Answer.status(500) : Answer.status(204);
    }));
    AtomicLong first429 = new AtomicLong();
    TestEndpoint limited = track(new TestEndpoint(r -> {
      first429.compareAndSet(0, r.receivedAtMs());
      return r.receivedAtMs() < first429.get() + 3_000 ? Answer.withHeader(429, "Retry-After", "1")
          : Answer.status(204);
    }));
    TestEndpoint gone = track(TestEndpoint.answering(410));
    TestEndpoint hangs = track(new TestEndpoint(r -> Answer.hanging()));

    List<WebhookEndpoint> endpoints = List.of(
        WebhookEndpoint.of("good", good.url().toString(), TestAlerts.SECRET),
        WebhookEndpoint.of("flaky500", flaky.url(), TestAlerts.SECRET).withMaxAttempts(30)
            .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
        WebhookEndpoint.of("limited429", limited.url(), TestAlerts.SECRET).withMaxAttempts(30)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(2)),
        WebhookEndpoint.of("gone410", gone.url(), TestAlerts.SECRET),
        WebhookEndpoint.of("hangs", hangs.url(), TestAlerts.SECRET).withTimeout(Duration.ofMillis(500))
            .withMaxAttempts(2).withBackoff(Duration.ofMillis(100), Duration.ofMillis(200)));
    WebhookDeliveryOptions options = WebhookDeliveryOptions.defaults().withPollInterval(Duration.ofMillis(200))
        .withMaxInFlightPerEndpoint(16);
    String db = "it_webhooks_" + run;
    InfluxClient influx = TestInflux.client();
    influx.createDatabase(db);

    StreamExecutionEnvironment env = environment(null);
    build(env, endpoints, options, n, 50, db);
    long start = System.currentTimeMillis();
    job = env.executeAsync("webhook-failure-it");

    // The good endpoint gets all events, verified, while the hanging endpoint is still stuck.
    await().atMost(Duration.ofSeconds(40)).until(() -> verifiedIds(good).size() == n);
    long goodDoneAt = System.currentTimeMillis();
    long hangingFinalAtThatTime = records("hangs").size();

    await().atMost(Duration.ofSeconds(90)).until(() -> CollectSink.<DeliveryRecord>collected("records").size() >= 5 * n);
    long allDoneAt = System.currentTimeMillis();
    List<DeliveryRecord> hangRecords = records("hangs");
    long hangingDoneAt = hangRecords.stream().mapToLong(DeliveryRecord::recordedAtMs).max().orElseThrow();

    // --- the good endpoint
    List<ReceivedWebhook> got = good.received();
    List<Long> latencies = got.stream().filter(ReceivedWebhook::verified)
        .map(w -> w.receivedAt().toEpochMilli() - EMITTED.get(w.id())).sorted().toList();
    long p50 = latencies.get(latencies.size() / 2);
    long p95 = latencies.get((int) Math.ceil(latencies.size() * 0.95) - 1);
    long max = latencies.get(latencies.size() - 1);
    // --- the 500 and 429 endpoints
    Map<String, List<TestEndpoint.Request>> byId429 = limited.requests().stream()
        .collect(Collectors.groupingBy(TestEndpoint.Request::id, TreeMap::new, Collectors.toList()));
    long minRetryAfterGap = Long.MAX_VALUE;
    int retriedAfter429 = 0;
    for (List<TestEndpoint.Request> attempts : byId429.values()) {
      for (int i = 1; i < attempts.size(); i++) {
        if (attempts.get(i - 1).answered() == 429) {
          minRetryAfterGap = Math.min(minRetryAfterGap, attempts.get(i).receivedAtMs() - attempts.get(i - 1).receivedAtMs());
          retriedAfter429++;
        }
      }
    }
    // --- checkpoints while the hanging endpoint was stuck
    List<Long> cpTimes = new ArrayList<>(CHECKPOINTS.values());
    long duringHang = cpTimes.stream().filter(t -> t >= start && t <= hangingDoneAt).count();
    long maxGap = 0;
    for (int i = 1; i < cpTimes.size(); i++) {
      if (cpTimes.get(i) <= hangingDoneAt) {
        maxGap = Math.max(maxGap, cpTimes.get(i) - cpTimes.get(i - 1));
      }
    }
    List<DeadLetter> dead = CollectSink.collected("deadletters");

    System.out.printf("%n=== WebhookFailureIT: %d events, 5 endpoints, parallelism 2, checkpoints every 1 s ===%n", n);
    System.out.printf("good:       %d requests, %d verified distinct ids; end-to-end latency p50 %d ms, p95 %d ms,"
        + " max %d ms; all in after %d ms, when the hanging endpoint had %d of %d final%n", got.size(),
        verifiedIds(good).size(), p50, p95, max, goodDoneAt - start, hangingFinalAtThatTime, n);
    System.out.printf("flaky500:   %d requests (%d answered 500), outcomes %s%n", flaky.count(),
        flaky.requests().stream().filter(r -> r.answered() == 500).count(), outcomes("flaky500"));
    System.out.printf("limited429: %d requests (%d answered 429), %d retries after a 429, min gap %d ms, outcomes %s%n",
        limited.count(), limited.requests().stream().filter(r -> r.answered() == 429).count(), retriedAfter429,
        minRetryAfterGap, outcomes("limited429"));
    System.out.printf("gone410:    %d requests, outcomes %s%n", gone.count(), outcomes("gone410"));
    System.out.printf("hangs:      %d requests, outcomes %s, min latency %d ms, last outcome at +%d ms%n",
        hangs.count(), outcomes("hangs"), hangRecords.stream().mapToLong(DeliveryRecord::latencyMs).min().orElse(-1),
        hangingDoneAt - start);
    System.out.printf("checkpoints: %d completed in all, %d while the hanging endpoint was stuck (+0..+%d ms),"
        + " longest gap %d ms%n", cpTimes.size(), duringHang, hangingDoneAt - start, maxGap);
    System.out.printf("dead letters: %s%n", dead.stream().collect(Collectors.groupingBy(DeadLetter::reason,
        TreeMap::new, Collectors.counting())));

    assertThat(got).allMatch(ReceivedWebhook::verified);
    assertThat(verifiedIds(good)).hasSize(n);
    // ~0.2 s on a quiet machine; 1.0-1.8 s with other builds loading both cores. Held behind the hanging endpoint,
    // the good one would wait two 500 ms timeouts per event: event k of the 200 (emitted 20 ms apart) would arrive
    // about k s after it was sent, a p95 near 190 s. 5 s separates the two cases by a wide margin on any load.
    assertThat(p95).as("p95 end-to-end latency of the good endpoint, ms").isLessThan(5_000);
    assertThat(hangingFinalAtThatTime).as("the hanging endpoint was still stuck when the good one had everything")
        .isLessThan(n);

    assertThat(records("flaky500")).hasSize(n).allMatch(DeliveryRecord::delivered);
    assertThat(flaky.requests().stream().filter(r -> r.answered() == 500).count()).isPositive();
    assertThat(flaky.requests().stream().filter(r -> r.answered() == 204).map(TestEndpoint.Request::id)
        .collect(Collectors.toSet())).hasSize(n);

    assertThat(records("limited429")).hasSize(n).allMatch(DeliveryRecord::delivered);
    assertThat(limited.requests().stream().filter(r -> r.answered() == 204).map(TestEndpoint.Request::id)
        .collect(Collectors.toSet())).hasSize(n);
    assertThat(retriedAfter429).isPositive();
    assertThat(minRetryAfterGap).as("ms between a 429 with Retry-After: 1 and the next attempt").isGreaterThanOrEqualTo(1_000);

    assertThat(gone.count()).as("requests to the 410 endpoint").isEqualTo(1);
    assertThat(records("gone410")).hasSize(n).allMatch(r -> r.outcome() == Outcome.DISABLED);
    assertThat(records("gone410")).filteredOn(r -> r.attempts() == 1).singleElement()
        .extracting(DeliveryRecord::lastStatus).isEqualTo(410);

    assertThat(hangRecords).hasSize(n).allMatch(r -> r.outcome() == Outcome.GAVE_UP && r.attempts() == 2);
    assertThat(hangRecords).allMatch(r -> r.latencyMs() >= 1_000, "two 500 ms timeouts each");
    assertThat(dead).filteredOn(d -> d.topic().equals("webhook/hangs"))
        .hasSize(n).allMatch(d -> d.reason().equals("webhook_gave_up"));
    assertThat(dead).filteredOn(d -> d.topic().equals("webhook/gone410")).hasSize(n);
    assertThat(dead).filteredOn(d -> d.topic().equals("webhook/good") || d.topic().equals("webhook/flaky500")
        || d.topic().equals("webhook/limited429")).isEmpty();

    assertThat(duringHang).as("checkpoints completed while the hanging endpoint was stuck")
        .isGreaterThanOrEqualTo((hangingDoneAt - start) / 1000 / 2);
    assertThat(maxGap).as("longest gap between completed checkpoints, ms").isLessThan(3_000);

    // Every outcome is its own point in InfluxDB (flushed at the next checkpoints).
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
        "SELECT count(event_id) FROM webhook_deliveries") == 5L * n);
    Map<String, Long> stored = new TreeMap<>();
    for (String tagPair : List.of("good/delivered", "flaky500/delivered", "limited429/delivered",
        "gone410/disabled", "hangs/gave_up")) {
      String[] p = tagPair.split("/");
      stored.put(tagPair, influx.count(db, "SELECT count(event_id) FROM webhook_deliveries WHERE endpoint = '"
          + p[0] + "' AND outcome = '" + p[1] + "'"));
    }
    System.out.printf("InfluxDB webhook_deliveries: %s (all outcomes after %d ms)%n%n", stored, allDoneAt - start);
    assertThat(stored.values()).containsOnly((long) n);
    influx.dropDatabase(db);
  }

  // ---------------------------------------------------------------------------------------------------------------

  @Test
  void pendingDeliveriesSurviveAJobRestartFromTheRetainedCheckpoint() throws Exception {
    int n = 50;
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // nothing listens there until the endpoint comes up
    }
    List<WebhookEndpoint> endpoints = List.of(
        WebhookEndpoint.of("down", "http://127.0.0.1:" + port + "/hook", TestAlerts.SECRET)
            .withTimeout(Duration.ofSeconds(1)).withMaxAttempts(1_000)
            .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(1)));
    WebhookDeliveryOptions options = WebhookDeliveryOptions.defaults().withPollInterval(Duration.ofMillis(200));

    StreamExecutionEnvironment env1 = environment(null);
    build(env1, endpoints, options, n, 100, null);
    job = env1.executeAsync("webhook-restart-it-1");
    String jobId1 = job.getJobID().toHexString();
    await().atMost(Duration.ofSeconds(30)).until(() -> EMITTED_COUNT.get() == n);
    long emittedAt = System.currentTimeMillis();
    // Two checkpoints completing after the last event: the second was triggered after it, so it holds every one.
    await().atMost(Duration.ofSeconds(30)).until(() -> CHECKPOINTS.values().stream().filter(t -> t > emittedAt)
        .count() >= 2);
    assertThat(CollectSink.<DeliveryRecord>collected("records")).as("nothing final while the endpoint is down")
        .isEmpty();
    JobClient first = job;
    first.cancel().get();
    // Until its tasks are gone, the first job's dispatcher may still be retrying; wait, so only the restore sends.
    try {
      first.getJobExecutionResult().get(30, TimeUnit.SECONDS); // completes when every task has ended
    } catch (ExecutionException cancelled) {
      LOG.debug("first job ended: {}", cancelled.getCause().toString());
    }
    job = null;
    Path checkpoint = latestCheckpoint(checkpointDir.resolve(jobId1));

    WebhookReceiver receiver = track(WebhookReceiver.start(port, List.of(TestAlerts.SECRET), null));
    StreamExecutionEnvironment env2 = environment(checkpoint);
    build(env2, endpoints, options, n, 100, null);
    long restartedAt = System.currentTimeMillis();
    job = env2.executeAsync("webhook-restart-it-2");

    Set<String> expected = Stream.iterate(0, i -> i + 1).limit(n).map(i -> TestAlerts.opened(i).eventId())
        .collect(Collectors.toSet());
    await().atMost(Duration.ofSeconds(30)).until(() -> verifiedIds(receiver).containsAll(expected));
    await().atMost(Duration.ofSeconds(10)).until(() -> CollectSink.collected("records").size() >= n);

    List<ReceivedWebhook> got = receiver.received();
    long duplicates = got.stream().filter(ReceivedWebhook::duplicate).count();
    List<DeliveryRecord> records = CollectSink.collected("records");
    System.out.printf("%n=== restart: %d events pending in %s, restored; the endpoint came up ===%n", n,
        checkpointDir.relativize(checkpoint));
    System.out.printf("receiver: %d requests, %d distinct verified ids, %d duplicates (same webhook-id);"
        + " all in %d ms after the restart; records %s; attempts after restore max %d%n", got.size(),
        verifiedIds(receiver).size(), duplicates, System.currentTimeMillis() - restartedAt,
        records.stream().collect(Collectors.groupingBy(DeliveryRecord::outcome, TreeMap::new, Collectors.counting())),
        records.stream().mapToInt(DeliveryRecord::attempts).max().orElse(0));

    assertThat(got).allMatch(ReceivedWebhook::verified);
    assertThat(verifiedIds(receiver)).isEqualTo(expected);
    // The id is the event's own deterministic id, whichever run or attempt sent it.
    assertThat(got).allMatch(w -> w.id().equals(AlertJson.fromWebhookBody(w.body()).eventId()));
    assertThat(records).hasSize(n).allMatch(DeliveryRecord::delivered);
    assertThat(records).extracting(DeliveryRecord::eventId).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(EMITTED_COUNT.get()).as("the restored source emitted nothing new").isEqualTo(n);
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static List<DeliveryRecord> records(String endpoint) {
    return CollectSink.<DeliveryRecord>collected("records").stream().filter(r -> r.endpoint().equals(endpoint))
        .toList();
  }

  private static Map<Outcome, Long> outcomes(String endpoint) {
    return records(endpoint).stream().collect(Collectors.groupingBy(DeliveryRecord::outcome, TreeMap::new,
        Collectors.counting()));
  }

  private static Set<String> verifiedIds(WebhookReceiver r) {
    return r.received().stream().filter(ReceivedWebhook::verified).map(ReceivedWebhook::id)
        .collect(Collectors.toSet());
  }

  private static Path latestCheckpoint(Path jobDir) throws IOException {
    try (Stream<Path> s = Files.list(jobDir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))))
          .orElseThrow(() -> new AssertionError("no retained checkpoint in " + jobDir));
    }
  }

  private StreamExecutionEnvironment environment(Path restoreFrom) {
    Configuration conf = LocalFlink.configuration(checkpointDir.toUri(), Duration.ofSeconds(1));
    conf.setString("restart-strategy.type", "none");
    if (restoreFrom != null) {
      conf.setString("execution.state-recovery.path", restoreFrom.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
    env.enableCheckpointing(1_000);
    return env;
  }

  /** Source (parallelism 1, rate-limited, never ends) -> n alert events -> webhooks -> records, dead letters. */
  private static void build(StreamExecutionEnvironment env, List<WebhookEndpoint> endpoints,
      WebhookDeliveryOptions options, int n, int perSecond, String influxDb) {
    DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(i -> i, Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(perSecond), Types.LONG);
    DataStream<AlertEvent> alerts = env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
        .uid("numbers").setParallelism(1)
        .map(new CountCheckpoints()).uid("checkpoint-counter").setParallelism(1)
        .filter(i -> i < n).uid("first-n").setParallelism(1)
        .map(new ToAlert()).returns(TypeInformation.of(AlertEvent.class)).uid("to-alert").setParallelism(1);
    DataStream<DeliveryRecord> records = WebhookDelivery.attach(alerts, endpoints, options);
    records.sinkTo(new CollectSink<>("records")).uid("collect-records");
    WebhookDelivery.deadLetters(records).sinkTo(new CollectSink<>("deadletters")).uid("collect-deadletters");
    if (influxDb != null) {
      records.sinkTo(InfluxSink.<DeliveryRecord>builder().url(TestServices.influxUrl())
          .credentials(org.vigil.connectors.testing.TestInflux.credentials()).database(influxDb)
          .encoder(WebhookInfluxEncoders::delivery).build()).uid("influx-webhook-deliveries");
    }
  }

  /** Notes each completed checkpoint's id and time. */
  static final class CountCheckpoints extends RichMapFunction<Long, Long> implements CheckpointListener {
    @Override
    public Long map(Long i) {
      return i;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      CHECKPOINTS.putIfAbsent(checkpointId, System.currentTimeMillis());
    }
  }

  /** Event number i (deterministic id), noting when it left. */
  static final class ToAlert implements MapFunction<Long, AlertEvent> {
    @Override
    public AlertEvent map(Long i) {
      AlertEvent e = TestAlerts.opened(i.intValue());
      if (EMITTED.putIfAbsent(e.eventId(), System.currentTimeMillis()) == null) {
        EMITTED_COUNT.incrementAndGet();
      }
      return e;
    }
  }
}
