package org.vigil.jobs.backtest;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.influx.HistoryChunk;
import org.vigil.connectors.influx.HistoryRows;
import org.vigil.core.Reading;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;

/**
 * Reads one {@link HistoryChunk} per input index (the indexes come from Flink's bounded number-sequence source, so
 * the chunks are spread over the readers and the job ends when all are read) and emits its readings. Blocking HTTP
 * in the task thread is fine here: this is a bounded batch job.
 */
final class ReadHistoryFunction extends RichFlatMapFunction<Long, Reading> {

  private static final Logger LOG = LoggerFactory.getLogger(ReadHistoryFunction.class);

  private final List<HistoryChunk> chunks;
  private final String url;
  private final String database;
  private final InfluxCredentials credentials;
  private final long nowMs;
  private final Duration rawRetention;
  private transient InfluxClient client;

  /**
   * @param nowMs the backtest's "now": chunks starting before {@code nowMs - rawRetention} are read from the 1-minute
   *     rollups ({@link HistoryRows.Source#forChunk})
   */
  ReadHistoryFunction(List<HistoryChunk> chunks, String url, String database, InfluxCredentials credentials, long nowMs,
      Duration rawRetention) {
    this.chunks = List.copyOf(chunks);
    this.nowMs = nowMs;
    this.rawRetention = rawRetention;
    this.url = url;
    this.database = database;
    this.credentials = credentials;
  }

  @Override
  public void open(OpenContext openContext) {
    client = credentials.client(url, Duration.ofSeconds(60)); // the password is read here, not kept in the function
  }

  @Override
  public void close() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  public void flatMap(Long index, Collector<Reading> out) throws Exception {
    HistoryChunk c = chunks.get(index.intValue());
    HistoryRows.Source source = HistoryRows.Source.forChunk(c.fromMs(), nowMs, rawRetention);
    var response = client.query(database, HistoryRows.query(c.kind(), c.fromMs(), c.toMs(), source));
    HistoryRows.Batch b = source == HistoryRows.Source.RAW ? HistoryRows.readings(c.kind(), response)
        : HistoryRows.rollupReadings(c.kind(), response);
    LOG.debug("chunk {} from {}: {} readings, {} late skipped", c, source, b.readings().size(), b.lateSkipped());
    for (Reading r : b.readings()) {
      BacktestProgress.INSTANCE.sensors.add(r.subject());
      out.collect(r);
    }
    BacktestProgress.INSTANCE.readingsRead.addAndGet(b.readings().size());
    BacktestProgress.INSTANCE.lateSkipped.addAndGet(b.lateSkipped());
    BacktestProgress.INSTANCE.chunksDone.incrementAndGet();
  }
}
