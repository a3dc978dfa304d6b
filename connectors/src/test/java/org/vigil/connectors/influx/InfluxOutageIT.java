package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.testing.ServiceControl;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.testing.TestInflux;

/**
 * The sink through a real InfluxDB outage: the test run's InfluxDB is stopped and started again
 * (infra/services.sh through {@link ServiceControl}) under a MiniCluster job at parallelism 2 with a
 * checkpoint every second. Readings are numbered: reading {@code i} is series {@code s(i mod 20)} at
 * {@code BASE + i} ms with field {@code seq = i}, so "nothing lost, nothing doubled" is checked in
 * InfluxDB with counts and sums worked out by hand.
 */
class InfluxOutageIT {

  private static final Logger LOG = LoggerFactory.getLogger(InfluxOutageIT.class);

  /** 2026-01-01T00:00:00Z. */
  private static final long BASE = 1_767_225_600_000L;
  private static final int SERIES = 20;
  private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

  /** Elements that passed the paced map, over all subtasks, since the last reset. */
  static final AtomicLong GENERATED = new AtomicLong();
  /** How often a paced map subtask was opened: 2 per job run without failover. */
  static final AtomicInteger OPENS = new AtomicInteger();
  /** When checkpoints completed (System.nanoTime, as seen by subtask 0). */
  static final List<Long> CHECKPOINTS = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final MiniClusterExtension MINI_CLUSTER =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .setConfiguration(REPORTER.addToConfiguration(clusterConfig()))
              .build());

  @TempDir Path checkpointDir;

  private final String influxUrl = TestServices.influxUrl();
  private final InfluxClient influx = TestInflux.client();
  private final String db = "vigil_it_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

  @BeforeEach
  void reset() throws Exception {
    GENERATED.set(0);
    OPENS.set(0);
    CHECKPOINTS.clear();
    influx.createDatabase(db);
  }

  @AfterEach
  void cleanUp() throws Exception {
    sampler.shutdownNow();
    ServiceControl.start("influxdb"); // a no-op when it runs; leaves InfluxDB up if a test failed mid-outage
    influx.dropDatabase(db);
  }

  @Test
  void thirtySecondsWithoutInfluxDbLoseNothingAndStopNothing() throws Exception {
    int n = 100_000; // 2,000 readings/s (1,000 per subtask) for 50 s
    StreamExecutionEnvironment env = env(null);
    pipeline(env, n, 1000);
    JobClient job = env.executeAsync("influx-outage-it");
    JobID jobId = job.getJobID();
    AtomicLong peakBuffered = new AtomicLong();
    AtomicLong peakInState = new AtomicLong();
    sampler.scheduleWithFixedDelay(
        () -> {
          peakBuffered.accumulateAndGet(sum(jobId, "influx.bufferedLines"), Math::max);
          peakInState.accumulateAndGet(sum(jobId, "influx.linesInCheckpointState"), Math::max);
        },
        0, 200, TimeUnit.MILLISECONDS);

    // About 15 s into the stream: 30,000 readings stored.
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> stored() >= 30_000);
    long storedBefore = stored();
    long generatedAtStop = GENERATED.get();
    ServiceControl.stop("influxdb");
    long down = System.nanoTime();
    Thread.sleep(30_000); // the outage
    long checkpointsDuringOutage = CHECKPOINTS.stream().filter(t -> t > down).count();
    long generatedDuringOutage = GENERATED.get() - generatedAtStop;
    ServiceControl.start("influxdb");
    long up = System.nanoTime();
    Duration outage = Duration.ofNanos(up - down);

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> stored() >= storedBefore + generatedDuringOutage);
    Duration drain = Duration.ofNanos(System.nanoTime() - up);
    job.getJobExecutionResult().get(90, TimeUnit.SECONDS); // FINISHED; with restart strategy none a failover fails it

    LOG.info(
        "InfluxDB outage: generated {}, stored {}, outage {} ms, generated during the outage {}, peak buffered lines {},"
            + " peak lines in checkpoint state {}, checkpoints completed during the outage {}, drain time {} ms"
            + " (backlog stored after InfluxDB came back)",
        GENERATED.get(), stored(), outage.toMillis(), generatedDuringOutage, peakBuffered.get(), peakInState.get(),
        checkpointsDuringOutage, drain.toMillis());
    assertThat(GENERATED.get()).isEqualTo(n);
    assertThat(OPENS.get()).as("paced map opened once per subtask: no failover").isEqualTo(2);
    assertThat(outage).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
    // A checkpoint a second for 30 s; allow for slow starts and the checkpoint in progress at the stop.
    assertThat(checkpointsDuringOutage).isGreaterThanOrEqualTo(20);
    // Everything generated during the outage waited in the writers (and in their checkpoint state).
    assertThat(peakBuffered.get()).isGreaterThanOrEqualTo(generatedDuringOutage / 2);
    assertThat(peakInState.get()).isPositive();
    assertNothingLostNothingDoubled(n);
  }

  @Test
  void linesInTheCheckpointStateAreWrittenByAJobRestoredFromIt() throws Exception {
    int n = 40_000; // 2,000 readings/s for 20 s
    StreamExecutionEnvironment envA = env(null);
    pipeline(envA, n, 1000);
    JobClient jobA = envA.executeAsync("influx-outage-it-a");
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> stored() >= 6_000);
    ServiceControl.stop("influxdb");
    long down = System.nanoTime();
    // Three checkpoints complete during the outage: their sink state holds the unstored readings.
    await().atMost(Duration.ofSeconds(30)).until(() -> CHECKPOINTS.stream().filter(t -> t > down).count() >= 3);
    long inStateAtCancel = sum(jobA.getJobID(), "influx.linesInCheckpointState");
    jobA.cancel().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> jobA.getJobStatus().get().isGloballyTerminalState());
    Path checkpoint = latestCheckpoint(checkpointDir.resolve(jobA.getJobID().toString()));
    ServiceControl.start("influxdb");
    long storedByA = stored(); // InfluxDB was down from the stop to now: exactly what job A stored

    GENERATED.set(0);
    OPENS.set(0);
    StreamExecutionEnvironment envB = env(checkpoint);
    pipeline(envB, n, 1000);
    JobClient jobB = envB.executeAsync("influx-outage-it-b");
    jobB.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    long restored = sum(jobB.getJobID(), "influx.linesRestored");
    long generatedByB = GENERATED.get();
    // Readings neither stored by job A nor re-read by job B's source: only the checkpoint had them.
    long onlyInCheckpoint = n - storedByA - generatedByB;

    LOG.info(
        "kill during the outage and restore from {}: stored by job A {}, lines in the last snapshot {}, restored"
            + " from the checkpoint {}, generated by job B {}, readings only the checkpoint held {}, stored at the end {}",
        checkpoint, storedByA, inStateAtCancel, restored, generatedByB, onlyInCheckpoint, stored());
    assertThat(restored).isPositive();
    assertThat(onlyInCheckpoint).isPositive().isLessThanOrEqualTo(restored);
    assertNothingLostNothingDoubled(n);
  }

  private void assertNothingLostNothingDoubled(int n) throws InterruptedException {
    // Readings 0..n-1 once each: n points, n distinct seq values summing to n(n-1)/2, n/20 per series.
    assertThat(stored()).isEqualTo(n);
    assertThat(influx.count(db, "SELECT count(distinct(seq)) FROM reading")).isEqualTo(n);
    assertThat(influx.count(db, "SELECT sum(seq) FROM reading")).isEqualTo((long) n * (n - 1) / 2);
    assertThat(influx.count(db, "SELECT max(seq) FROM reading")).isEqualTo(n - 1);
    var series = influx.query(db, "SELECT count(seq) FROM reading GROUP BY sensor").path("results").path(0).path("series");
    assertThat(series.size()).isEqualTo(SERIES);
    series.forEach(s -> assertThat(s.path("values").path(0).path(1).asLong()).isEqualTo(n / SERIES));
  }

  private long stored() throws InterruptedException {
    return influx.count(db, "SELECT count(seq) FROM reading");
  }

  /** Sums a metric over the job's subtasks (the reporter keeps metrics of finished jobs). */
  private static long sum(JobID job, String suffix) {
    long total = 0;
    for (Map.Entry<String, Metric> e : REPORTER.getMetricsByIdentifiers(job).entrySet()) {
      if (e.getKey().endsWith("." + suffix)) {
        Metric m = e.getValue();
        if (m instanceof Counter c) {
          total += c.getCount();
        } else if (m instanceof Gauge<?> g && g.getValue() instanceof Number v) {
          total += v.longValue();
        }
      }
    }
    return total;
  }

  private static Path latestCheckpoint(Path jobDir) throws IOException {
    try (Stream<Path> dirs = Files.list(jobDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
          .filter(d -> Files.exists(d.resolve("_metadata")))
          .max(Comparator.comparingLong(d -> Long.parseLong(d.getFileName().toString().substring(4))))
          .orElseThrow(() -> new IllegalStateException("no completed checkpoint in " + jobDir));
    }
  }

  private StreamExecutionEnvironment env(Path restoreFrom) {
    Configuration conf = new Configuration();
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
    conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (restoreFrom != null) {
      conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom.toUri().toString());
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    return env;
  }

  private void pipeline(StreamExecutionEnvironment env, int n, int perSubtaskRate) {
    env.fromSequence(0, n - 1).uid("numbers").name("numbers")
        .map(new Paced(perSubtaskRate)).uid("paced").name("paced")
        .sinkTo(
            InfluxSink.<Long>builder()
                .url(influxUrl)
                .credentials(org.vigil.connectors.testing.TestInflux.credentials())
                .database(db)
                .encoder(InfluxOutageIT::encode)
                .build())
        .uid("influx-sink").name("influx");
  }

  /** Reading {@code i}: series {@code s(i mod 20)} at BASE + i ms, seq = i. */
  static void encode(Long i, LineProtocol.Builder out) {
    out.measurement("reading").tag("sensor", "s" + (i % SERIES)).field("seq", (long) i).field("value", i / 10.0).timestamp(BASE + i);
  }

  /** Passes numbers on at a fixed rate per subtask; counts them; notes completed checkpoints. */
  static final class Paced extends RichMapFunction<Long, Long> implements CheckpointListener {
    private final long intervalNanos;
    private transient long start;
    private transient long count;

    Paced(int perSecond) {
      this.intervalNanos = 1_000_000_000L / perSecond;
    }

    @Override
    public void open(OpenContext context) {
      OPENS.incrementAndGet();
      start = System.nanoTime();
    }

    @Override
    public Long map(Long i) {
      long due = start + ++count * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      GENERATED.incrementAndGet();
      return i;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
        CHECKPOINTS.add(System.nanoTime());
      }
    }
  }

  private static Configuration clusterConfig() {
    Configuration conf = new Configuration();
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none"); // any failover fails the job, visibly
    return conf;
  }
}
