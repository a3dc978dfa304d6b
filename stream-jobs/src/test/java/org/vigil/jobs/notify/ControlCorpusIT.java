package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.testing.RunningJob;

/**
 * The hostile control corpus ({@link HostileControlCorpus}) through the real job: a MiniCluster at parallelism 2 on
 * the real Mosquitto and InfluxDB, restarts switched off so that any failure ends the job. Every case is published as
 * an attacker would (acks and rulesets plain, silences retained on their own topics); each must come back on
 * {@code vigil/deadletter} with its reason, once; the {@code deadletter} measurement must hold the same counts; the
 * job must stay RUNNING with no restart, still accept the next published ruleset version (no lock-out by a forged
 * version), still answer acks and store readings. Then the job is stopped and started again from its checkpoint with
 * the hostile silences still retained on the broker: they are refused again and the job keeps running, so a poison
 * message cannot become a restart loop.
 */
class ControlCorpusIT {

  private static final Logger LOG = LoggerFactory.getLogger(ControlCorpusIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path checkpoints;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "hill-a";
  private final String rulesTopic = "vigil-it/" + run + "/rules";
  private final String ackTopic = "vigil-it/" + run + "/ack";

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private List<String> deadLetters;
  private List<String> statuses;
  private List<String> decisions;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("control", run);
    influx = job.influx();
    db = job.db();
    deadLetters = job.feed().subscribe(MonitoringJob.DEAD_LETTER_TOPIC);
    statuses = job.feed().subscribe(rulesTopic + "/status");
    decisions = job.feed().subscribe("vigil/" + site + "/acks");
    job.clearOnClose(rulesTopic + "/status");
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close(); // and the retained silences and rulesets, which would reach every later job on this broker
    }
  }

  @Test
  void everyHostileControlMessageIsDeadLetteredAndTheJobNeitherFailsNorLoops() throws Exception {
    Map<String, String> settings = job.settings(site, checkpoints);
    settings.put("VIGIL_RULES_TOPIC", rulesTopic);
    settings.put("VIGIL_ACK_TOPIC", ackTopic);
    MonitoringConfig config = MonitoringConfig.from(settings::get);
    InMemoryReporter reporter = start(config);

    // Ready: the retained ruleset version 1 is accepted, and an ack (of an alert the job does not know) is answered.
    publishRules(HostileControlCorpus.ruleset("version: 1"));
    job.awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> statusOf(1) != null);
    assertThat(statusOf(1).path("status").asText()).isEqualTo("accepted");
    for (int k = 0; decisions.isEmpty(); k++) {
      assertThat(k).as("the job answered an ack within 60 s").isLessThan(120);
      assertThat(job.stopped()).as("job stopped").isFalse();
      job.publish(ackTopic, HostileControlCorpus.ack(null, null).getBytes(StandardCharsets.UTF_8), false);
      Thread.sleep(500);
    }

    // The corpus, one case at a time: each gets its one dead letter before the next is sent.
    List<HostileControlCorpus.Case> cases = HostileControlCorpus.cases(run, 1);
    List<String> wrong = new ArrayList<>();
    long started = System.currentTimeMillis();
    for (HostileControlCorpus.Case c : cases) {
      int before = deadLetters.size();
      switch (c.kind()) {
        case ACK -> job.publish(ackTopic, c.payload(), false);
        case SILENCE -> job.publish(SilenceJson.TOPIC_PREFIX + c.silenceId(), c.payload(), true);
        case RULES -> job.publish(rulesTopic, c.payload(), false);
      }
      job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() > before);
      JsonNode d = JSON.readTree(deadLetters.get(before));
      if (!d.path("reason").asText().equals(c.expectedReason()) || d.path("detail").asText().isBlank()) {
        wrong.add(c.id() + ": " + d.path("reason").asText() + " / " + d.path("detail").asText());
      }
      LOG.info("{} -> {}: {}", c.id(), d.path("reason").asText(), d.path("detail").asText());
    }
    long seconds = (System.currentTimeMillis() - started) / 1000;
    assertThat(wrong).as("cases refused with another reason").isEmpty();
    Thread.sleep(1_000); // nothing more than one dead letter per case
    assertThat(deadLetters).hasSize(cases.size());

    // The same counts per reason in InfluxDB.
    Map<String, Long> expected = new TreeMap<>();
    cases.forEach(c -> expected.merge(c.expectedReason(), 1L, Long::sum));
    job.awaitAlive().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(payload_bytes) FROM deadletter") == cases.size());
    Map<String, Long> stored = new TreeMap<>();
    for (JsonNode s : influx.query(db, "SELECT count(payload_bytes) FROM deadletter GROUP BY reason")
        .path("results").path(0).path("series")) {
      stored.put(s.path("tags").path("reason").asText(), s.path("values").path(0).path(1).asLong());
    }
    assertThat(stored).isEqualTo(expected);

    // Still in command: version 2 is accepted after 1e300, 2^63 - 1 and the jump; acks are answered; readings stored.
    publishRules(HostileControlCorpus.ruleset("version: 2"));
    job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> statusOf(2) != null);
    assertThat(statusOf(2).path("status").asText()).isEqualTo("accepted");
    int answered = decisions.size();
    job.publish(ackTopic, HostileControlCorpus.ack(null, null).getBytes(StandardCharsets.UTF_8), false);
    job.awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> decisions.size() > answered);
    long now = System.currentTimeMillis();
    for (int k = 0; k < 5; k++) {
      job.publish("vigil/" + site + "/rain/after-" + run + "/data", ("{\"ts\":" + (now + k) + ",\"seq\":" + k
          + ",\"values\":{\"rain_mm\":0.2}}").getBytes(StandardCharsets.UTF_8), false);
    }
    job.awaitAlive().atMost(Duration.ofSeconds(30)).until(() ->
        influx.count(db, "SELECT count(rain_mm) FROM rain WHERE sensor = 'after-" + run + "'") == 5);

    assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.statusesSeen()).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, "numRestarts")).isEqualTo(0L);
    LOG.info("hostile control corpus: {} cases ({}) refused in {} s; job RUNNING, 0 restarts", cases.size(), expected,
        seconds);

    // Started again from its checkpoint with the hostile silences still retained: refused again, no failure.
    job.stop();
    int beforeRestart = deadLetters.size();
    long silences = cases.stream().filter(c -> c.kind() == HostileControlCorpus.Kind.SILENCE).count();
    reporter = start(config); // statuses are watched anew
    job.awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> silencesRefusedSince(beforeRestart) >= silences);
    Thread.sleep(3_000); // time for a loop to show, if there were one
    assertThat(silencesRefusedSince(beforeRestart)).isEqualTo(silences);
    assertThat(job.client().getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(job.statusesSeen()).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, "numRestarts")).isEqualTo(0L);
  }

  private InMemoryReporter start(MonitoringConfig config) throws Exception {
    InMemoryReporter reporter = InMemoryReporter.create();
    job.startWithoutRestarts(config, "vigil-monitoring-control-corpus", reporter::addToConfiguration);
    return reporter;
  }

  private long silencesRefusedSince(int index) throws Exception {
    long n = 0;
    for (String d : deadLetters.subList(index, deadLetters.size())) {
      n += JSON.readTree(d).path("reason").asText().equals("silence_invalid") ? 1 : 0;
    }
    return n;
  }

  private JsonNode statusOf(long version) throws Exception {
    for (String s : statuses) {
      JsonNode n = JSON.readTree(s);
      if (n.path("version").asLong() == version) {
        return n;
      }
    }
    return null;
  }

  private void publishRules(String yaml) throws Exception {
    job.publish(rulesTopic, yaml, true);
  }

  private Object jobGauge(InMemoryReporter reporter, String name) {
    var found = reporter.findJobMetricGroups(job.client().getJobID(), name);
    assertThat(found).as("job metric " + name).isNotEmpty();
    return ((Gauge<?>) found.get(0).f2).getValue();
  }

}
