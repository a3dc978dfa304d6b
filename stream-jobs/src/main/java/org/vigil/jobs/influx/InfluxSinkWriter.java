package org.vigil.jobs.influx;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-subtask writer of {@link InfluxSink}: buffers encoded lines and writes them synchronously
 * on the task thread when the batch is full, on a processing-time timer, and in {@link #flush}
 * (before every checkpoint and at end of input). A write returns only when InfluxDB stored the
 * batch; otherwise it throws, failing the task so that the job restarts from the last checkpoint.
 *
 * <p>Metrics, in the sink's operator group under {@code influx}: counters {@code pointsWritten},
 * {@code writeRetries}, {@code writeFailures}, {@code pointsDroppedByRetention}; gauges
 * {@code bufferedLines}, {@code lastWriteLatencyMs}, {@code skippedFields}, {@code skippedPoints};
 * histogram {@code writeLatencyMs}. Flink's standard sink metrics ({@code numRecordsSend},
 * {@code numBytesSend} (characters), {@code numRecordsSendErrors}, {@code currentSendTime}) are kept
 * too.
 */
final class InfluxSinkWriter<T> implements SinkWriter<T>, RetryingWriter.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

  private final InfluxEncoder<? super T> encoder;
  private final int batchSize;
  private final long flushIntervalMs;
  private final ProcessingTimeService timers;
  private final RetryingWriter writer;
  private final String database;
  private final int maxAttempts;
  private final Duration worstCaseWait;
  private final LineProtocol.Builder lines = new LineProtocol.Builder(new StringBuilder(16 * 1024));

  private final SinkWriterMetricGroup flinkMetrics;
  private final Counter pointsWritten;
  private final Counter writeRetries;
  private final Counter writeFailures;
  private final Counter pointsDropped;
  private final Histogram latencyHistogram;
  private volatile int bufferedLines;
  private volatile long lastLatencyMs;
  private boolean closed;

  InfluxSinkWriter(
      InfluxSinkConfig config,
      InfluxEncoder<? super T> encoder,
      InfluxClient client,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics) {
    this(config, encoder, client, timers, metrics, d -> Thread.sleep(d.toMillis()));
  }

  InfluxSinkWriter(
      InfluxSinkConfig config,
      InfluxEncoder<? super T> encoder,
      InfluxClient client,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics,
      RetryingWriter.Sleeper sleeper) {
    this.encoder = encoder;
    this.batchSize = config.batchSize();
    this.flushIntervalMs = config.flushInterval().toMillis();
    this.timers = timers;
    this.database = config.database();
    this.maxAttempts = config.retryPolicy().maxAttempts();
    this.worstCaseWait = config.retryPolicy().worstCaseWait();
    this.writer =
        new RetryingWriter(
            client, config.database(), config.retryPolicy(), sleeper,
            () -> ThreadLocalRandom.current().nextDouble(), this);
    this.flinkMetrics = metrics;
    MetricGroup group = metrics.addGroup("influx");
    this.pointsWritten = group.counter("pointsWritten");
    this.writeRetries = group.counter("writeRetries");
    this.writeFailures = group.counter("writeFailures");
    this.pointsDropped = group.counter("pointsDroppedByRetention");
    this.latencyHistogram = group.histogram("writeLatencyMs", new DescriptiveStatisticsHistogram(256));
    group.gauge("bufferedLines", () -> bufferedLines);
    group.gauge("lastWriteLatencyMs", () -> lastLatencyMs);
    // Plain long reads from the reporter thread: a slightly stale value is fine for a gauge.
    group.gauge("skippedFields", lines::skippedFields);
    group.gauge("skippedPoints", lines::skippedPoints);
    metrics.setCurrentSendTimeGauge(() -> lastLatencyMs);
  }

  /** Creates the database, retrying while InfluxDB is unreachable. */
  void createDatabase() throws InterruptedException {
    writer.createDatabase();
  }

  /** Starts the flush timer. */
  void start() {
    LOG.info(
        "writing to InfluxDB database '{}' in batches of {} lines, at least every {} ms;"
            + " a batch fails the job after {} attempts (~{} ms of backoff)",
        database, batchSize, flushIntervalMs, maxAttempts, worstCaseWait.toMillis());
    scheduleFlushTimer();
  }

  @Override
  public void write(T element, Context context) throws InterruptedException {
    encoder.encode(element, lines);
    lines.requireComplete();
    bufferedLines = lines.lines();
    if (bufferedLines >= batchSize) {
      send();
    }
  }

  /** Writes everything buffered and returns when InfluxDB stored it; throws otherwise. */
  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    send();
  }

  @Override
  public void close() {
    closed = true;
    if (lines.lines() > 0) {
      LOG.debug("closing with {} unwritten lines; a restart replays them from the last checkpoint", lines.lines());
    }
    lines.clear();
    bufferedLines = 0;
  }

  private void scheduleFlushTimer() {
    if (!closed) {
      timers.registerTimer(timers.getCurrentProcessingTime() + flushIntervalMs, this::onFlushTimer);
    }
  }

  private void onFlushTimer(long time) throws InterruptedException {
    if (closed) {
      return;
    }
    send();
    scheduleFlushTimer();
  }

  private void send() throws InterruptedException {
    int n = lines.lines();
    if (n == 0) {
      return;
    }
    writer.write(lines.toString(), n);
    lines.clear();
    bufferedLines = 0;
  }

  // RetryingWriter.Listener: called on the task thread.

  @Override
  public void written(int points, int chars, long latencyNanos) {
    long ms = latencyNanos / 1_000_000;
    lastLatencyMs = ms;
    latencyHistogram.update(ms);
    pointsWritten.inc(points);
    flinkMetrics.getNumRecordsSendCounter().inc(points);
    flinkMetrics.getNumBytesSendCounter().inc(chars);
  }

  @Override
  public void retrying(InfluxException failure, int attempt, Duration backoff) {
    writeRetries.inc();
  }

  @Override
  public void failed(InfluxException failure) {
    writeFailures.inc();
    flinkMetrics.getNumRecordsSendErrorsCounter().inc(lines.lines());
  }

  @Override
  public void droppedByRetention(int points) {
    pointsDropped.inc(points);
  }
}
