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
 * Hands the backtest's results (its alerts; the reports the health replay needs) to the command in the same JVM (the backtest runs on a local MiniCluster): each run
 * has a queue under its id, filled by the writers and taken by {@link #take} once the job has finished. Chosen over
 * Flink's collect sink, whose client gives up fetching ("some data might be lost") when a per-job MiniCluster shuts
 * down right after a short batch job.
 */
final class LocalResultSink<T> implements Sink<T> {

  private static final Map<String, Queue<Object>> RUNS = new ConcurrentHashMap<>();

  private final String runId;

  LocalResultSink(String runId) {
    this.runId = runId;
    RUNS.put(runId, new ConcurrentLinkedQueue<>());
  }

  /** The results of a finished run, removing them. */
  @SuppressWarnings("unchecked")
  static <T> List<T> take(String runId) {
    Queue<Object> q = RUNS.remove(runId);
    return q == null ? List.of() : (List<T>) List.copyOf(q);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> q = RUNS.get(runId);
    if (q == null) {
      throw new IllegalStateException("backtest run " + runId + " has no result queue in this JVM: the backtest "
          + "must run on a local Flink environment");
    }
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context ctx) {
        q.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
