package org.vigil.jobs.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.CharacterFilter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges Flink's metrics (the job's own counters such as dead letters per reason, InfluxDB writes and retries,
 * webhook outcomes, MQTT reconnects, and Flink's checkpoint and restart figures) into a Micrometer registry, by
 * default {@link Metrics#globalRegistry}, from where a Prometheus endpoint or any other Micrometer registry exports
 * them. Works where the reporter runs in the same JVM as the registry: the local launcher and tests (MiniCluster).
 *
 * <p>Names follow Flink's own Prometheus reporter: the logical scope and the metric name, e.g. {@code
 * taskmanager.job.task.operator.reason.deadLetters} (Prometheus: {@code
 * taskmanager_job_task_operator_reason_deadLetters_total}); tags are the scope variables without the angle brackets
 * ({@code job_name}, {@code operator_name}, {@code subtask_index}, {@code reason}, ...). Run-specific ids ({@code
 * job_id}, {@code tm_id}, attempt ids, host) are left out so a restarted job continues the same series. Counters
 * become function counters, gauges with numeric values gauges, histograms (over Flink's window of recent
 * samples) a count plus mean, p50, p95, p99 and max gauges.
 */
public final class MicrometerReporter implements MetricReporter {

  private static final Logger LOG = LoggerFactory.getLogger(MicrometerReporter.class);
  private static final Set<String> LEFT_OUT =
      Set.of("job_id", "tm_id", "task_id", "task_attempt_id", "task_attempt_num", "operator_id", "host");
  private static final CharacterFilter KEEP = s -> s;

  private final MeterRegistry registry;
  private final Map<Metric, List<Meter>> meters = new ConcurrentHashMap<>();

  public MicrometerReporter() {
    this(Metrics.globalRegistry);
  }

  public MicrometerReporter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void open(MetricConfig config) {}

  @Override
  public void close() {
    meters.values().forEach(list -> list.forEach(registry::remove));
    meters.clear();
  }

  @Override
  public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
    String name = scope(group) + "." + metricName;
    List<Tag> tags = tags(group);
    List<Meter> added = new ArrayList<>(4);
    try {
      if (metric instanceof Counter c) {
        added.add(FunctionCounter.builder(name, c, Counter::getCount).tags(tags).register(registry));
      } else if (metric instanceof org.apache.flink.metrics.Gauge<?> g) {
        added.add(Gauge.builder(name, g, MicrometerReporter::numeric).tags(tags).strongReference(true)
            .register(registry));
      } else if (metric instanceof Histogram h) {
        added.add(FunctionCounter.builder(name + ".count", h, Histogram::getCount).tags(tags).register(registry));
        added.add(Gauge.builder(name + ".mean", h, x -> x.getStatistics().getMean()).tags(tags)
            .strongReference(true).register(registry));
        added.add(Gauge.builder(name + ".p50", h, x -> x.getStatistics().getQuantile(0.50)).tags(tags)
            .strongReference(true).register(registry));
        added.add(Gauge.builder(name + ".p95", h, x -> x.getStatistics().getQuantile(0.95)).tags(tags)
            .strongReference(true).register(registry));
        added.add(Gauge.builder(name + ".p99", h, x -> x.getStatistics().getQuantile(0.99)).tags(tags)
            .strongReference(true).register(registry));
        added.add(Gauge.builder(name + ".max", h, x -> x.getStatistics().getMax()).tags(tags)
            .strongReference(true).register(registry));
      } else if (metric instanceof org.apache.flink.metrics.Meter m) {
        added.add(Gauge.builder(name + ".rate", m, org.apache.flink.metrics.Meter::getRate).tags(tags)
            .strongReference(true).register(registry));
      }
    } catch (RuntimeException e) {
      // A registry may refuse a name clash (Prometheus wants one tag set per name): skip that metric, keep the rest.
      LOG.debug("metric {} not bridged to Micrometer: {}", name, e.toString());
    }
    if (!added.isEmpty()) {
      meters.merge(metric, added, (a, b) -> {
        List<Meter> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
      });
    }
  }

  @Override
  public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
    List<Meter> removed = meters.remove(metric);
    if (removed != null) {
      removed.forEach(registry::remove);
    }
  }

  static String scope(MetricGroup group) {
    try {
      return LogicalScopeProvider.castFrom(group).getLogicalScope(KEEP, '.');
    } catch (IllegalStateException e) {
      return "flink";
    }
  }

  static List<Tag> tags(MetricGroup group) {
    List<Tag> tags = new ArrayList<>();
    group.getAllVariables().forEach((k, v) -> {
      String key = k.startsWith("<") && k.endsWith(">") ? k.substring(1, k.length() - 1) : k;
      if (!LEFT_OUT.contains(key) && v != null) {
        tags.add(Tag.of(key, v));
      }
    });
    return tags;
  }

  private static double numeric(org.apache.flink.metrics.Gauge<?> g) {
    Object v = g.getValue();
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return Double.NaN;
  }
}
