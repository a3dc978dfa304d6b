package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.testing.ServiceControl;
import org.vigil.connectors.testing.TestServices;

/**
 * The MQTT source through outages, in a MiniCluster at parallelism 2 with 1 s checkpoints against the real
 * Mosquitto: a broker restart and a network drop mid-stream lose nothing (every reading arrives at least once; the
 * job neither fails nor stalls), and a broker that never comes back fails the job after the reconnect timeout with
 * an {@link MqttSourceException} that says what to check. The publisher behaves like a device: it retries what the
 * broker did not acknowledge. Mosquitto's log must not report dropped messages.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class MqttSourceRecoveryIT {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceRecoveryIT.class);
  private static final int PARALLELISM = 2;
  private static final long SESSION_EXPIRY_SECONDS = 600;
  private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(PARALLELISM)
              .setConfiguration(clusterConfig())
              .build());

  private String brokerUri;
  private String runId;
  private String topicPrefix;
  private List<String> clientIds;
  private long logMark;

  private static Configuration clusterConfig() {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    return METRICS.addToConfiguration(conf);
  }

  @BeforeEach
  void uniqueNames() throws Exception {
    brokerUri = TestServices.mqttUrl();
    runId = UUID.randomUUID().toString().substring(0, 8);
    topicPrefix = "vigil-it/" + runId;
    clientIds = List.of("it-rec-" + runId + "-0", "it-rec-" + runId + "-1");
    logMark = MosquittoLog.mark();
  }

  @AfterEach
  void brokerUpAndSessionsRemoved() throws Exception {
    ServiceControl.start("mosquitto"); // no-op when it runs; a test that failed mid-outage must not leave it down
    MqttTestClients.removeSessions(brokerUri, clientIds);
  }

  private MqttSource source(String serverUri, Duration reconnectTimeout) {
    return MqttSource.builder()
        .serverUri(serverUri)
        .topicFilters(topicPrefix + "/+/+/+/data")
        .sharedGroup("it-" + runId)
        .clientIdPrefix("it-rec-" + runId)
        .sessionExpirySeconds(SESSION_EXPIRY_SECONDS)
        .reconnectBackoff(Duration.ofMillis(250), Duration.ofSeconds(2))
        .reconnectTimeout(reconnectTimeout)
        .build();
  }

  private JobClient startJob(String run, MqttSource source) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    // No restarts: an outage within the reconnect timeout must not fail a reader or the enumerator even once.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    env.configure(conf);
    env.setParallelism(PARALLELISM);
    env.enableCheckpointing(1_000);
    env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-source")
        .map(new RecordingFunction(run))
        .name("record")
        .sinkTo(new DiscardingSink<>());
    return env.executeAsync("mqtt-recovery-it-" + run);
  }

  @Test
  void aBrokerRestartMidStreamLosesNothing() throws Exception {
    int readings = 30_000;
    String run = runId + "-restart";
    RecordingFunction.RunLog log = RecordingFunction.newRun(run, PARALLELISM);
    JobClient job = startJob(run, source(brokerUri, Duration.ofSeconds(60)));
    try (ResilientPublisher publisher =
        new ResilientPublisher(brokerUri, "it-rec-pub-" + runId, topicPrefix, readings, 2_500, 500)) {
      warmUp(log, job);
      long start = System.nanoTime();
      publisher.start();
      awaitRunning(job, Duration.ofSeconds(30), () -> log.distinctReadings() >= readings / 3);
      int receivedBeforeStop = log.distinctReadings();

      long stopAt = System.nanoTime();
      ServiceControl.stop("mosquitto");
      Thread.sleep(4_000);
      assertThat(job.getJobStatus().get()).as("job status while the broker is down").isEqualTo(JobStatus.RUNNING);
      int[] perSubtaskAtRestart = {log.readingsPerSubtask.get(0), log.readingsPerSubtask.get(1)};
      ServiceControl.start("mosquitto");
      long upAt = System.nanoTime();

      awaitRunning(job, Duration.ofSeconds(90), () -> log.distinctReadings() == readings);
      long doneAt = System.nanoTime();
      publisher.awaitAllAcknowledged(Duration.ofSeconds(10));
      assertEveryReadingArrived(log, readings);
      long checkpointAtEnd = log.maxCompletedCheckpoint();
      awaitRunning(job, Duration.ofSeconds(15), () -> log.minCompletedCheckpoint() >= checkpointAtEnd + 2);
      awaitRunning(job, Duration.ofSeconds(10), () -> sum(job, "mqttConnected") == PARALLELISM);

      LOG.info(
          "Broker restart: {} readings, {} received before the stop; {} records received, {} readings more than once;"
              + " outage {} ms (stop + 4 s + start); all in {} ms after the broker was back ({} ms in total);"
              + " source: {} reconnects, {} connection losses, {} acks skipped, {} acks sent, {} messages received;"
              + " publisher: {} attempts, {} republished ({} answered 'no matching subscribers'), {} connects",
          readings,
          receivedBeforeStop,
          log.totalRecords(),
          log.duplicates(),
          (upAt - stopAt) / 1_000_000,
          (doneAt - upAt) / 1_000_000,
          (doneAt - start) / 1_000_000,
          sum(job, "mqttReconnects"),
          sum(job, "mqttConnectionLosses"),
          sum(job, "mqttAcksSkipped"),
          sum(job, "mqttAcksSent"),
          sum(job, "mqttMessagesReceived"),
          publisher.attempts(),
          publisher.republished(),
          publisher.noMatchingSubscribers(),
          publisher.connects());
      assertThat(sum(job, "mqttReconnects")).as("each reader reconnected").isGreaterThanOrEqualTo(PARALLELISM);
      for (int i = 0; i < PARALLELISM; i++) {
        // Both readers subscribed again: the broker restored their sessions but not their shared subscriptions, so a
        // reader that did not resubscribe gets nothing published after the restart. The split between the readers
        // after a restart is uneven (the first to reconnect takes more; 2,249 vs the rest seen in one clean-clone
        // run), so the bar is 2 % of the stream, far above what a stalled reader's queue could hold at this pace.
        assertThat(log.readingsPerSubtask.get(i)).as("readings of subtask " + i + " after the restart")
            .isGreaterThan(perSubtaskAtRestart[i] + readings / 50);
      }
      assertThat(sum(job, "mqttMessagesEmitted")).isEqualTo(log.totalRecords() + log.totalWarmUps());
    } finally {
      cancel(job);
      RecordingFunction.forget(run);
    }
    assertNoDroppedMessagesLogged();
    // Checkpoints after the restart acknowledged everything on the new connections: nothing is left for a next job.
    assertThat(MqttTestClients.leftoversInSessions(brokerUri, clientIds, SESSION_EXPIRY_SECONDS, Duration.ofSeconds(1)))
        .as("messages still unacknowledged in the sessions")
        .isZero();
  }

  @Test
  void aNetworkDropMidStreamLosesNothing() throws Exception {
    int readings = 20_000;
    String run = runId + "-drop";
    RecordingFunction.RunLog log = RecordingFunction.newRun(run, PARALLELISM);
    URI broker = URI.create(brokerUri);
    try (CuttableProxy proxy = new CuttableProxy(broker.getHost(), broker.getPort());
        ResilientPublisher publisher =
            new ResilientPublisher(brokerUri, "it-rec-pub-" + runId, topicPrefix, readings, 2_500, 500)) {
      JobClient job = startJob(run, source(proxy.uri(), Duration.ofSeconds(60)));
      try {
        warmUp(log, job);
        long start = System.nanoTime();
        publisher.start();
        awaitRunning(job, Duration.ofSeconds(30), () -> log.distinctReadings() >= readings / 3);
        int receivedBeforeCut = log.distinctReadings();

        proxy.setAccepting(false);
        proxy.cut();
        long cutAt = System.nanoTime();
        awaitRunning(job, Duration.ofSeconds(5), () -> sum(job, "mqttConnected") == 0);
        Thread.sleep(3_000);
        assertThat(max(job, "mqttDisconnectedSeconds")).as("outage seen in the metrics").isGreaterThanOrEqualTo(2);
        proxy.setAccepting(true);
        long restoredAt = System.nanoTime();

        awaitRunning(job, Duration.ofSeconds(60), () -> log.distinctReadings() == readings);
        long doneAt = System.nanoTime();
        publisher.awaitAllAcknowledged(Duration.ofSeconds(10));
        assertEveryReadingArrived(log, readings);
        long checkpointAtEnd = log.maxCompletedCheckpoint();
        awaitRunning(job, Duration.ofSeconds(15), () -> log.minCompletedCheckpoint() >= checkpointAtEnd + 2);
        LOG.info(
            "Network drop: {} readings, {} received before the cut; {} records received, {} readings more than once;"
                + " cut for {} ms; all in {} ms after the network was back ({} ms in total); source: {} reconnects,"
                + " {} acks skipped, {} s since the loss",
            readings,
            receivedBeforeCut,
            log.totalRecords(),
            log.duplicates(),
            (restoredAt - cutAt) / 1_000_000,
            (doneAt - restoredAt) / 1_000_000,
            (doneAt - start) / 1_000_000,
            sum(job, "mqttReconnects"),
            sum(job, "mqttAcksSkipped"),
            max(job, "mqttSecondsSinceConnectionLoss"));
        assertThat(sum(job, "mqttReconnects")).isEqualTo(PARALLELISM);
        assertThat(sum(job, "mqttConnectionLosses")).isEqualTo(PARALLELISM);
        assertThat(sum(job, "mqttConnected")).isEqualTo(PARALLELISM);
      } finally {
        cancel(job);
        RecordingFunction.forget(run);
      }
    }
    assertNoDroppedMessagesLogged();
    assertThat(MqttTestClients.leftoversInSessions(brokerUri, clientIds, SESSION_EXPIRY_SECONDS, Duration.ofSeconds(1)))
        .isZero();
  }

  @Test
  void aBrokerThatNeverComesBackFailsTheJobAfterTheReconnectTimeout() throws Exception {
    String run = runId + "-gone";
    RecordingFunction.RunLog log = RecordingFunction.newRun(run, PARALLELISM);
    URI broker = URI.create(brokerUri);
    try (CuttableProxy proxy = new CuttableProxy(broker.getHost(), broker.getPort())) {
      JobClient job = startJob(run, source(proxy.uri(), Duration.ofSeconds(3)));
      try {
        warmUp(log, job);
        proxy.setAccepting(false);
        proxy.cut();
        long cutAt = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> job.getJobStatus().get().isGloballyTerminalState());
        long failedAfterMs = (System.nanoTime() - cutAt) / 1_000_000;
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.FAILED);

        ExecutionException failure = null;
        try {
          job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          failure = e;
        }
        assertThat(failure).as("the job's failure").isNotNull();
        Optional<MqttSourceException> cause = ExceptionUtils.findThrowable(failure, MqttSourceException.class);
        if (cause.isEmpty()) {
          fail("the job failed, but not with an MqttSourceException", failure);
        }
        LOG.info("Broker gone: the job failed {} ms after the cut with: {}", failedAfterMs, cause.get().getMessage());
        assertThat(failedAfterMs).as("failed after the 3 s timeout, promptly").isBetween(3_000L, 10_000L);
        assertThat(cause.get().clientId()).isIn(clientIds);
        assertThat(cause.get().getMessage())
            .contains("no connection to the MQTT broker " + proxy.uri() + " for 3.")
            .contains("since the connection was lost at")
            .contains("reconnect timeout PT3S (mqtt.source.reconnect-timeout)")
            .contains("last cause: ")
            .contains("Check that the broker is running and reachable");
      } finally {
        if (!job.getJobStatus().get().isGloballyTerminalState()) {
          cancel(job);
        }
        RecordingFunction.forget(run);
      }
    }
  }

  /** Publishes warm-up messages until both readers got one: both shared subscriptions are in place. */
  private void warmUp(RecordingFunction.RunLog log, JobClient job) throws Exception {
    try (MqttTestClients.Publisher publisher = new MqttTestClients.Publisher(brokerUri, "it-rec-warm-" + runId, 100)) {
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
  }

  private static void assertEveryReadingArrived(RecordingFunction.RunLog log, int readings) {
    assertThat(log.timesSeen.keySet())
        .as("readings received (no gaps)")
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, readings).boxed().toList());
  }

  private void assertNoDroppedMessagesLogged() throws Exception {
    assertThat(MosquittoLog.droppedMessageLinesSince(logMark))
        .as("Mosquitto dropped queued QoS 1 messages (see " + MosquittoLog.path() + ")")
        .isEmpty();
  }

  /** The sum over the job's readers of a counter or numeric gauge of the source. */
  private static long sum(JobClient job, String metric) {
    return values(job, metric).sum();
  }

  /** The largest value over the job's readers of a counter or numeric gauge of the source; -1 when none. */
  private static long max(JobClient job, String metric) {
    return values(job, metric).max().orElse(-1);
  }

  private static LongStream values(JobClient job, String metric) {
    Map<String, Metric> found = METRICS.findMetrics(job.getJobID(), metric);
    LongStream.Builder values = LongStream.builder();
    for (Map.Entry<String, Metric> e : found.entrySet()) {
      if (!e.getKey().endsWith("." + metric)) {
        continue;
      }
      if (e.getValue() instanceof Counter c) {
        values.add(c.getCount());
      } else if (e.getValue() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        values.add(n.longValue());
      }
    }
    return values.build();
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
