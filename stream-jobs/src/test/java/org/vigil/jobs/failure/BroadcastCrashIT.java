package org.vigil.jobs.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.checkpoint.CheckpointStore;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.warning.broadcast.Broadcaster;

/**
 * A broadcast survives a hard crash of the job: a warning issued by hand for a village of 40 loudspeakers (38
 * answering 204 after a while, 2 answering 503 every time) is under way when the monitoring job, in a JVM of its own,
 * is killed with SIGKILL; the job is started again from its newest checkpoint and finishes the broadcast.
 *
 * <p>The loudspeakers are HTTP servers in this JVM that answer 204 after {@value #LATENCY_MS} ms, but only as many
 * as the test lets through; the others are held unanswered (in flight: the job's requests at most {@value
 * #CONCURRENCY} at a time). First {@value #IN_CHECKPOINT} are answered; once a checkpoint was triggered after the
 * coverage showed them confirmed, {@value #AFTER_CHECKPOINT} more are answered right after that checkpoint completed
 * (checkpoints every {@value #CHECKPOINT_INTERVAL_MS} ms, so the next one is seconds away) and the job is killed as
 * soon as the coverage shows them confirmed. The restored state holds the first {@value #IN_CHECKPOINT} confirmed:
 * none of them may hear the warning again; the {@value #AFTER_CHECKPOINT} confirmed after the checkpoint and the
 * requests in flight are unanswered in it, and must hear it again under the same request id (at least once).
 * Afterwards the retained coverage and InfluxDB's {@code broadcast_coverage} and {@code broadcast_deliveries} say
 * exactly: 40 targets, 38 confirmed, 2 gave up, a confirmed or gave-up delivery for every loudspeaker.
 */
class BroadcastCrashIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = WebhookSigner.generateSecret();
  private static final int LOUDSPEAKERS = 40;
  private static final Set<String> FAILING = Set.of("ls-07", "ls-31");
  private static final int IN_CHECKPOINT = 20;
  private static final int AFTER_CHECKPOINT = 3;
  private static final int CHECKPOINT_INTERVAL_MS = 8_000;
  private static final int LATENCY_MS = 300;
  private static final int CONCURRENCY = 3;
  private static final int MAX_ATTEMPTS = 2;
  private static final Duration LONG = Duration.ofSeconds(180); // a loaded machine: generous

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_bcrash_" + run;
  private final String prefix = "it-bcrash-" + run;
  private final String requests = "it/" + run + "/warning";
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String village = "v-" + run;
  private final String site = "bcs" + run;

  private InfluxClient influx;
  private MqttAsyncClient publisher;
  private MqttFeed feed;
  private Speakers speakers;
  private JobProcess job;
  private final List<String> retainedTopics = new ArrayList<>();

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
    if (speakers != null) {
      speakers.close();
    }
    if (publisher != null) {
      for (String t : retainedTopics) {
        MqttMessage empty = new MqttMessage(new byte[0]);
        empty.setRetained(true);
        publisher.publish(t, empty).waitForCompletion(10_000);
      }
      publisher.disconnect().waitForCompletion(5_000);
      publisher.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
    }
    TestServices.removeMqttSessions(List.of(prefix + "-0", prefix + "-1", prefix + "-rules-0",
        prefix + "-registry-0", prefix + "-warning-requests-0", prefix + "-acks-0", prefix + "-silences-0"));
  }

  @Test
  void aBroadcastCutBySigkillIsFinishedFromTheCheckpoint() throws Exception {
    influx = TestInflux.client();
    influx.createDatabase(db);
    speakers = new Speakers(new WebhookVerifier(List.of(SECRET)));
    Path registry = work.resolve("registry.yaml");
    Files.writeString(registry, registry());
    Path checkpoints = work.resolve("checkpoints");
    Map<String, String> settings = JobSettings.forTest(db, "bcrash" + run, prefix, "", checkpoints);
    settings.putAll(TestRules.onlyRain1h(work));
    settings.put("VIGIL_MQTT_SESSION_EXPIRY_S", "600");
    settings.put("VIGIL_CHECKPOINT_INTERVAL_MS", Integer.toString(CHECKPOINT_INTERVAL_MS));
    settings.put("VIGIL_REGISTRY_FILE", registry.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", "it/" + run + "/registry");
    settings.put("VIGIL_WARNING_REQUESTS", requests);
    settings.put("VIGIL_BROADCAST_SECRET", SECRET);
    settings.put("VIGIL_BROADCAST_CONCURRENCY", Integer.toString(CONCURRENCY));
    settings.put("VIGIL_BROADCAST_TIMEOUT", "120s"); // the held requests stay in flight until the kill
    settings.put("VIGIL_BROADCAST_MAX_ATTEMPTS", Integer.toString(MAX_ATTEMPTS));
    settings.put("VIGIL_BROADCAST_INITIAL_BACKOFF", "100ms");
    settings.put("VIGIL_BROADCAST_MAX_BACKOFF", "200ms");
    settings.put("VIGIL_BROADCAST_COVERAGE_INTERVAL", "200ms");
    Path log = work.resolve("job.log");

    publisher = new MqttAsyncClient(TestServices.mqttUrl(), "it-bcrash-pub-" + run, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    publisher.connect(o).waitForCompletion(10_000);
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-bcrash-observer-" + run);
    List<MqttFeed.Message> coverage = feed.subscribeMessages(Topics.BROADCAST_FILTER);

    long t0 = System.nanoTime();
    job = JobProcess.start(settings, log);
    long asked = System.currentTimeMillis();
    String incident = "manual_" + village + "_" + asked / 1000 + ".1";
    retainedTopics.add(Topics.broadcast(incident));
    retainedTopics.add(Topics.warning(incident));
    String request = "{\"request\":\"req-" + run + "\",\"action\":\"issue\",\"region\":\"" + village + "\",\"hazard\":"
        + "\"flood\",\"level\":\"orange\",\"description\":\"river over the bank\",\"operator\":\"maria\","
        + "\"operatorRegion\":\"" + county + "\",\"requestedAtMs\":" + asked + "}";
    // The readers' subscription exists only once the job runs: the same request again until the broadcast starts
    // (one request id: one warning, however often it arrives).
    while (latest(coverage, incident).isEmpty()) {
      assertThat(seconds(t0)).as("broadcast started within 120 s; the job's log:\n%s", tail(job)).isLessThan(120);
      assertThat(job.isAlive()).as("job process alive; its log:\n%s", tail(job)).isTrue();
      publish(requests + "/it-console", request);
      Thread.sleep(1_000);
    }

    // The first 20 confirmations are taken into state and published; then a checkpoint triggered after that (the
    // second to complete after the coverage was seen: at most one checkpoint runs at a time).
    waitFor(() -> latest(coverage, incident).map(c -> c.path("confirmed").asInt() >= IN_CHECKPOINT).orElse(false),
        LONG, IN_CHECKPOINT + " confirmed in the coverage");
    CheckpointStore store = new CheckpointStore(checkpoints);
    long seen = store.latest().map(CheckpointStore.Checkpoint::number).orElse(0L);
    waitFor(() -> store.latest().map(CheckpointStore.Checkpoint::number).orElse(0L) >= seen + 2, LONG,
        "checkpoint " + (seen + 2) + " (triggered after the coverage was seen)");
    long holding = store.latest().orElseThrow().number();
    Set<String> inCheckpoint = new TreeSet<>(speakers.answered().keySet());
    // Right after it, three more answered: confirmed in the coverage, in no checkpoint before the kill.
    speakers.let(AFTER_CHECKPOINT);
    waitFor(() -> latest(coverage, incident).map(c -> c.path("confirmed").asInt() >= IN_CHECKPOINT
        + AFTER_CHECKPOINT).orElse(false), LONG, (IN_CHECKPOINT + AFTER_CHECKPOINT) + " confirmed in the coverage");
    JsonNode beforeKill = latest(coverage, incident).orElseThrow();
    Set<String> receivedBeforeKill = speakers.receivedSoFar();
    job.kill();
    long killedAt = System.currentTimeMillis();
    CheckpointStore.Checkpoint restoreFrom = store.latest().orElseThrow();
    Map<String, Integer> answeredBeforeKill = speakers.answered();
    speakers.jobGone(); // the held requests' connections are dead: the job that made them is gone
    assertThat(inCheckpoint).as("answered 204 before the checkpoint").hasSize(IN_CHECKPOINT);
    assertThat(answeredBeforeKill.keySet()).as("answered 204 before the kill")
        .hasSize(IN_CHECKPOINT + AFTER_CHECKPOINT);
    assertThat(beforeKill.path("confirmed").asInt()).isEqualTo(IN_CHECKPOINT + AFTER_CHECKPOINT);
    assertThat(beforeKill.path("pending").asInt()).as("mid-broadcast").isPositive();
    assertThat(restoreFrom.number()).as("no checkpoint completed between the last answers and the kill (every %d ms)",
        CHECKPOINT_INTERVAL_MS).isEqualTo(holding);
    Set<String> afterCheckpoint = new TreeSet<>(answeredBeforeKill.keySet());
    afterCheckpoint.removeAll(inCheckpoint);

    job = JobProcess.start(settings, log);
    JsonNode done = waitFor(() -> latest(coverage, incident).filter(c -> c.path("pending").asInt() == 0), LONG,
        "the broadcast complete after the restart");
    assertThat(job.log()).contains("restoring from checkpoint " + restoreFrom.number());

    // The coverage by hand: 40 loudspeakers, 38 answer 204, 2 answer 503 to both attempts.
    assertThat(done.path("targets").asInt()).isEqualTo(LOUDSPEAKERS);
    assertThat(done.path("confirmed").asInt()).isEqualTo(LOUDSPEAKERS - FAILING.size());
    assertThat(done.path("gaveUp").asInt()).isEqualTo(FAILING.size());
    assertThat(done.path("superseded").asInt()).isZero();
    assertThat(done.path("byRegion").path(village).path("confirmed").asInt()).isEqualTo(LOUDSPEAKERS - 2);
    assertThat(done.path("failures").findValuesAsText("loudspeaker")).containsExactlyInAnyOrderElementsOf(FAILING);
    // What a client connecting now is given: the same, retained.
    try (MqttFeed late = MqttFeed.connect(TestServices.mqttUrl(), "it-bcrash-late-" + run)) {
      List<MqttFeed.Message> retained = late.subscribeMessages(Topics.broadcast(incident));
      JsonNode r = waitFor(() -> retained.isEmpty() ? Optional.empty()
          : Optional.of(parse(retained.get(retained.size() - 1).payload())), Duration.ofSeconds(30), "retained");
      assertThat(r.path("targets").asInt()).isEqualTo(LOUDSPEAKERS);
      assertThat(r.path("confirmed").asInt()).isEqualTo(LOUDSPEAKERS - 2);
      assertThat(r.path("gaveUp").asInt()).isEqualTo(2);
      assertThat(r.path("pending").asInt()).isZero();
    }

    // The loudspeakers' side: every request signed and under the loudspeaker's one request id; every working
    // loudspeaker answered 204 at least once; those confirmed before the checkpoint were never asked again.
    int repeats = 0;
    List<String> repeated = new ArrayList<>();
    for (int i = 1; i <= LOUDSPEAKERS; i++) {
      String id = id(i);
      List<Speakers.Request> got = speakers.received(id);
      assertThat(got).as(id).isNotEmpty().allMatch(Speakers.Request::verified);
      assertThat(got).extracting(Speakers.Request::webhookId).as(id + ": one request id")
          .containsOnly(Broadcaster.requestId(incident, id));
      int expected = FAILING.contains(id) ? MAX_ATTEMPTS : 1;
      if (inCheckpoint.contains(id)) {
        assertThat(got).as(id + " confirmed in the checkpoint: not asked again").hasSize(1);
      } else if (afterCheckpoint.contains(id)) {
        assertThat(got).as(id + " confirmed after the checkpoint: asked again").hasSize(2);
        assertThat(speakers.answered().get(id)).as(id + " answered twice").isEqualTo(2);
      } else {
        assertThat(got.size()).as(id).isGreaterThanOrEqualTo(expected);
      }
      if (!FAILING.contains(id)) {
        assertThat(speakers.answered().getOrDefault(id, 0)).as(id + " answered 204").isPositive();
      }
      if (got.size() > expected) {
        repeats += got.size() - expected;
        repeated.add(id);
      }
    }
    // Those in flight at the kill (received, never answered) are the ones that must have heard it again.
    Set<String> inFlight = new TreeSet<>(receivedBeforeKill);
    inFlight.removeAll(answeredBeforeKill.keySet());
    inFlight.removeAll(FAILING);
    assertThat(repeated).as("repeated loudspeakers").containsAll(inFlight);

    // InfluxDB: the last coverage point and one final delivery per loudspeaker (a repeat after the restore may add a
    // second confirmed point for a loudspeaker whose first one was written but not checkpointed).
    String where = " WHERE incident = '" + incident + "'";
    waitFor(() -> influxCount("SELECT last(confirmed) FROM broadcast_coverage" + where) == LOUDSPEAKERS - 2
        && influxCount("SELECT last(gave_up) FROM broadcast_coverage" + where) == 2, LONG, "coverage in InfluxDB");
    assertThat(influx.count(db, "SELECT last(targets) FROM broadcast_coverage" + where)).isEqualTo(LOUDSPEAKERS);
    assertThat(influx.count(db, "SELECT last(pending) FROM broadcast_coverage" + where)).isZero();
    waitFor(() -> perLoudspeaker(where + " AND status = 'confirmed'").size() == LOUDSPEAKERS - 2
        && perLoudspeaker(where + " AND status = 'gave_up'").size() == 2, LONG, "deliveries in InfluxDB");
    Map<String, Long> confirmedRows = perLoudspeaker(where + " AND status = 'confirmed'");
    Map<String, Long> gaveUpRows = perLoudspeaker(where + " AND status = 'gave_up'");
    assertThat(gaveUpRows.keySet()).containsExactlyInAnyOrderElementsOf(FAILING);
    assertThat(confirmedRows.keySet()).doesNotContainAnyElementsOf(FAILING);
    for (Map.Entry<String, Long> e : confirmedRows.entrySet()) {
      if (inCheckpoint.contains(e.getKey())) {
        assertThat(e.getValue()).as(e.getKey() + ": confirmed in the checkpoint, one point").isEqualTo(1);
      } else {
        assertThat(e.getValue()).as(e.getKey()).isBetween(1L, 2L);
      }
    }
    long duplicatePoints = confirmedRows.values().stream().mapToLong(n -> n - 1).sum();
    // The restored job re-sent what its checkpoint held unanswered: the 3 in flight and those not yet sent.
    Matcher resent = Pattern.compile("re-sending (\\d+) deliveries of "
        + Pattern.quote(incident)).matcher(job.log());
    assertThat(resent.find()).as("the restored job's log names the re-sent deliveries").isTrue();
    int redispatched = Integer.parseInt(resent.group(1));
    assertThat(redispatched).isBetween(inFlight.size() + AFTER_CHECKPOINT, LOUDSPEAKERS - IN_CHECKPOINT);

    System.out.printf("BroadcastCrashIT: %d loudspeakers, SIGKILL at %d confirmed / %d pending (coverage), restored"
            + " from checkpoint %d completed %d ms before the kill%n", LOUDSPEAKERS,
        beforeKill.path("confirmed").asInt(), beforeKill.path("pending").asInt(), restoreFrom.number(),
        killedAt - restoreFrom.completedAtMs());
    System.out.printf("  confirmed in the checkpoint: %d (none asked again); confirmed after it: %s%n",
        inCheckpoint.size(), afterCheckpoint);
    System.out.printf("  in flight at the kill: %s; re-sent after the restore: %d deliveries; repeated requests"
        + " (same request id): %d to %s%n", inFlight, redispatched, repeats, repeated);
    System.out.printf("  final: targets %d, confirmed %d, gave up %d; InfluxDB confirmed points %d for %d"
            + " loudspeakers (%d repeats written twice)%n", done.path("targets").asInt(),
        done.path("confirmed").asInt(), done.path("gaveUp").asInt(),
        confirmedRows.values().stream().mapToLong(Long::longValue).sum(), confirmedRows.size(), duplicatePoints);
  }

  private String registry() {
    StringBuilder y = new StringBuilder("""
        regions:
          - {id: %s, level: county}
          - {id: %s, level: township, parent: %s}
          - {id: %s, name: River Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
        loudspeakers:
        """.formatted(county, township, county, village, township, site, village));
    for (int i = 1; i <= LOUDSPEAKERS; i++) {
      y.append("  - {id: ").append(id(i)).append(", region: ").append(village).append(", url: \"")
          .append(speakers.url(id(i))).append("\", language: zh-CN}\n");
    }
    return y.toString();
  }

  private static String id(int i) {
    return String.format("ls-%02d", i);
  }

  /** Rows per loudspeaker of {@code broadcast_deliveries} matching the condition. */
  private Map<String, Long> perLoudspeaker(String where) {
    Map<String, Long> out = new TreeMap<>();
    try {
      JsonNode r = influx.query(db, "SELECT count(attempts) FROM broadcast_deliveries" + where
          + " GROUP BY loudspeaker");
      for (JsonNode s : r.path("results").path(0).path("series")) {
        out.put(s.path("tags").path("loudspeaker").asText(), s.path("values").path(0).path(1).asLong());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // InfluxDB busy: ask again
    }
    return out;
  }

  private long influxCount(String q) {
    try {
      return influx.count(db, q);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /** The newest coverage message of the incident. */
  private static Optional<JsonNode> latest(List<MqttFeed.Message> coverage, String incident) {
    JsonNode last = null;
    for (MqttFeed.Message m : List.copyOf(coverage)) {
      if (m.topic().equals(Topics.broadcast(incident)) && !m.payload().isEmpty()) {
        last = parse(m.payload());
      }
    }
    return Optional.ofNullable(last);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void publish(String topic, String payload) throws Exception {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    publisher.publish(topic, m).waitForCompletion(10_000);
  }

  private static void waitFor(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
    waitFor(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), max, what);
  }

  private static <T> T waitFor(java.util.function.Supplier<Optional<T>> probe, Duration max, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      Optional<T> v = probe.get();
      if (v.isPresent()) {
        return v.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static String tail(JobProcess p) {
    try {
      List<String> lines = p.log().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  /**
   * The loudspeaker controllers: one HTTP server on loopback, a path per loudspeaker. Every request's signature is
   * checked and recorded. The failing ones answer 503 at once. The others answer 204 after {@value #LATENCY_MS} ms,
   * as many as let through (first {@value #IN_CHECKPOINT}, then {@link #let more}); the rest wait for a turn, and
   * when {@link #jobGone()} says the job that made them is dead, they end unanswered; every request after that is
   * answered.
   */
  private static final class Speakers implements AutoCloseable {

    record Request(String webhookId, boolean verified, long atMs) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "loudspeaker");
      t.setDaemon(true);
      return t;
    });
    private final Map<String, List<Request>> received = new ConcurrentHashMap<>();
    private final Map<String, Integer> answered = new ConcurrentHashMap<>();
    private final Semaphore turns = new Semaphore(IN_CHECKPOINT);
    private volatile boolean jobGone;
    private final AtomicBoolean closed = new AtomicBoolean();

    Speakers(WebhookVerifier verifier) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
      server.setExecutor(pool);
      server.createContext("/", ex -> {
        String id = ex.getRequestURI().getPath().substring(1);
        String body;
        try (InputStream in = ex.getRequestBody()) {
          body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        boolean ok;
        try {
          verifier.verify(ex.getRequestHeaders()::getFirst, body);
          ok = true;
        } catch (RuntimeException e) {
          ok = false;
        }
        received.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
            .add(new Request(ex.getRequestHeaders().getFirst("webhook-id"), ok, System.currentTimeMillis()));
        try {
          if (!ok || FAILING.contains(id)) {
            ex.sendResponseHeaders(ok ? 503 : 401, -1);
            return;
          }
          if (!jobGone) {
            while (!turns.tryAcquire(100, TimeUnit.MILLISECONDS)) {
              if (jobGone || closed.get()) {
                return; // the job that asked is dead: never answered
              }
            }
          }
          TimeUnit.MILLISECONDS.sleep(LATENCY_MS);
          if (closed.get()) {
            return;
          }
          ex.sendResponseHeaders(204, -1);
          answered.merge(id, 1, Integer::sum);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          ex.close();
        }
      });
      server.start();
    }

    String url(String id) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + id;
    }

    List<Request> received(String id) {
      return received.getOrDefault(id, List.of());
    }

    Set<String> receivedSoFar() {
      return new TreeSet<>(received.keySet());
    }

    /** Loudspeaker id: 204 answers given. */
    Map<String, Integer> answered() {
      return new LinkedHashMap<>(answered);
    }

    /** Lets {@code n} more requests be answered, those waiting first. */
    void let(int n) {
      turns.release(n);
    }

    /** The requests waiting end unanswered; every later one is answered. */
    void jobGone() {
      jobGone = true;
    }

    @Override
    public void close() {
      closed.set(true);
      server.stop(0);
      pool.shutdownNow();
    }
  }
}
