package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.connectors.testing.TestInflux;

/**
 * The bad-input corpus ({@code src/test/resources/bad-input}) through the real job: a MiniCluster at parallelism 2
 * reading from the real Mosquitto and writing to the real InfluxDB, with restarts switched off so any failure would
 * end the job. Every case is published with a plain MQTT 5 client; each must come back on {@code vigil/deadletter}
 * with its expected reason (or, for the controls, be stored and not dead-lettered); the counts per reason must match
 * on the topic, in the Flink metrics and in the {@code deadletter} measurement; the job must still be RUNNING with no
 * restart and still store valid readings afterwards. The table reason -> count is logged and written to
 * {@code target/bad-input-report.txt}.
 */
class BadInputCorpusIT {

  private static final Logger LOG = LoggerFactory.getLogger(BadInputCorpusIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> FIELD = Map.of("rain", "rain_mm", "gnss", "disp_mm", "tilt", "tilt_x_deg");

  @TempDir Path checkpoints;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "bad" + run;
  private final String db = "it_badinput_" + run;
  private final String clientPrefix = "it-badinput-" + run;

  private InfluxClient influx;
  private MqttAsyncClient publisher;
  private MqttAsyncClient observer;
  private JobClient job;
  private ScheduledExecutorService watcher;
  private final List<JsonNode> deadLetters = new CopyOnWriteArrayList<>();
  private final Set<JobStatus> statusesSeen = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void connect() throws Exception {
    influx = TestInflux.client();
    influx.createDatabase(db);
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setReceiveMaximum(1000);
    publisher = new MqttAsyncClient(TestServices.mqttUrl(), "it-badinput-pub-" + run, new MemoryPersistence());
    publisher.connect(o).waitForCompletion(10_000);
    observer = new MqttAsyncClient(TestServices.mqttUrl(), "it-badinput-obs-" + run, new MemoryPersistence());
    observer.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) throws IOException {
        deadLetters.add(JSON.readTree(message.getPayload()));
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {}

      @Override
      public void mqttErrorOccurred(MqttException e) {}

      @Override
      public void deliveryComplete(IMqttToken token) {}

      @Override
      public void connectComplete(boolean reconnect, String serverURI) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    observer.connect(o).waitForCompletion(10_000);
    observer.subscribe(MonitoringJob.DEAD_LETTER_TOPIC, 1).waitForCompletion(10_000);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (watcher != null) {
      watcher.shutdownNow();
    }
    if (job != null && !jobStopped()) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    for (MqttAsyncClient c : List.of(publisher, observer)) {
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
    influx.dropDatabase(db);
    for (int i = 0; i < 2; i++) { // the readers' persistent sessions must not take a share of later runs
      MqttAsyncClient c = new MqttAsyncClient(TestServices.mqttUrl(), clientPrefix + "-" + i, new MemoryPersistence());
      MqttConnectionOptions o = new MqttConnectionOptions();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      c.connect(o).waitForCompletion(5_000);
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
  }

  @Test
  void everyCaseIsDeadLetteredWithItsReasonAndTheJobNeverRestarts() throws Exception {
    Map<String, String> settings = JobSettings.forTest(db, "itbad" + run, clientPrefix, site, checkpoints);
    settings.put("VIGIL_MAX_FRAME_BYTES", "65536");
    settings.put("VIGIL_WATERMARK_IDLENESS_MS", "2000");
    MonitoringConfig config = MonitoringConfig.from(settings::get);
    assertThat(config.duplicateHorizonMs()).isEqualTo(3_600_000L); // the documented defaults the cases rely on

    InMemoryReporter reporter = InMemoryReporter.create();
    StreamExecutionEnvironment env = MonitoringJob.localEnvironment(config);
    Configuration conf = (Configuration) env.getConfiguration(); // the MiniCluster is built from this at execute
    reporter.addToConfiguration(conf);
    conf.setString("restart-strategy.type", "none"); // any failure ends the job instead of hiding in a restart
    MonitoringJob.build(env, config, List.of());
    job = env.executeAsync("vigil-monitoring-badinput");
    JobID jobId = job.getJobID();
    watcher = Executors.newSingleThreadScheduledExecutor();
    watcher.scheduleWithFixedDelay(() -> {
      try {
        statusesSeen.add(job.getJobStatus().get(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        statusesSeen.add(JobStatus.FAILED); // the cluster is gone with the job
      }
    }, 0, 250, TimeUnit.MILLISECONDS);

    long now = System.currentTimeMillis();
    List<BadInputCorpus.Case> cases = BadInputCorpus.load(now, site, run);

    // 1. The shared subscription exists once the readers are connected: probe until a reading is stored.
    long deadline = System.currentTimeMillis() + 60_000;
    for (int k = 0; influx.count(db, "SELECT count(disp_mm) FROM gnss WHERE sensor = 'probe'") == 0; k++) {
      assertThat(System.currentTimeMillis()).as("job stored a probe reading within 60 s").isLessThan(deadline);
      assertThat(jobStopped()).as("job stopped").isFalse();
      publish("vigil/" + site + "/gnss/probe/data", reading(now + k, k, "disp_mm", 1.0));
      Thread.sleep(500);
    }
    // 2. Lateness is judged per sensor (by what its analytics hold): the late cases bring their own newer reading.
    // 3. The corpus, in file order; a case with a "before" payload gets it stored first.
    long started = System.currentTimeMillis();
    for (BadInputCorpus.Case c : cases) {
      if (c.before() != null) {
        publish(c.topic(), c.before());
        String q = storedQuery(c);
        awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) >= 1);
      }
      publish(c.topic(), c.payload());
    }

    // 4. Every dead-lettered case comes back with its reason.
    List<BadInputCorpus.Case> rejected = cases.stream().filter(c -> !c.expected().equals(BadInputCorpus.ACCEPTED)).toList();
    awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> rejected.stream().allMatch(c -> !deadLettersOn(c.topic()).isEmpty()));
    Map<String, String> gotById = new TreeMap<>();
    List<String> wrong = new ArrayList<>();
    for (BadInputCorpus.Case c : cases) {
      List<JsonNode> dl = deadLettersOn(c.topic());
      String got = dl.isEmpty() ? BadInputCorpus.ACCEPTED : dl.get(0).get("reason").asText();
      gotById.put(c.id(), got);
      if (!got.equals(c.expected()) || dl.size() > 1) {
        wrong.add(c.id() + ": expected " + c.expected() + ", got " + dl.stream().map(n -> n.get("reason").asText()).toList());
      }
      for (JsonNode n : dl) {
        assertThat(n.get("detail").asText()).as("detail of " + c.id()).isNotBlank();
        assertThat(n.get("payloadBytes").asInt()).as("payloadBytes of " + c.id()).isGreaterThanOrEqualTo(0);
      }
    }
    assertThat(wrong).as("cases whose outcome differs from corpus.tsv").isEmpty();
    long corpusSeconds = (System.currentTimeMillis() - started) / 1000;

    // 5. The controls were stored, unflagged; the late cases were stored with late=true.
    for (BadInputCorpus.Case c : cases) {
      if (c.expected().equals("late")) {
        String q = storedQuery(c) + " AND late = true";
        awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
      } else if (c.expected().equals(BadInputCorpus.ACCEPTED) && !c.topic().endsWith("/frame")) {
        // The case's own point, by its seq. (order-same-ts-other-seq shares series and time with its "before":
        // the job passes both, and InfluxDB keeps the later one, as it keeps one point per series and time.)
        String q = storedQuery(c) + " AND seq = " + JSON.readTree(c.payload()).get("seq").asLong();
        awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
        assertThat(influx.count(db, storedQuery(c) + " AND late = true")).isZero();
      }
    }
    // Duplicates were not stored twice: the first value stays.
    JsonNode first = influx.query(db, "SELECT rain_mm FROM rain WHERE sensor = 'dup-other-value'");
    assertThat(first.path("results").path(0).path("series").path(0).path("values").path(0).path(1).asDouble()).isEqualTo(0.2);

    // 6. Counts per reason: expected by the corpus = dead letters on MQTT for the cases.
    Map<String, Long> expectedCounts = new TreeMap<>();
    Map<String, Long> mqttCounts = new TreeMap<>();
    for (BadInputCorpus.Case c : rejected) {
      expectedCounts.merge(c.expected(), 1L, Long::sum);
      deadLettersOn(c.topic()).forEach(n -> mqttCounts.merge(n.get("reason").asText(), 1L, Long::sum));
    }
    assertThat(mqttCounts).isEqualTo(expectedCounts);

    // All dead letters of the run in the Flink metrics and in InfluxDB.
    Map<String, Long> allMqtt = new TreeMap<>();
    deadLetters.forEach(n -> allMqtt.merge(n.get("reason").asText(), 1L, Long::sum));
    awaitAlive().atMost(Duration.ofSeconds(10)).until(() -> metricCounts(reporter, jobId).equals(allMqtt));
    long total = deadLetters.size();
    awaitAlive().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(payload_bytes) FROM deadletter") == total);
    Map<String, Long> influxCounts = new TreeMap<>();
    for (JsonNode s : influx.query(db, "SELECT count(payload_bytes) FROM deadletter GROUP BY reason")
        .path("results").path(0).path("series")) {
      influxCounts.put(s.path("tags").path("reason").asText(), s.path("values").path(0).path(1).asLong());
    }
    assertThat(influxCounts).isEqualTo(allMqtt);
    assertThat(sumMetric(reporter, jobId, "framesAccepted")).isEqualTo(1); // the one valid frame
    assertThat(sumMetric(reporter, jobId, "lateReadingsDropped")).isEqualTo(allMqtt.get("late"));

    // 7. Still working: valid readings after the corpus are stored.
    for (int k = 0; k < 10; k++) {
      publish("vigil/" + site + "/rain/after/data", reading(now + 1000 + k, k, "rain_mm", 0.2));
    }
    awaitAlive().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(rain_mm) FROM rain WHERE sensor = 'after'") == 10);

    // 8. Never restarted: RUNNING now and at every look, restarts off, numRestarts 0.
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(statusesSeen).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, jobId, "numRestarts")).isEqualTo(0L);

    report(cases, gotById, expectedCounts, allMqtt, metricCounts(reporter, jobId), influxCounts, corpusSeconds,
        sumMetric(reporter, jobId, "framesAccepted"));
  }

