package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.testing.TestServices;

/**
 * The MQTT source at parallelism 2 in a MiniCluster against the real Mosquitto: the shared subscription splits the
 * stream between the readers, nothing is lost or duplicated, and messages are acknowledged only after a checkpoint
 * completes (a job cancelled before any checkpoint leaves them in the sessions for the next job).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttSourceParallelismIT {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceParallelismIT.class);
  private static final int PARALLELISM = 2;
  private static final long SESSION_EXPIRY_SECONDS = 600;

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .setConfiguration(loopbackOnly())
              .build());

  private String brokerUri;
  private String runId;
  private String topicPrefix;
  private List<String> clientIds;

  private static Configuration loopbackOnly() {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    return conf;
  }

  @BeforeEach
  void uniqueNames() {
    brokerUri = TestServices.mqttUrl();
    runId = UUID.randomUUID().toString().substring(0, 8);
    topicPrefix = "vigil-it/" + runId;
    clientIds = List.of(clientIdPrefix() + "-0", clientIdPrefix() + "-1");
  }

  @AfterEach
  void removeSessions() throws Exception {
    MqttTestClients.removeSessions(brokerUri, clientIds);
  }

  private String clientIdPrefix() {
    return "it-src-" + runId;
  }

  private MqttSource source(int maxUnacked) {
    return MqttSource.builder()
        .serverUri(brokerUri)
        .topicFilters(topicPrefix + "/+/+/+/data")
        .sharedGroup("it-" + runId)
        .clientIdPrefix(clientIdPrefix())
        .sessionExpirySeconds(SESSION_EXPIRY_SECONDS)
        .maxUnackedMessages(maxUnacked)
        .build();
  }

  private JobClient startJob(String run, long checkpointIntervalMs, int maxUnacked) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false); // MqttRecord must not need Kryo
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // a failing reader fails the test at once
    env.configure(conf);
    env.setParallelism(PARALLELISM);
    env.enableCheckpointing(checkpointIntervalMs);
    // The first checkpoint comes after a random delay in [min pause, interval]: with min pause = interval, an
    // hour-long interval really means no checkpoint during the test.
    env.getCheckpointConfig().setMinPauseBetweenCheckpoints(checkpointIntervalMs);
    env.fromSource(source(maxUnacked), WatermarkStrategy.noWatermarks(), "mqtt-source")
        .map(new RecordingFunction(run))
        .name("record")
        .sinkTo(new DiscardingSink<>());
    return env.executeAsync("mqtt-source-it-" + run);
  }

  @Test
  void parallelReadersSplitTheStreamAndEveryReadingArrivesExactlyOnce() throws Exception {
    int readings = 12_000;
    String run = runId + "-share";
    RecordingFunction.RunLog log = RecordingFunction.newRun(run, PARALLELISM);
    // A low cap makes the readers pause at it and resume on checkpoints several times during the run: with 400
    // unacknowledged per reader and a checkpoint every 500 ms the two readers take at most ~1,600 messages/s, well
    // below what the publisher sends even on a loaded machine, so a backlog forms and every reader meets the cap
    // (with a cap of 2,000 a slow publisher on a busy machine could stay under it: 1,772 once).
    int maxUnacked = 400;
    JobClient job = startJob(run, 500, maxUnacked);
    try (MqttTestClients.Publisher publisher =
        new MqttTestClients.Publisher(brokerUri, "it-pub-" + runId, 500)) {
      warmUp(publisher, log, job);

      long start = System.nanoTime();
      publishReadings(publisher, readings);
      long published = System.nanoTime();
      awaitRunning(job, Duration.ofSeconds(40), () -> log.distinctReadings() == readings);
      long received = System.nanoTime();
      LOG.info(
          "Published {} readings in {} ms, all received after {} ms; per subtask {}",
          readings,
          (published - start) / 1_000_000,
          (received - start) / 1_000_000,
          log.readingsPerSubtask);

      assertThat(log.timesSeen.keySet())
          .containsExactlyInAnyOrderElementsOf(LongStream.range(0, readings).boxed().toList());
      assertThat(log.duplicates()).as("readings seen more than once").isZero();
      int first = log.readingsPerSubtask.get(0);
      int second = log.readingsPerSubtask.get(1);
      assertThat(first + second).isEqualTo(readings);
      assertThat(Math.min(first, second)).as("share of the smaller reader").isGreaterThan(readings * 3 / 10);
      // Between two barriers a reader emits at most maxUnacked messages: all of them await the same checkpoint.
      // Reaching it exactly shows the readers did pause at the cap.
      LOG.info("Most records per subtask between two barriers: {}", log.maxBetweenBarriers);
      for (int i = 0; i < PARALLELISM; i++) {
        assertThat(log.maxBetweenBarriers.get(i)).as("records between barriers, subtask " + i).isEqualTo(maxUnacked);
      }

      // Two more checkpoints complete: every reading is covered by one and acknowledged.
      long checkpointAtEnd = log.maxCompletedCheckpoint();
      awaitRunning(job, Duration.ofSeconds(15), () -> log.minCompletedCheckpoint() >= checkpointAtEnd + 2);
    } finally {
      cancel(job);
      RecordingFunction.forget(run);
    }
    assertThat(MqttTestClients.leftoversInSessions(brokerUri, clientIds, SESSION_EXPIRY_SECONDS, Duration.ofSeconds(1)))
        .as("messages still unacknowledged in the sessions after checkpoints completed")
        .isZero();
  }

  @Test
  void messagesAreAcknowledgedOnlyAfterTheCheckpointCoveringThemCompletes() throws Exception {
    int readings = 5_000;
    String runA = runId + "-nocheckpoint";
    String runB = runId + "-resumed";
    RecordingFunction.RunLog logA = RecordingFunction.newRun(runA, PARALLELISM);
    RecordingFunction.RunLog logB = RecordingFunction.newRun(runB, PARALLELISM);
    try {
      // Job A: checkpointing on, but the first checkpoint would come after an hour.
      JobClient jobA = startJob(runA, 3_600_000, 50_000);
      try (MqttTestClients.Publisher publisher =
          new MqttTestClients.Publisher(brokerUri, "it-pub-" + runId, 500)) {
        warmUp(publisher, logA, jobA);
        publishReadings(publisher, readings);
        awaitRunning(jobA, Duration.ofSeconds(30), () -> logA.distinctReadings() == readings);
        assertThat(logA.maxCompletedCheckpoint()).as("checkpoints completed in job A").isZero();
      } finally {
        cancel(jobA); // closes the readers: they disconnect without acknowledging
      }

      // Job B, same client ids: the broker redelivers every reading job A emitted but never acknowledged.
      long start = System.nanoTime();
      JobClient jobB = startJob(runB, 500, 50_000);
      try {
        awaitRunning(jobB, Duration.ofSeconds(30), () -> logB.distinctReadings() == readings);
        LOG.info(
            "Job B received all {} unacknowledged readings again after {} ms; per subtask {}",
            readings,
            (System.nanoTime() - start) / 1_000_000,
            logB.readingsPerSubtask);
        assertThat(logB.timesSeen.keySet())
            .containsExactlyInAnyOrderElementsOf(LongStream.range(0, readings).boxed().toList());
        assertThat(logB.duplicates()).isZero();
        long checkpointAtEnd = logB.maxCompletedCheckpoint();
        awaitRunning(jobB, Duration.ofSeconds(15), () -> logB.minCompletedCheckpoint() >= checkpointAtEnd + 2);
      } finally {
        cancel(jobB);
      }
    } finally {
      RecordingFunction.forget(runA);
      RecordingFunction.forget(runB);
    }
    // Job B's checkpoints completed, so it acknowledged them: nothing is left for a third job.
    assertThat(MqttTestClients.leftoversInSessions(brokerUri, clientIds, SESSION_EXPIRY_SECONDS, Duration.ofSeconds(1)))
        .isZero();
  }

  /** Publishes warm-up messages until both readers got one: both shared subscriptions are in place. */
  private void warmUp(MqttTestClients.Publisher publisher, RecordingFunction.RunLog log, JobClient job)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int k = 0;
    while (!log.everySubtaskWarmedUp()) {
      assertThat(System.nanoTime()).as("both readers subscribed within 30 s").isLessThan(deadline);
      assertThat(job.getJobStatus().get()).isIn(JobStatus.CREATED, JobStatus.INITIALIZING, JobStatus.RUNNING);
      publisher.publish(topicPrefix + "/warmup/rain/w/data", "{\"seq\":" + (-1 - k++) + "}");
      Thread.sleep(100);
    }
    publisher.flush(Duration.ofSeconds(10));
  }

  private void publishReadings(MqttTestClients.Publisher publisher, int readings) throws Exception {
    long now = System.currentTimeMillis();
    for (int seq = 0; seq < readings; seq++) {
      String topic = topicPrefix + "/site" + (seq % 3) + "/rain/r" + (seq % 50) + "/data";
      publisher.publish(
          topic, "{\"ts\":" + (now + seq) + ",\"seq\":" + seq + ",\"values\":{\"rain_mm\":0.2},\"rssi\":-71}");
    }
    publisher.flush(Duration.ofSeconds(30));
  }

  /** Waits for the condition, failing early when the job stops running. */
  private static void awaitRunning(JobClient job, Duration atMost, Callable<Boolean> condition) {
    await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              JobStatus status = job.getJobStatus().get();
              assertThat(status).as("job status").isNotIn(JobStatus.FAILED, JobStatus.CANCELED, JobStatus.FINISHED);
              return condition.call();
            });
  }

  private static void cancel(JobClient job) throws Exception {
    job.cancel().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> job.getJobStatus().get().isGloballyTerminalState());
  }
}
