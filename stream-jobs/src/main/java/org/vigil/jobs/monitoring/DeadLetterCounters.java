package org.vigil.jobs.monitoring;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.vigil.decode.RejectReason;

/**
 * The dead-letter counters of one operator: {@code deadLetters} in total and {@code deadLetters} in the group
 * {@code reason=<code>} for every {@link RejectReason}, registered up front so a dashboard shows zeros too.
 */
final class DeadLetterCounters {

  private final Counter total;
  private final Map<RejectReason, Counter> byReason = new EnumMap<>(RejectReason.class);

  DeadLetterCounters(MetricGroup group) {
    total = group.counter("deadLetters");
    for (RejectReason r : RejectReason.values()) {
      byReason.put(r, group.addGroup("reason", r.code()).counter("deadLetters"));
    }
  }

  void inc(RejectReason reason) {
    total.inc();
    byReason.get(reason).inc();
  }
}