  /** Awaitility that stops at once, saying so, when the job is no longer running (failed, cancelled). */
  private ConditionFactory awaitAlive() {
    return await().failFast("the job stopped running (restarts are off: a failure ends it)", this::jobStopped);
  }

  /** A per-job MiniCluster shuts down with its job, after which status queries throw. */
  private boolean jobStopped() {
    try {
      return job.getJobStatus().get(5, TimeUnit.SECONDS).isTerminalState();
    } catch (Exception e) {
      return true;
    }
  }

  private String storedQuery(BadInputCorpus.Case c) {
    String kind = c.topic().split("/")[2];
    return "SELECT count(" + FIELD.get(kind) + ") FROM " + kind + " WHERE sensor = '" + c.id() + "'";
  }

  private List<JsonNode> deadLettersOn(String topic) {
    return deadLetters.stream().filter(n -> n.get("topic").asText().equals(topic)).toList();
  }

  /** deadLetters per reason ({@code <reason>} variable of the key-value group), summed over operators and subtasks. */
  private static Map<String, Long> metricCounts(InMemoryReporter reporter, JobID jobId) {
    Map<String, Long> counts = new TreeMap<>();
    forEachCounter(reporter, jobId, "deadLetters", (vars, c) -> {
      String reason = vars.get("<reason>");
      if (reason != null && c.getCount() > 0) {
        counts.merge(reason, c.getCount(), Long::sum);
      }
    });
    return counts;
  }

