package org.vigil.jobs.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.InternalSinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.groups.ProxyMetricGroup;
import org.apache.flink.streaming.runtime.tasks.TestProcessingTimeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Flink writer with a manual processing-time service, Flink's {@link MetricListener} and a real
 * local HTTP server standing in for InfluxDB.
 */
class InfluxSinkWriterTest {

  private static final InfluxEncoder<Integer> ENCODER =
      (i, out) -> out.measurement("m").tag("sensor", "s" + (i % 2)).field("v", (long) i).timestamp(i);

  private final ScriptedHttpServer server = newServer();
  private final TestProcessingTimeService time = new TestProcessingTimeService();
  private final MetricListener metrics = new MetricListener();
  private final List<Duration> sleeps = new ArrayList<>();
  private InfluxSinkWriter<Integer> writer;

  @BeforeEach
  void open() throws Exception {
    time.setCurrentTime(0);
    InfluxSinkConfig config =
        InfluxSink.<Integer>builder()
            .url(server.url())
            .database("db")
            .encoder(ENCODER)
            .batchSize(3)
            .flushInterval(Duration.ofSeconds(1))
            .maxAttempts(3)
            .build()
            .config();
    writer =
        new InfluxSinkWriter<>(
            config,
            ENCODER,
            config.newClient(),
            time,
            InternalSinkWriterMetricGroup.wrap(new ListenerOperatorGroup(metrics.getMetricGroup())),
            sleeps::add);
    writer.start();
  }

  @AfterEach
  void close() {
    writer.close();
    server.close();
  }

  @Test
  void writesAFullBatchAtOnce() throws Exception {
    write(1, 2);
    assertThat(server.requests()).isEmpty();
    assertThat(gauge("bufferedLines")).isEqualTo(2);

    write(3);

    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).body()).isEqualTo("m,sensor=s1 v=1i 1\nm,sensor=s0 v=2i 2\nm,sensor=s1 v=3i 3\n");
    assertThat(counter("pointsWritten")).isEqualTo(3);
    assertThat(gauge("bufferedLines")).isEqualTo(0);
  }

  @Test
  void aQuietStreamIsWrittenWhenTheFlushIntervalPasses() throws Exception {
    write(1);
    time.setCurrentTime(999);
    assertThat(server.requests()).isEmpty();

    time.setCurrentTime(1000);
    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).lines()).isEqualTo(1);

    write(2);
    time.setCurrentTime(2000); // the timer re-arms itself
    assertThat(server.requests()).hasSize(2);
    time.setCurrentTime(3000); // nothing buffered: no request
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void flushWritesEverythingBufferedAndNothingWhenEmpty() throws Exception {
    write(1, 2);

    writer.flush(false);
    writer.flush(true);

    assertThat(server.requests()).hasSize(1);
    assertThat(server.requests().get(0).lines()).isEqualTo(2);
    assertThat(counter("pointsWritten")).isEqualTo(2);
  }

  @Test
  void flushRetriesRetryableFailuresAndCountsThem() throws Exception {
    server.then(2, 503, "");
    write(1);

    writer.flush(false);

    assertThat(server.requests()).hasSize(3);
    assertThat(counter("writeRetries")).isEqualTo(2);
    assertThat(counter("writeFailures")).isZero();
    assertThat(counter("pointsWritten")).isEqualTo(1);
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void flushThrowsWhenTheBudgetIsExhaustedSoTheCheckpointFails() throws Exception {
    server.then(3, 503, "{\"error\":\"down\"}");
    write(1);

    assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(InfluxRetriesExhaustedException.class);
    assertThat(counter("writeFailures")).isEqualTo(1);
    assertThat(gauge("bufferedLines")).isEqualTo(1); // nothing acknowledged as written
  }

  @Test
  void badLineProtocolFailsTheWriterWithTheBody() throws Exception {
    server.then(ScriptedHttpServer.Response.of(400, "{\"error\":\"unable to parse 'm v=': missing field value\"}"));
    write(1);

    assertThatThrownBy(() -> writer.flush(false))
        .isInstanceOf(InfluxBadRequestException.class)
        .hasMessageContaining("missing field value");
    assertThat(server.requests()).hasSize(1);
    assertThat(counter("writeFailures")).isEqualTo(1);
  }

  @Test
  void anEncoderThatLeavesAPointOpenIsABug() {
    InfluxEncoder<Integer> broken = (i, out) -> out.measurement("m").field("v", 1.0);
    InfluxSinkWriter<Integer> w =
        new InfluxSinkWriter<>(
            writerConfig(), broken, InfluxClient.create(server.url()), time,
            UnregisteredMetricsGroup.createSinkWriterMetricGroup(), sleeps::add);

    assertThatThrownBy(() -> w.write(1, null)).isInstanceOf(IllegalStateException.class);
  }

  private InfluxSinkConfig writerConfig() {
    return InfluxSink.<Integer>builder().url(server.url()).database("db").encoder(ENCODER).build().config();
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
