package org.vigil.jobs.webhook;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The delivery operator's metrics, in total and per endpoint (subgroup {@code endpoint=<name>}), and the histogram
 * {@code webhookEndToEndLatencyMs}: for each delivered webhook, the wall-clock time its 2xx was recorded minus the
 * device time of the alert transition (the time at the end of its {@code webhook-id}, {@code <alert>_<state>_<ms>}).
 */
final class WebhookMetrics {

  /** The counters of one scope (all endpoints, or one). */
  private static final class EndpointCounters {
    final Counter delivered;
    final Counter deadLettered;
    final Counter disabled;
    final Counter queueFull;
    final Counter retries;
    final AtomicInteger pending = new AtomicInteger();

    EndpointCounters(MetricGroup g) {
      delivered = g.counter("webhooksDelivered");
      deadLettered = g.counter("webhooksDeadLettered");
      disabled = g.counter("webhooksDisabled");
      queueFull = g.counter("webhooksQueueFull");
      retries = g.counter("webhookRetries");
      g.gauge("webhooksPending", (Gauge<Integer>) pending::get);
    }
  }

  private final EndpointCounters total;
  private final Map<String, EndpointCounters> perEndpoint = new HashMap<>();
  private final Counter redispatched;
  private final Counter duplicatesSkipped;
  private final Histogram endToEnd;

  WebhookMetrics(MetricGroup group, Set<String> endpoints) {
    total = new EndpointCounters(group);
    endToEnd = group.histogram("webhookEndToEndLatencyMs", new DescriptiveStatisticsHistogram(1024));
    redispatched = group.counter("webhooksRedispatched");
    duplicatesSkipped = group.counter("webhooksDuplicatesSkipped");
    for (String e : endpoints) {
      perEndpoint.put(e, new EndpointCounters(group.addGroup("endpoint", e)));
    }
  }

  void record(DeliveryRecord r) {
    count(total, r);
    long deviceMs = deviceTimeOf(r.eventId());
    if (r.delivered() && deviceMs > 0) {
      endToEnd.update(Math.max(0, r.recordedAtMs() - deviceMs));
    }
    EndpointCounters e = perEndpoint.get(r.endpoint());
    if (e != null) {
      count(e, r);
    }
  }

  private static void count(EndpointCounters s, DeliveryRecord r) {
    switch (r.outcome()) {
      case DELIVERED -> s.delivered.inc();
      case DISABLED -> s.disabled.inc();
      case QUEUE_FULL -> {
        s.queueFull.inc();
        s.deadLettered.inc();
      }
      default -> s.deadLettered.inc();
    }
    s.retries.inc(Math.max(0, r.attempts() - 1));
  }

  /** Pending deliveries of the endpoint being processed changed by {@code delta}. */
  void pending(String endpoint, int delta) {
    total.pending.addAndGet(delta);
    EndpointCounters e = perEndpoint.get(endpoint);
    if (e != null) {
      e.pending.addAndGet(delta);
    }
  }

  /** The device time at the end of a {@code webhook-id} ({@code ..._<epoch ms>}), or -1 when it has none. */
  static long deviceTimeOf(String eventId) {
    int us = eventId == null ? -1 : eventId.lastIndexOf('_');
    if (us < 0 || us == eventId.length() - 1) {
      return -1;
    }
    try {
      return Long.parseLong(eventId.substring(us + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  void redispatched(int n) {
    redispatched.inc(n);
  }

  void duplicateSkipped() {
    duplicatesSkipped.inc();
  }
}
