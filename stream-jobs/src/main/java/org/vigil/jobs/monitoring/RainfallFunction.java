package org.vigil.jobs.monitoring;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.Derived;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.jobs.analytics.rain.RollingSum;

/**
 * Rolling rainfall per gauge (keyed by subject): emits {@code rain_1h}, the rain of the hour up to the gauge's
 * newest reading, after every rain reading. A late reading inside the kept history corrects the current sum; one
 * older than the history is dropped and counted ({@code lateReadingsDropped}).
 */
public final class RainfallFunction extends KeyedProcessFunction<String, Reading, Derived> {

  public static final String FIELD = "rain_mm";
  public static final String METRIC_1H = "rain_1h";
  static final long HOUR_MS = 3_600_000L;

  /** How far behind the newest reading a late one is still counted. */
  private final long allowedLatenessMs;

  private transient ValueState<RollingSum> window;
  private transient Counter lateDropped;

  public RainfallFunction(long allowedLatenessMs) {
    this.allowedLatenessMs = allowedLatenessMs;
  }

  @Override
  public void open(OpenContext openContext) {
    window = getRuntimeContext().getState(new ValueStateDescriptor<>("rain-window", RollingSum.class));
    lateDropped = getRuntimeContext().getMetricGroup().counter("lateReadingsDropped");
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<Derived> out) throws Exception {
    double mm = r.value(FIELD);
    if (r.kind() != SensorKind.RAIN || Double.isNaN(mm)) {
      return;
    }
    RollingSum sum = window.value();
    if (sum == null) {
      sum = new RollingSum();
    }
    long latest = sum.latest();
    long horizon = latest == Long.MIN_VALUE ? Long.MIN_VALUE : latest - HOUR_MS - allowedLatenessMs;
    if (r.timestampMs() <= horizon) {
      lateDropped.inc();
      return;
    }
    sum.add(r.timestampMs(), mm);
    long end = Math.max(latest, r.timestampMs());
    sum.evictUpTo(end - HOUR_MS - allowedLatenessMs);
    window.update(sum);
    // Rounded to a micrometre: sums of 0.1/0.2 mm tips otherwise read 10.000000000000002.
    double mm1h = Math.round(sum.sum(end, HOUR_MS) * 1e6) / 1e6;
    out.collect(new Derived(r.site(), r.kind(), r.sensorId(), METRIC_1H, end, mm1h));
  }
}
