package org.vigil.alerts.rules;

import java.util.Arrays;
import java.util.Map;
import org.vigil.core.HazardMetrics;
import org.vigil.core.SensorMetrics;

/** The judged value of a per-sensor condition for one reading, and the numbers that explain it. */
final class Values {

  private static final double MS_PER_HOUR = 3_600_000.0;

  private Values() {}

  /** The judged value (NaN when the reading lacks what the condition needs); adds explaining numbers to details. */
  static double judgedValue(RuleDef rule, RuleState s, SensorMetrics m, Map<String, Double> details) {
    Condition c = rule.condition();
    long t = m.timestampMs();
    if (c instanceof Condition.RateOfChange r) {
      return rate(r, s, m.value(rule.metric()), t, rule.metric(), details);
    }
    if (c instanceof Condition.IntensityDuration id) {
      double d = m.value(HazardMetrics.RAIN_EVENT_DURATION_H);
      double i = m.value(HazardMetrics.RAIN_EVENT_INTENSITY);
      if (Double.isNaN(d) || Double.isNaN(i)) {
        // An analysed gauge reading without a current event: the event is over, nothing exceeds the curve.
        return Double.isNaN(m.value(HazardMetrics.RAIN_1H)) ? Double.NaN : 0;
      }
      put(details, HazardMetrics.RAIN_EVENT_DURATION_H, d);
      put(details, HazardMetrics.RAIN_EVENT_INTENSITY, i);
      if (d < id.minDurationH() || d > id.maxDurationH()) {
        return 0;
      }
      double threshold = id.thresholdAt(d);
      put(details, HazardMetrics.idThreshold(id.curve()), threshold);
      return i / threshold;
    }
    if (c instanceof Condition.ForecastWithin f) {
      double ts = m.value(HazardMetrics.FORECAST_FAILURE);
      double r2 = m.value(HazardMetrics.FORECAST_R2);
      put(details, HazardMetrics.FORECAST_R2, r2);
      if (!Double.isFinite(ts) || (f.minR2() > 0 && !(r2 >= f.minR2()))) {
        return Double.POSITIVE_INFINITY;
      }
      return (ts - t) / MS_PER_HOUR;
    }
    if (c instanceof Condition.NoData) {
      return 0;
    }
    return m.value(rule.metric());
  }

  private static double rate(Condition.RateOfChange r, RuleState s, double v, long t, String metric,
      Map<String, Double> details) {
    if (Double.isNaN(v)) {
      return Double.NaN;
    }
    long from = t - r.window().toMillis();
    int keep = 0;
    while (keep < s.sampleTimesMs.length && s.sampleTimesMs[keep] < from) {
      keep++;
    }
    int n = s.sampleTimesMs.length - keep;
    long[] times = Arrays.copyOf(Arrays.copyOfRange(s.sampleTimesMs, keep, s.sampleTimesMs.length), n + 1);
    double[] values = Arrays.copyOf(Arrays.copyOfRange(s.sampleValues, keep, s.sampleValues.length), n + 1);
    times[n] = t;
    values[n] = v;
    s.sampleTimesMs = times;
    s.sampleValues = values;
    put(details, metric, v);
    long span = t - times[0];
    if (span <= 0 || span * 2 < r.window().toMillis()) {
      return Double.NaN;
    }
    double rate = (v - values[0]) / (span / MS_PER_HOUR);
    put(details, "rate_window_h", span / MS_PER_HOUR);
    return rate;
  }

  private static void put(Map<String, Double> details, String name, double v) {
    if (Double.isFinite(v)) {
      details.put(name, v);
    }
  }
}
