package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.ProxyMetricGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink writer and its background sender with a manual processing-time service, Flink's {@link
 * MetricListener} and a real local HTTP server standing in for InfluxDB. Backoff waits are recorded,
 * and held on a gate where a test needs InfluxDB to stay "down" while it looks at the writer.
 */
class InfluxSinkWriterTest {

  private static final InfluxEncoder<Integer> ENCODER =
      (i, out) -> out.measurement("m").tag("sensor", "s" + (i % 2)).field("v", (long) i).timestamp(i);

  private final ScriptedHttpServer server = newServer();
  private final TestProcessingTimeService time = new TestProcessingTimeService();
  private final MetricListener metrics = new MetricListener();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  /** Backoff waits block until this opens: InfluxDB stays "down" meanwhile. */
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private InfluxSinkWriter<Integer> writer;

  @AfterEach
  void close() {
    gate.countDown();
    if (writer != null) {
      writer.close();
    }
    server.close();
  }

  @Test
  void aFullBatchIsWrittenByTheSenderThread() throws Exception {
    open(b -> b);
    write(1, 2);
    assertThat(gauge("bufferedLines")).isEqualTo(2);

    write(3);

    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 3);
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).body()).isEqualTo("m,sensor=s1 v=1i 1\nm,sensor=s0 v=2i 2\nm,sensor=s1 v=3i 3\n");
    assertThat(gauge("bufferedLines")).isZero();
  }

  @Test
  void theWriterRunsNoDdlAndKeepsTheLinesUntilTheMissingDatabaseIsSetUp() throws Exception {
    open(b -> b);
    gate = new CountDownLatch(1);
    server.then(1, 404, "{\"error\":\"database not found: \\\"db\\\"\"}");
    write(1, 2);
    writer.flush(false);

    assertThat(writer.snapshotState(1)).containsExactly(new LineBatch("m,sensor=s1 v=1i 1\nm,sensor=s0 v=2i 2\n", 2));
    assertThat(counter("writeRetries")).isEqualTo(1);
    gate.countDown(); // set up by an operator: the sender writes what waits
    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 2);

    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::pathAndQuery)
        .hasSize(2).allSatisfy(q -> assertThat(q).startsWith("/write?db=db"));
    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::lines).containsExactly(2L, 2L);
    assertThat(counter("writeFailures")).isZero();
  }

  @Test
  void aQuietStreamIsWrittenWhenTheFlushIntervalPasses() throws Exception {
    open(b -> b);
    write(1);
    time.setCurrentTime(999);
    assertThat(gauge("bufferedLines")).isEqualTo(1);

    time.setCurrentTime(1000);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1);
    assertThat(server.requests().get(0).lines()).isEqualTo(1);

    write(2);
    time.setCurrentTime(2000); // the timer re-arms itself
    await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 2);
    time.setCurrentTime(3000); // nothing buffered: no request
    writer.flush(false);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void aCheckpointWaitsForAHealthyInfluxDbSoItsStateIsEmpty() throws Exception {
    open(b -> b);
    write(1, 2);

    writer.flush(false);

    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).lines()).isEqualTo(2);
    assertThat(writer.snapshotState(1)).isEmpty();
    assertThat(gauge("linesInCheckpointState")).isZero();
    assertThat(counter("pointsWritten")).isEqualTo(2);
  }

  @Test
  void withABacklogACheckpointDoesNotWaitForTheBatchInFlightButCarriesIt() throws Exception {
    open(b -> b.checkpointBacklog(3));
    server.then(new ScriptedHttpServer.Response(204, "", Map.of(), 1_000)); // a healthy but slow InfluxDB
    write(1, 2);

    long start = System.nanoTime();
    writer.flush(false);
    List<LineBatch> state = writer.snapshotState(1);

    // 2 lines unconfirmed, within the backlog of 3: no wait for the 1 s request; the checkpoint holds them.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThat(state).containsExactly(new LineBatch("m,sensor=s1 v=1i 1\nm,sensor=s0 v=2i 2\n", 2));
    assertThat(gauge("linesInCheckpointState")).isEqualTo(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 2);
    assertThat(writer.snapshotState(2)).isEmpty();
  }

  @Test
  void withABacklogACheckpointWaitsUntilNoMoreThanTheBacklogIsUnconfirmed() throws Exception {
    open(b -> b.checkpointBacklog(3));
    server.then(new ScriptedHttpServer.Response(204, "", Map.of(), 600),
        new ScriptedHttpServer.Response(204, "", Map.of(), 600));
    write(1, 2, 3); // a full batch (batchSize 3): handed to the sender, 600 ms in InfluxDB
    write(4, 5);

    long start = System.nanoTime();
    writer.flush(false); // 5 lines unconfirmed > 3: waits until the first request is confirmed

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(counter("pointsWritten")).isEqualTo(3);
    assertThat(writer.snapshotState(1)).containsExactly(new LineBatch("m,sensor=s0 v=4i 4\nm,sensor=s1 v=5i 5\n", 2));
  }

  @Test
  void whileInfluxDbFailsACheckpointDoesNotWaitAndHoldsTheUnstoredLines() throws Exception {
    open(b -> b);
    gate = new CountDownLatch(1);
    server.then(1, 503, "{\"error\":\"down\"}");
    write(1, 2);

    long start = System.nanoTime();
    writer.flush(false);
    List<LineBatch> state = writer.snapshotState(1);

    // flush returned on the failed attempt, not after flushWait (2 s).
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    assertThat(state).containsExactly(new LineBatch("m,sensor=s1 v=1i 1\nm,sensor=s0 v=2i 2\n", 2));
    assertThat(gauge("linesInCheckpointState")).isEqualTo(2);
    assertThat(gauge("bufferedLines")).isEqualTo(2);
    assertThat(counter("writeRetries")).isEqualTo(1);
    assertThat(counter("pointsWritten")).isZero();
    write(3); // the task thread keeps going while InfluxDB is down
    assertThat(gauge("bufferedLines")).isEqualTo(3);

    gate.countDown(); // InfluxDB is back; the sender drains what waits
    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 2);
    writer.flush(false); // healthy again: waits until line 3 is stored

    assertThat(counter("pointsWritten")).isEqualTo(3);
    assertThat(writer.snapshotState(2)).isEmpty();
    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::lines).containsExactly(2L, 2L, 1L);
    assertThat(counter("writeFailures")).isZero();
  }

  @Test
  void aBacklogIsWrittenInOrderInRequestsOfUpToBatchSizeLines() throws Exception {
    open(b -> b);
    gate = new CountDownLatch(1);
    server.then(1, 503, "");
    for (int i = 1; i <= 5; i++) { // five checkpoints during the outage, one line each
      write(i);
      writer.flush(false);
    }
    assertThat(writer.snapshotState(5)).hasSize(5);

    gate.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 5);

    // 503 on line 1; line 1 again alone (it was in flight); then 2..4 together (batchSize 3), then 5.
    assertThat(server.requests()).extracting(ScriptedHttpServer.Request::body)
        .containsExactly(
            "m,sensor=s1 v=1i 1\n",
            "m,sensor=s1 v=1i 1\n",
            "m,sensor=s0 v=2i 2\nm,sensor=s1 v=3i 3\nm,sensor=s0 v=4i 4\n",
            "m,sensor=s1 v=5i 5\n");
  }

  @Test
  void whenMaxBufferedLinesWaitWriteBlocksUntilInfluxDbStoresSome() throws Exception {
    open(b -> b.maxBufferedLines(3));
    gate = new CountDownLatch(1);
    server.then(1, 503, "");
    write(1, 2, 3); // a full batch: 3 lines buffered, the limit

    CompletableFuture<Void> blocked =
        CompletableFuture.runAsync(() -> {
          try {
            write(4, 5, 6); // the next full batch does not fit
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(blocked).isNotDone();
    Thread.sleep(300);
    assertThat(blocked).isNotDone();

    gate.countDown();
    blocked.get(5, TimeUnit.SECONDS);
    writer.flush(false);
    assertThat(counter("pointsWritten")).isEqualTo(6);
    assertThat(gauge("peakBufferedLines")).isEqualTo(3);
  }

  @Test
  void restoredLinesAreWrittenFirst() throws Exception {
    open(b -> b, List.of(new LineBatch("m,sensor=r v=0i 0\n", 1)));
    assertThat(counter("linesRestored")).isEqualTo(1);
    write(7);

    writer.flush(false);

    // In one request or two (the sender may start on the restored line before line 7 arrives): in order.
    assertThat(String.join("", server.requests().stream().map(ScriptedHttpServer.Request::body).toList()))
        .isEqualTo("m,sensor=r v=0i 0\nm,sensor=s1 v=7i 7\n");
    assertThat(counter("pointsWritten")).isEqualTo(2);
  }

  @Test
  void badLineProtocolFailsTheTaskAtTheNextCallWithTheBody() throws Exception {
    open(b -> b);
    server.then(ScriptedHttpServer.Response.of(400, "{\"error\":\"unable to parse 'm v=': missing field value\"}"));
    write(1);

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(InfluxBadRequestException.class)
        .hasMessageContaining("missing field value");
    assertThatThrownBy(() -> write(2)).isInstanceOf(InfluxBadRequestException.class);
    assertThat(server.requests()).hasSize(1);
    assertThat(counter("writeFailures")).isEqualTo(1);
  }

  @Test
  void anOutageLongerThanMaxOutageFailsTheTask() throws Exception {
    open(b -> b.maxOutage(Duration.ofMillis(50)).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(10)));
    server.then(1000, 503, "{\"error\":\"down\"}");
    realSleeps = true;
    write(1);
    writer.flush(false); // returns: writes are failing

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> writer.flush(false))
                    .isInstanceOf(InfluxRetriesExhaustedException.class)
                    .hasMessageContaining("InfluxDB at " + server.url() + " has been unreachable for")
                    .hasMessageContaining("down"));
    assertThat(counter("writeFailures")).isEqualTo(1);
  }

  @Test
  void atEndOfInputFlushWaitsUntilEverythingIsStored() throws Exception {
    open(b -> b);
    server.then(2, 503, "");
    write(1);

    writer.flush(true);

    assertThat(counter("pointsWritten")).isEqualTo(1);
    assertThat(counter("writeRetries")).isEqualTo(2);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void anEncoderThatLeavesAPointOpenIsABug() {
    InfluxEncoder<Integer> broken = (i, out) -> out.measurement("m").field("v", 1.0);
    InfluxSinkWriter<Integer> w =
        new InfluxSinkWriter<>(
            config(b -> b), broken, InfluxClient.create(server.url()), time,
            UnregisteredMetricsGroup.createSinkWriterMetricGroup(), List.of());

    assertThatThrownBy(() -> w.write(1, null)).isInstanceOf(IllegalStateException.class);
    w.close();
  }

  private volatile boolean realSleeps;
  private static final long WALL_CLOCK_MS = 1_000;

  @Test
  void endToEndLatencyIsTheWallClockWhenStoredMinusEachPointsTimestamp() throws Exception {
    open(b -> b);
    write(1, 2, 3); // timestamps 1, 2 and 3 ms; stored at 1000 ms: 999, 998, 997 ms old

    await().atMost(Duration.ofSeconds(5)).until(() -> counter("pointsWritten") == 3);
    var stats = metrics.getHistogram("influx", "endToEndLatencyMs").orElseThrow();
    assertThat(stats.getCount()).isEqualTo(3);
    assertThat(stats.getStatistics().getMin()).isEqualTo(997);
    assertThat(stats.getStatistics().getMax()).isEqualTo(999);
    assertThat(stats.getStatistics().getQuantile(0.5)).isEqualTo(998.0);
  }

  private void open(UnaryOperator<InfluxSink.Builder<Integer>> settings) throws Exception {
    open(settings, List.of());
  }

  private void open(UnaryOperator<InfluxSink.Builder<Integer>> settings, List<LineBatch> restored) throws Exception {
    time.setCurrentTime(0);
    InfluxSinkConfig config = config(settings);
    writer =
        new InfluxSinkWriter<>(
            config,
            ENCODER,
            config.newClient(),
            time,
            InternalSinkWriterMetricGroup.wrap(new ListenerOperatorGroup(metrics.getMetricGroup())),
            restored,
            d -> {
              sleeps.add(d);
              if (realSleeps) {
                Thread.sleep(d.toMillis());
              }
              gate.await();
            },
            System::nanoTime,
            () -> WALL_CLOCK_MS);
    writer.start("influx-sender-test");
  }

  private InfluxSinkConfig config(UnaryOperator<InfluxSink.Builder<Integer>> settings) {
    return settings
        .apply(
            InfluxSink.<Integer>builder()
                .url(server.url())
                .database("db")
                .encoder(ENCODER)
                .batchSize(3)
                .flushInterval(Duration.ofSeconds(1)))
        .build()
        .config();
  }

  private void write(int... values) throws Exception {
    for (int v : values) {
      writer.write(v, null);
    }
  }

  private long counter(String name) {
    return metrics.getCounter("influx", name).orElseThrow().getCount();
  }

  private long gauge(String name) {
    return ((Number) metrics.getGauge("influx", name).orElseThrow().getValue()).longValue();
  }

  /** Exposes the listener's group as an operator group, as {@link InternalSinkWriterMetricGroup#wrap} needs. */
  private static final class ListenerOperatorGroup extends ProxyMetricGroup<MetricGroup> implements OperatorMetricGroup {
    private final OperatorIOMetricGroup io = UnregisteredMetricsGroup.createOperatorIOMetricGroup();

    ListenerOperatorGroup(MetricGroup parent) {
      super(parent);
    }

    @Override
    public OperatorIOMetricGroup getIOMetricGroup() {
      return io;
    }
  }

  private static ScriptedHttpServer newServer() {
    try {
      return new ScriptedHttpServer();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
