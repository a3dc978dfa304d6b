package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-subtask writer of {@link InfluxSink}: encodes elements into line protocol on the task
 * thread and hands batches to a {@link BatchSender}, whose thread writes them to InfluxDB. The task
 * thread waits for InfluxDB only at a checkpoint while it is healthy and more than
 * {@code checkpointBacklog} lines are unconfirmed (up to {@code flushWait}), at end
 * of input (until everything is stored), and when {@code maxBufferedLines} are waiting
 * (back-pressure). {@link #snapshotState} returns every line not yet confirmed stored, so a
 * checkpoint covers only lines that are in InfluxDB or in the checkpoint; a restored writer writes
 * those lines first. The sender's fatal failure is rethrown on the task thread at the next write,
 * timer, flush or snapshot.
 *
 * <p>Metrics, in the sink's operator group under {@code influx}: counters {@code pointsWritten},
 * {@code writeRetries} (failed attempts that are repeated), {@code writeFailures} (failures that fail
 * the task), {@code pointsDroppedByRetention}, {@code linesRestored}; gauges {@code bufferedLines}
 * (lines not yet confirmed stored), {@code peakBufferedLines}, {@code oldestUnwrittenLineAgeMs},
 * {@code outageMs} (how long InfluxDB has been failing, 0 when healthy), {@code
 * linesInCheckpointState} (lines in the last snapshot), {@code lastWriteLatencyMs}, {@code
 * skippedFields}, {@code skippedPoints}; histograms {@code writeLatencyMs} (one request) and {@code
 * endToEndLatencyMs}: for every stored point, the wall-clock time InfluxDB confirmed it minus the point's timestamp
 * (for readings the device time, so it covers the device, the broker, the job and the sink; backfilled history shows
 * as its age). Flink's standard sink
 * metrics ({@code numRecordsSend}, {@code numBytesSend} (characters), {@code numRecordsSendErrors},
 * {@code currentSendTime}) are kept too.
 */
final class InfluxSinkWriter<T> implements StatefulSinkWriter<T, LineBatch>, RetryingWriter.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkWriter.class);

  private final InfluxEncoder<? super T> encoder;
  private final InfluxSinkConfig config;
  private final ProcessingTimeService timers;
  private final InfluxClient client;
  private final RetryingWriter writer;
  private final BatchSender sender;
  private final LongSupplier nanoTime;
  private final LineProtocol.Builder lines = new LineProtocol.Builder(new StringBuilder(16 * 1024));
  private final List<LineBatch> restored;

  private final SinkWriterMetricGroup flinkMetrics;
  private final Counter pointsWritten;
  private final Counter writeRetries;
  private final Counter writeFailures;
  private final Counter pointsDropped;
  private final Histogram latencyHistogram;
  private final Histogram endToEndHistogram;
  private final LongSupplier wallClockMs;
  private volatile int builderLines;
  private volatile long builderFirstLineNanos;
  private volatile long lastLatencyMs;
  private volatile long linesInCheckpointState;
  private boolean closed;

  InfluxSinkWriter(
      InfluxSinkConfig config,
      InfluxEncoder<? super T> encoder,
      InfluxClient client,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics,
      List<LineBatch> restored) {
    this(config, encoder, client, timers, metrics, restored, d -> Thread.sleep(d.toMillis()), System::nanoTime,
        System::currentTimeMillis);
  }

  InfluxSinkWriter(
      InfluxSinkConfig config,
      InfluxEncoder<? super T> encoder,
      InfluxClient client,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics,
      List<LineBatch> restored,
      RetryingWriter.Sleeper sleeper,
      LongSupplier nanoTime) {
    this(config, encoder, client, timers, metrics, restored, sleeper, nanoTime, System::currentTimeMillis);
  }

  InfluxSinkWriter(
      InfluxSinkConfig config,
      InfluxEncoder<? super T> encoder,
      InfluxClient client,
      ProcessingTimeService timers,
      SinkWriterMetricGroup metrics,
      List<LineBatch> restored,
      RetryingWriter.Sleeper sleeper,
      LongSupplier nanoTime,
      LongSupplier wallClockMs) {
    this.config = config;
    this.wallClockMs = wallClockMs;
    this.encoder = encoder;
    this.timers = timers;
    this.nanoTime = nanoTime;
    this.restored = restored;
    this.client = client;
    this.writer =
        new RetryingWriter(
            client, config.database(), config.retryPolicy(), sleeper,
            () -> ThreadLocalRandom.current().nextDouble(), nanoTime, this);
    this.sender =
        new BatchSender(writer, config.batchSize(), config.maxBufferedLines(), nanoTime);
    this.flinkMetrics = metrics;
    MetricGroup group = metrics.addGroup("influx");
    this.pointsWritten = group.counter("pointsWritten");
    this.writeRetries = group.counter("writeRetries");
    this.writeFailures = group.counter("writeFailures");
    this.pointsDropped = group.counter("pointsDroppedByRetention");
    Counter linesRestored = group.counter("linesRestored");
    this.latencyHistogram = group.histogram("writeLatencyMs", new DescriptiveStatisticsHistogram(256));
    this.endToEndHistogram = group.histogram("endToEndLatencyMs", new DescriptiveStatisticsHistogram(1024));
    group.gauge("bufferedLines", () -> sender.bufferedLines() + builderLines);
    group.gauge("peakBufferedLines", sender::peakBufferedLines);
    group.gauge("oldestUnwrittenLineAgeMs", this::oldestUnwrittenAgeMs);
    group.gauge("outageMs", () -> writer.outageNanos() / 1_000_000);
    group.gauge("linesInCheckpointState", () -> linesInCheckpointState);
    group.gauge("lastWriteLatencyMs", () -> lastLatencyMs);
    // Plain long reads from the reporter thread: a slightly stale value is fine for a gauge.
    group.gauge("skippedFields", lines::skippedFields);
    group.gauge("skippedPoints", lines::skippedPoints);
    metrics.setCurrentSendTimeGauge(() -> lastLatencyMs);
    for (LineBatch b : restored) {
      linesRestored.inc(b.lines());
    }
  }

  /** Queues the restored lines ahead of everything else, starts the sender and the flush timer. */
  void start(String threadName) {
    long restoredLines = 0;
    for (LineBatch b : restored) {
      sender.enqueueNow(b);
      restoredLines += b.lines();
    }
    LOG.info(
        "writing to InfluxDB database '{}' at {} in batches of {} lines, at least every {} ms, from a"
            + " background sender; up to {} lines may wait; checkpoints wait up to {} ms for InfluxDB while more"
            + " than {} lines are unconfirmed; an outage longer than {} fails the task; {} lines restored from the"
            + " checkpoint go first",
        config.database(), config.url(), config.batchSize(), config.flushInterval().toMillis(),
        config.maxBufferedLines(), config.flushWait().toMillis(), config.checkpointBacklog(),
        InfluxRetriesExhaustedException.human(config.retryPolicy().maxOutage()), restoredLines);
    sender.start(threadName);
    scheduleFlushTimer();
  }

  @Override
  public void write(T element, Context context) throws InterruptedException {
    sender.checkFailure();
    if (lines.lines() == 0) {
      builderFirstLineNanos = nanoTime.getAsLong();
    }
    encoder.encode(element, lines);
    lines.requireComplete();
    builderLines = lines.lines();
    if (builderLines >= config.batchSize()) {
      handOff();
    }
  }

  /**
   * Hands everything buffered to the sender; before a checkpoint waits up to {@code flushWait} until
   * at most {@code checkpointBacklog} lines are unstored (not at all while writes fail); at end of input
   * waits until all is stored.
   */
  @Override
  public void flush(boolean endOfInput) throws InterruptedException {
    handOff();
    if (endOfInput) {
      sender.awaitStored(Duration.ofNanos(Long.MAX_VALUE), false, 0);
    } else {
      sender.awaitStored(config.flushWait(), true, config.checkpointBacklog());
    }
  }

  /** Every line not confirmed stored: the checkpoint holds what InfluxDB does not. */
  @Override
  public List<LineBatch> snapshotState(long checkpointId) {
    sender.checkFailure();
    if (lines.lines() > 0) { // flush(false) normally handed everything off already
      sender.enqueueNow(new LineBatch(lines.toString(), lines.lines()));
      lines.clear();
      builderLines = 0;
    }
    List<LineBatch> pending = sender.unconfirmed();
    long n = 0;
    for (LineBatch b : pending) {
      n += b.lines();
    }
    linesInCheckpointState = n;
    if (n > 0) {
      LOG.debug("checkpoint {} holds {} lines not yet stored in InfluxDB", checkpointId, n);
    }
    return pending;
  }

  @Override
  public void close() {
    closed = true;
    sender.close();
    client.close(); // the sender's thread is gone: release the client's connections
    long unconfirmed = sender.bufferedLines() + lines.lines();
    if (unconfirmed > 0) {
      LOG.info(
          "closing with {} lines not confirmed stored in InfluxDB; they are in the last checkpoint or"
              + " replayed from the source after a restart",
          unconfirmed);
    }
    lines.clear();
    builderLines = 0;
  }

  private long oldestUnwrittenAgeMs() {
    long oldest = sender.oldestEnqueuedNanos();
    if (oldest < 0 && builderLines > 0) {
      oldest = builderFirstLineNanos;
    }
    return oldest < 0 ? 0 : (nanoTime.getAsLong() - oldest) / 1_000_000;
  }

  private void scheduleFlushTimer() {
    if (!closed) {
      timers.registerTimer(timers.getCurrentProcessingTime() + config.flushInterval().toMillis(), this::onFlushTimer);
    }
  }

  private void onFlushTimer(long time) throws InterruptedException {
    if (closed) {
      return;
    }
    handOff();
    scheduleFlushTimer();
  }

  private void handOff() throws InterruptedException {
    sender.checkFailure();
    int n = lines.lines();
    if (n == 0) {
      return;
    }
    sender.enqueue(new LineBatch(lines.toString(), n));
    lines.clear();
    builderLines = 0;
  }

  // RetryingWriter.Listener: called on the sender thread.

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
  public void stored(String body) {
    long now = wallClockMs.getAsLong();
    LineTimestamps.forEach(body, ts -> endToEndHistogram.update(Math.max(0, now - ts)));
  }

  @Override
  public void retrying(InfluxException failure, int attempt, Duration backoff) {
    writeRetries.inc();
    sender.attemptFailed();
  }

  @Override
  public void failed(InfluxException failure) {
    writeFailures.inc();
    flinkMetrics.getNumRecordsSendErrorsCounter().inc(sender.bufferedLines());
  }

  @Override
  public void droppedByRetention(int points) {
    pointsDropped.inc(points);
  }
}
