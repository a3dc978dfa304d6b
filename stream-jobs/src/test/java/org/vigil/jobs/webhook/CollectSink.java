package org.vigil.jobs.webhook;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A sink for MiniCluster tests (same JVM) that keeps every element in a static queue named at construction. */
final class CollectSink<T> implements Sink<T> {

  private static final Map<String, ConcurrentLinkedQueue<Object>> QUEUES = new ConcurrentHashMap<>();

  private final String name;

  CollectSink(String name) {
    this.name = name;
  }

  /** What the sinks named {@code name} collected so far. */
  @SuppressWarnings("unchecked")
  static <T> List<T> collected(String name) {
    return (List<T>) List.copyOf(QUEUES.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>()));
  }

  static void clear(String name) {
    QUEUES.remove(name);
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    ConcurrentLinkedQueue<Object> q = QUEUES.computeIfAbsent(name, k -> new ConcurrentLinkedQueue<>());
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context c) {
        q.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
