package org.vigil.jobs.backtest;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Hands the backtest's alerts to the command in the same JVM (the backtest runs on a local MiniCluster): each run
 * has a queue under its id, filled by the writers and taken by {@link #take} once the job has finished. Chosen over
 * Flink's collect sink, whose client gives up fetching ("some data might be lost") when a per-job MiniCluster shuts
 * down right after a short batch job.
 */
final class LocalResultSink implements Sink<BacktestAlert> {

  private static final Map<String, Queue<BacktestAlert>> RUNS = new ConcurrentHashMap<>();

  private final String runId;

  LocalResultSink(String runId) {
    this.runId = runId;
    RUNS.put(runId, new ConcurrentLinkedQueue<>());
  }

  /** The alerts of a finished run, removing them. */
  static List<BacktestAlert> take(String runId) {
    Queue<BacktestAlert> q = RUNS.remove(runId);
    return q == null ? List.of() : List.copyOf(q);
  }

  @Override
  public SinkWriter<BacktestAlert> createWriter(WriterInitContext context) {
    Queue<BacktestAlert> q = RUNS.get(runId);
    if (q == null) {
      throw new IllegalStateException("backtest run " + runId + " has no result queue in this JVM: the backtest "
          + "must run on a local Flink environment");
    }
    return new SinkWriter<>() {
      @Override
      public void write(BacktestAlert element, Context ctx) {
        q.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