  private static long sumMetric(InMemoryReporter reporter, JobID jobId, String name) {
    long[] sum = {0};
    forEachCounter(reporter, jobId, name, (vars, c) -> sum[0] += c.getCount());
    return sum[0];
  }

  private static void forEachCounter(InMemoryReporter reporter, JobID jobId, String name,
      java.util.function.BiConsumer<Map<String, String>, Counter> action) {
    for (Map.Entry<MetricGroup, Map<String, Metric>> e : reporter.getMetricsByGroup().entrySet()) {
      Map<String, String> vars = e.getKey().getAllVariables();
      if (jobId.toString().equals(vars.get("<job_id>")) && e.getValue().get(name) instanceof Counter c) {
        action.accept(vars, c);
      }
    }
  }

  private static Object jobGauge(InMemoryReporter reporter, JobID jobId, String name) {
    var found = reporter.findJobMetricGroups(jobId, name);
    assertThat(found).as("job metric " + name).isNotEmpty();
    return ((Gauge<?>) found.get(0).f2).getValue();
  }

  private void report(List<BadInputCorpus.Case> cases, Map<String, String> gotById, Map<String, Long> expected,
      Map<String, Long> mqtt, Map<String, Long> metrics, Map<String, Long> influxCounts, long seconds, long frames)
      throws IOException {
    Set<String> reasons = new TreeSet<>(expected.keySet());
    reasons.addAll(mqtt.keySet());
    StringBuilder t = new StringBuilder();
    t.append(String.format("bad-input corpus: %d cases (%d dead-lettered, %d accepted controls), published and checked"
        + " in %d s; job RUNNING, 0 restarts, framesAccepted %d%n", cases.size(),
        cases.stream().filter(c -> !c.expected().equals(BadInputCorpus.ACCEPTED)).count(),
        cases.stream().filter(c -> c.expected().equals(BadInputCorpus.ACCEPTED)).count(), seconds, frames));
    t.append(String.format("%-20s %8s %8s %8s %8s%n", "reason", "corpus", "mqtt", "metrics", "influx"));
    for (String r : reasons) {
      t.append(String.format("%-20s %8d %8d %8d %8d%n", r, expected.getOrDefault(r, 0L), mqtt.getOrDefault(r, 0L),
          metrics.getOrDefault(r, 0L), influxCounts.getOrDefault(r, 0L)));
    }
    LOG.info("\n{}", t);
    Files.writeString(Path.of("target", "bad-input-report.txt"), t.toString());
    LOG.debug("outcome per case: {}", gotById);
  }

  private static byte[] reading(long ts, long seq, String field, double value) {
    return ("{\"ts\": " + ts + ", \"seq\": " + seq + ", \"values\": {\"" + field + "\": " + value + "}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private void publish(String topic, byte[] payload) throws Exception {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    publisher.publish(topic, m).waitForCompletion(10_000);
  }
}
