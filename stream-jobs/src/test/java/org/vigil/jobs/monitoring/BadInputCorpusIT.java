package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.RunningJob;

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

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private List<String> deadLetterFeed;
  private final List<JsonNode> deadLetters = new ArrayList<>();

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("badinput", run);
    influx = job.influx();
    db = job.db();
    deadLetterFeed = job.feed().subscribe(MonitoringJob.DEAD_LETTER_TOPIC);
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close(); // the readers' persistent sessions too: they must not take a share of later runs
    }
  }

  @Test
  void everyCaseIsDeadLetteredWithItsReasonAndTheJobNeverRestarts() throws Exception {
    Map<String, String> settings = job.settings(site, checkpoints);
    settings.put("VIGIL_MAX_FRAME_BYTES", "65536");
    settings.put("VIGIL_WATERMARK_IDLENESS_MS", "2000");
    MonitoringConfig config = MonitoringConfig.from(settings::get);
    assertThat(config.duplicateHorizonMs()).isEqualTo(3_600_000L); // the documented defaults the cases rely on

    InMemoryReporter reporter = InMemoryReporter.create();
    JobID jobId = job.startWithoutRestarts(config, "vigil-monitoring-badinput", reporter::addToConfiguration)
        .getJobID();
    Set<JobStatus> statusesSeen = job.statusesSeen();

    long now = System.currentTimeMillis();
    List<BadInputCorpus.Case> cases = BadInputCorpus.load(now, site, run);

    // 1. The shared subscription exists once the readers are connected: probe until a reading is stored.
    long deadline = System.currentTimeMillis() + 60_000;
    for (int k = 0; influx.count(db, "SELECT count(disp_mm) FROM gnss WHERE sensor = 'probe'") == 0; k++) {
      assertThat(System.currentTimeMillis()).as("job stored a probe reading within 60 s").isLessThan(deadline);
      assertThat(job.stopped()).as("job stopped").isFalse();
      job.publish("vigil/" + site + "/gnss/probe/data", reading(now + k, k, "disp_mm", 1.0));
      Thread.sleep(500);
    }
    // 2. Lateness is judged per sensor (by what its analytics hold): the late cases bring their own newer reading.
    // 3. The corpus, in file order; a case with a "before" payload gets it stored first.
    long started = System.currentTimeMillis();
    for (BadInputCorpus.Case c : cases) {
      if (c.before() != null) {
        job.publish(c.topic(), c.before());
        String q = storedQuery(c);
        job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) >= 1);
      }
      job.publish(c.topic(), c.payload());
    }

    // 4. Every dead-lettered case comes back with its reason.
    List<BadInputCorpus.Case> rejected = cases.stream().filter(c -> !c.expected().equals(BadInputCorpus.ACCEPTED)).toList();
    job.awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> rejected.stream().allMatch(c -> !deadLettersOn(c.topic()).isEmpty()));
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
        job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
      } else if (c.expected().equals(BadInputCorpus.ACCEPTED) && !c.topic().endsWith("/frame")) {
        // The case's own point, by its seq. (order-same-ts-other-seq shares series and time with its "before":
        // the job passes both, and InfluxDB keeps the later one, as it keeps one point per series and time.)
        String q = storedQuery(c) + " AND seq = " + JSON.readTree(c.payload()).get("seq").asLong();
        job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
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
    deadLetters().forEach(n -> allMqtt.merge(n.get("reason").asText(), 1L, Long::sum));
    job.awaitAlive().atMost(Duration.ofSeconds(10)).until(() -> metricCounts(reporter, jobId).equals(allMqtt));
    long total = deadLetters().size();
    job.awaitAlive().atMost(Duration.ofSeconds(20))
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
      job.publish("vigil/" + site + "/rain/after/data", reading(now + 1000 + k, k, "rain_mm", 0.2));
    }
    job.awaitAlive().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(rain_mm) FROM rain WHERE sensor = 'after'") == 10);

    // 8. Never restarted: RUNNING now and at every look, restarts off, numRestarts 0.
    assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(statusesSeen).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, jobId, "numRestarts")).isEqualTo(0L);

    report(cases, gotById, expectedCounts, allMqtt, metricCounts(reporter, jobId), influxCounts, corpusSeconds,
        sumMetric(reporter, jobId, "framesAccepted"));
  }

  private String storedQuery(BadInputCorpus.Case c) {
    String kind = c.topic().split("/")[2];
    return "SELECT count(" + FIELD.get(kind) + ") FROM " + kind + " WHERE sensor = '" + c.id() + "'";
  }

  private List<JsonNode> deadLettersOn(String topic) {
    return deadLetters().stream().filter(n -> n.get("topic").asText().equals(topic)).toList();
  }

  /** The dead letters seen so far, parsed (each once). */
  private synchronized List<JsonNode> deadLetters() {
    List<String> arrived = List.copyOf(deadLetterFeed);
    for (int i = deadLetters.size(); i < arrived.size(); i++) {
      try {
        deadLetters.add(JSON.readTree(arrived.get(i)));
      } catch (IOException e) {
        throw new AssertionError("dead letter is not JSON: " + arrived.get(i), e);
      }
    }
    return List.copyOf(deadLetters);
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

}
