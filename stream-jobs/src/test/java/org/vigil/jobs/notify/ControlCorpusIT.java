package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.awaitility.core.ConditionFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.connectors.testing.TestInflux;

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
  private final String db = "it_control_" + run;
  private final String clientPrefix = "it-control-" + run;
  private final String rulesTopic = "vigil-it/" + run + "/rules";
  private final String ackTopic = "vigil-it/" + run + "/ack";

  private InfluxClient influx;
  private MqttAsyncClient publisher;
  private MqttFeed feed;
  private List<String> deadLetters;
  private List<String> statuses;
  private List<String> decisions;
  private final List<String> retainedTopics = new ArrayList<>();
  private JobClient job;
  private ScheduledExecutorService watcher;
  private final Set<JobStatus> statusesSeen = ConcurrentHashMap.newKeySet();

  @BeforeEach
  void connect() throws Exception {
    influx = TestInflux.client();
    influx.createDatabase(db);
    publisher = new MqttAsyncClient(TestServices.mqttUrl(), "it-control-pub-" + run, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    publisher.connect(o).waitForCompletion(10_000);
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-control-obs-" + run);
    deadLetters = feed.subscribe(MonitoringJob.DEAD_LETTER_TOPIC);
    statuses = feed.subscribe(rulesTopic + "/status");
    decisions = feed.subscribe("vigil/" + site + "/acks");
  }

  @AfterEach
  void cleanUp() throws Exception {
    stopJob();
    for (String t : retainedTopics) { // retained silences and rulesets would reach every later job on this broker
      publish(t, new byte[0], true);
    }
    publish(rulesTopic + "/status", new byte[0], true);
    feed.close();
    publisher.disconnect().waitForCompletion(5_000);
    publisher.close();
    influx.dropDatabase(db);
    TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1", clientPrefix + "-rules-0",
        clientPrefix + "-acks-0", clientPrefix + "-silences-0"));
  }

  @Test
  void everyHostileControlMessageIsDeadLetteredAndTheJobNeitherFailsNorLoops() throws Exception {
    Map<String, String> settings = JobSettings.forTest(db, "itctl" + run, clientPrefix, site, checkpoints);
    settings.put("VIGIL_RULES_TOPIC", rulesTopic);
    settings.put("VIGIL_ACK_TOPIC", ackTopic);
    MonitoringConfig config = MonitoringConfig.from(settings::get);
    InMemoryReporter reporter = start(config);

    // Ready: the retained ruleset version 1 is accepted, and an ack (of an alert the job does not know) is answered.
    publishRules(HostileControlCorpus.ruleset("version: 1"));
    awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> statusOf(1) != null);
    assertThat(statusOf(1).path("status").asText()).isEqualTo("accepted");
    for (int k = 0; decisions.isEmpty(); k++) {
      assertThat(k).as("the job answered an ack within 60 s").isLessThan(120);
      assertThat(jobStopped()).as("job stopped").isFalse();
      publish(ackTopic, HostileControlCorpus.ack(null, null).getBytes(StandardCharsets.UTF_8), false);
      Thread.sleep(500);
    }

    // The corpus, one case at a time: each gets its one dead letter before the next is sent.
    List<HostileControlCorpus.Case> cases = HostileControlCorpus.cases(run, 1);
    List<String> wrong = new ArrayList<>();
    long started = System.currentTimeMillis();
    for (HostileControlCorpus.Case c : cases) {
      int before = deadLetters.size();
      switch (c.kind()) {
        case ACK -> publish(ackTopic, c.payload(), false);
        case SILENCE -> {
          String t = SilenceJson.TOPIC_PREFIX + c.silenceId();
          retainedTopics.add(t);
          publish(t, c.payload(), true);
        }
        case RULES -> publish(rulesTopic, c.payload(), false);
      }
      awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() > before);
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
    awaitAlive().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(payload_bytes) FROM deadletter") == cases.size());
    Map<String, Long> stored = new TreeMap<>();
    for (JsonNode s : influx.query(db, "SELECT count(payload_bytes) FROM deadletter GROUP BY reason")
        .path("results").path(0).path("series")) {
      stored.put(s.path("tags").path("reason").asText(), s.path("values").path(0).path(1).asLong());
    }
    assertThat(stored).isEqualTo(expected);

    // Still in command: version 2 is accepted after 1e300, 2^63 - 1 and the jump; acks are answered; readings stored.
    publishRules(HostileControlCorpus.ruleset("version: 2"));
    awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> statusOf(2) != null);
    assertThat(statusOf(2).path("status").asText()).isEqualTo("accepted");
    int answered = decisions.size();
    publish(ackTopic, HostileControlCorpus.ack(null, null).getBytes(StandardCharsets.UTF_8), false);
    awaitAlive().atMost(Duration.ofSeconds(20)).until(() -> decisions.size() > answered);
    long now = System.currentTimeMillis();
    for (int k = 0; k < 5; k++) {
      publish("vigil/" + site + "/rain/after-" + run + "/data", ("{\"ts\":" + (now + k) + ",\"seq\":" + k
          + ",\"values\":{\"rain_mm\":0.2}}").getBytes(StandardCharsets.UTF_8), false);
    }
    awaitAlive().atMost(Duration.ofSeconds(30)).until(() ->
        influx.count(db, "SELECT count(rain_mm) FROM rain WHERE sensor = 'after-" + run + "'") == 5);

    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(statusesSeen).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, "numRestarts")).isEqualTo(0L);
    LOG.info("hostile control corpus: {} cases ({}) refused in {} s; job RUNNING, 0 restarts", cases.size(), expected,
        seconds);

    // Started again from its checkpoint with the hostile silences still retained: refused again, no failure.
    stopJob();
    int beforeRestart = deadLetters.size();
    long silences = cases.stream().filter(c -> c.kind() == HostileControlCorpus.Kind.SILENCE).count();
    statusesSeen.clear();
    reporter = start(config);
    awaitAlive().atMost(Duration.ofSeconds(60)).until(() -> silencesRefusedSince(beforeRestart) >= silences);
    Thread.sleep(3_000); // time for a loop to show, if there were one
    assertThat(silencesRefusedSince(beforeRestart)).isEqualTo(silences);
    assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    assertThat(statusesSeen).isSubsetOf(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
    assertThat(jobGauge(reporter, "numRestarts")).isEqualTo(0L);
  }

  private InMemoryReporter start(MonitoringConfig config) throws Exception {
    InMemoryReporter reporter = InMemoryReporter.create();
    StreamExecutionEnvironment env = MonitoringJob.localEnvironment(config);
    Configuration conf = (Configuration) env.getConfiguration(); // the MiniCluster is built from this at execute
    reporter.addToConfiguration(conf);
    conf.setString("restart-strategy.type", "none"); // any failure ends the job instead of hiding in a restart
    MonitoringJob.build(env, config, List.of());
    job = env.executeAsync("vigil-monitoring-control-corpus");
    watcher = Executors.newSingleThreadScheduledExecutor();
    JobClient watched = job;
    watcher.scheduleWithFixedDelay(() -> {
      try {
        statusesSeen.add(watched.getJobStatus().get(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        statusesSeen.add(JobStatus.FAILED); // the cluster is gone with the job
      }
    }, 0, 250, TimeUnit.MILLISECONDS);
    return reporter;
  }

  private void stopJob() throws Exception {
    if (watcher != null) {
      watcher.shutdownNow();
      watcher = null;
    }
    if (job != null && !jobStopped()) {
      job.cancel().get(30, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(30)).until(this::jobStopped);
    }
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
    retainedTopics.add(rulesTopic);
    publish(rulesTopic, yaml.getBytes(StandardCharsets.UTF_8), true);
  }

  private ConditionFactory awaitAlive() {
    return await().failFast("the job stopped running (restarts are off: a failure ends it)", this::jobStopped);
  }

  private boolean jobStopped() {
    try {
      return job.getJobStatus().get(5, TimeUnit.SECONDS).isTerminalState();
    } catch (Exception e) {
      return true;
    }
  }

  private Object jobGauge(InMemoryReporter reporter, String name) {
    var found = reporter.findJobMetricGroups(job.getJobID(), name);
    assertThat(found).as("job metric " + name).isNotEmpty();
    return ((Gauge<?>) found.get(0).f2).getValue();
  }

  private void publish(String topic, byte[] payload, boolean retained) throws Exception {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(1);
    m.setRetained(retained);
    publisher.publish(topic, m).waitForCompletion(10_000);
  }
}
