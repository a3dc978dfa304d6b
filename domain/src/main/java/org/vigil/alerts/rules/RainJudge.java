package org.vigil.alerts.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vigil.core.HazardMetrics;
import org.vigil.core.SensorMetrics;

/**
 * Judges the rain conditions that keep a gauge's reports themselves ({@link Condition.RainSeries}): {@code
 * recent_antecedent}, {@code running_intensity} and {@code intensity_duration} with a storm. Each report gives zero
 * or more judgements, each stamped with the device time it belongs to: dry reports inside a storm that ends after
 * dry reports wait for the storm's fate and are judged later, oldest first. Values are rounded to 9 decimals so
 * that an amount exactly on a threshold (sums of hundredths of an inch against a threshold in inches) compares as
 * equal despite binary fractions.
 */
final class RainJudge {

  private static final double MS_PER_HOUR = 3_600_000.0;

  /** One judgement: the judged value at a device time. */
  record Judged(long atMs, double value) {}

  private RainJudge() {}

  /** True for the conditions judged here. */
  static boolean handles(Condition c) {
    return c instanceof Condition.RecentAntecedent || c instanceof Condition.RunningIntensity
        || (c instanceof Condition.IntensityDuration id && id.series() != null);
  }

  /** Forgets the reports and the storm (the rule changed). */
  static void reset(RuleState s) {
    s.firstSeenMs = RuleState.UNSET;
    s.reportsSeen = 0;
    s.stormStartMs = RuleState.UNSET;
    s.stormMm = 0;
    s.stormLastWetMs = RuleState.UNSET;
    s.stormDryReports = 0;
    s.deferredTimesMs = new long[0];
    s.deferredValues = new double[0];
  }

  /**
   * The judgements a report causes (none when it has no {@code rain_mm}); the reading is newer than every one judged
   * before (the engine ignores older ones).
   */
  static List<Judged> judge(Condition c, RuleState s, SensorMetrics m, Map<String, Double> details) {
    double mm = m.value(RuleParser.RAIN_MM);
    if (!(mm >= 0) || Double.isInfinite(mm)) {
      return List.of();
    }
    long t = m.timestampMs();
    long previous = s.sampleTimesMs.length == 0 ? RuleState.UNSET : s.sampleTimesMs[s.sampleTimesMs.length - 1];
    if (s.firstSeenMs == RuleState.UNSET) {
      s.firstSeenMs = t;
    }
    s.reportsSeen++;
    Condition.RainSeries series = series(c);
    keep(s, series, span(c), t, mm);
    details.put(RuleParser.RAIN_MM, mm);
    if (c instanceof Condition.RecentAntecedent ra) {
      return List.of(new Judged(t, recentAntecedent(ra, s, t, details)));
    }
    if (!series.hasStorm()) {
      return List.of(new Judged(t, value(c, s, t, details)));
    }
    return series.stormEndsAfterReports() > 0 ? byReports(c, series, s, t, mm, previous, details)
        : byClock(c, series, s, t, mm, previous, details);
  }

  /** Thresh's storms: they end with the N-th dry report in a row; dry reports wait for the storm's fate. */
  private static List<Judged> byReports(Condition c, Condition.RainSeries series, RuleState s, long t, double mm,
      long previous, Map<String, Double> details) {
    List<Judged> out = new ArrayList<>();
    if (mm > 0) {
      if (s.stormStartMs == RuleState.UNSET) {
        s.stormStartMs = previous == RuleState.UNSET ? t - series.reportIntervalMs() : previous;
        s.stormMm = 0;
      }
      s.stormMm += mm;
      s.stormLastWetMs = t;
      s.stormDryReports = 0;
      for (int i = 0; i < s.deferredTimesMs.length; i++) { // the storm went on: its dry reports count as they were
        out.add(new Judged(s.deferredTimesMs[i], s.deferredValues[i]));
      }
      clearDeferred(s);
      out.add(new Judged(t, value(c, s, t, details)));
      return out;
    }
    if (s.stormStartMs == RuleState.UNSET) {
      out.add(new Judged(t, 0));
      return out;
    }
    s.stormDryReports++;
    if (s.stormDryReports >= series.stormEndsAfterReports()) { // the storm has ended: its dry tail judges 0
      for (long at : s.deferredTimesMs) {
        out.add(new Judged(at, 0));
      }
      out.add(new Judged(t, 0));
      clearDeferred(s);
      s.stormStartMs = RuleState.UNSET;
      s.stormMm = 0;
      return out;
    }
    int n = s.deferredTimesMs.length;
    s.deferredTimesMs = Arrays.copyOf(s.deferredTimesMs, n + 1);
    s.deferredValues = Arrays.copyOf(s.deferredValues, n + 1);
    s.deferredTimesMs[n] = t;
    s.deferredValues[n] = value(c, s, t, details);
    return out;
  }

  /** Vigil's storms: they end after a dry spell of the given length; judged at once. */
  private static List<Judged> byClock(Condition c, Condition.RainSeries series, RuleState s, long t, double mm,
      long previous, Map<String, Double> details) {
    long gap = series.stormEndsAfterMs();
    if (mm > 0) {
      long start = previous == RuleState.UNSET ? t - series.reportIntervalMs()
          : Math.max(previous, t - series.reportIntervalMs());
      if (s.stormStartMs == RuleState.UNSET || start - s.stormLastWetMs >= gap) {
        s.stormStartMs = start;
        s.stormMm = 0;
      }
      s.stormMm += mm;
      s.stormLastWetMs = t;
    } else if (s.stormStartMs != RuleState.UNSET && t - s.stormLastWetMs >= gap) {
      s.stormStartMs = RuleState.UNSET;
      s.stormMm = 0;
    }
    if (s.stormStartMs == RuleState.UNSET) {
      return List.of(new Judged(t, 0));
    }
    // The storm as it stood at its last wet report; a running mean is that of the report judged.
    long at = c instanceof Condition.IntensityDuration ? s.stormLastWetMs : t;
    return List.of(new Judged(t, value(c, s, at, details)));
  }

  /** Running intensity or I-D ratio at {@code atMs} (inside the current storm, if any), rounded. */
  private static double value(Condition c, RuleState s, long atMs, Map<String, Double> details) {
    if (c instanceof Condition.RunningIntensity ri) {
      double sum = ri.series().byReports() ? lastReports(s, ri.series().reportsIn(ri.window()))
          : clockSum(s, ri.series(), atMs, ri.window().toMillis(), 0);
      if (Double.isNaN(sum)) {
        return Double.NaN;
      }
      double intensity = ri.series().unit().fromMm(sum) / (ri.window().toMillis() / MS_PER_HOUR);
      details.put("running_intensity", round(intensity));
      return round(intensity);
    }
    Condition.IntensityDuration id = (Condition.IntensityDuration) c;
    double d = (atMs - s.stormStartMs) / MS_PER_HOUR;
    if (!(d > 0)) {
      return 0;
    }
    double i = id.series().unit().fromMm(s.stormMm) / d;
    details.put(HazardMetrics.RAIN_EVENT_DURATION_H, round(d));
    details.put(HazardMetrics.RAIN_EVENT_INTENSITY, round(i));
    if (d < id.minDurationH() || d > id.maxDurationH()) {
      return 0;
    }
    double threshold = id.thresholdAt(d);
    details.put(HazardMetrics.idThreshold(id.curve()), round(threshold));
    return round(i / threshold);
  }

  private static double recentAntecedent(Condition.RecentAntecedent ra, RuleState s, long t,
      Map<String, Double> details) {
    Condition.RainSeries series = ra.series();
    double recent;
    double antecedent;
    if (series.byReports()) {
      int nr = series.reportsIn(ra.recent());
      int na = series.reportsIn(ra.antecedent());
      if (s.reportsSeen < nr + na) {
        return Double.NaN;
      }
      int n = s.sampleValues.length;
      recent = sum(s.sampleValues, n - nr, n);
      antecedent = sum(s.sampleValues, n - nr - na, n - nr);
    } else {
      long r = ra.recent().toMillis();
      recent = clockSum(s, series, t, r, ra.antecedent().toMillis());
      antecedent = clockSum(s, series, t - r, ra.antecedent().toMillis(), 0);
      if (Double.isNaN(recent) || Double.isNaN(antecedent)) {
        return Double.NaN;
      }
    }
    recent = round(series.unit().fromMm(recent));
    antecedent = round(series.unit().fromMm(antecedent));
    double line = round(ra.intercept() + ra.slope() * antecedent);
    details.put("recent_rain", recent);
    details.put("antecedent_rain_total", antecedent);
    details.put("recent_antecedent_line", Math.max(0, line));
    if (line <= 0) {
      return recent > 0 ? Double.POSITIVE_INFINITY : 0;
    }
    return round(recent / line);
  }

  /**
   * The rain of the reports in {@code (end - w, end]}, mm; NaN until the rule's reports reach back to within one
   * report interval of {@code end - w - before} (the whole of the windows asked for).
   */
  private static double clockSum(RuleState s, Condition.RainSeries series, long end, long w, long before) {
    if (s.firstSeenMs > end - w - before + series.reportIntervalMs()) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = s.sampleTimesMs.length - 1; i >= 0 && s.sampleTimesMs[i] > end - w; i--) {
      if (s.sampleTimesMs[i] <= end) {
        sum += s.sampleValues[i];
      }
    }
    return sum;
  }

  private static double lastReports(RuleState s, int n) {
    return s.reportsSeen < n ? Double.NaN : sum(s.sampleValues, s.sampleValues.length - n, s.sampleValues.length);
  }

  private static double sum(double[] v, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += v[i];
    }
    return sum;
  }

  /**
   * Appends the report and drops those no window needs any more. Counting by clock, a report in the same report
   * interval {@code (k I, (k + 1) I]} (aligned to the epoch, end included like a window) as the newest kept one is
   * merged into it, so a fast gauge keeps at most one entry per interval: clock windows are exact when they end on
   * an interval boundary (on the hour with the default 1 h) and otherwise exact to one report interval at their far
   * edge.
   */
  private static void keep(RuleState s, Condition.RainSeries series, long spanMs, long t, double mm) {
    int n = s.sampleTimesMs.length;
    long interval = series.reportIntervalMs();
    if (!series.byReports() && n > 0
        && Math.floorDiv(s.sampleTimesMs[n - 1] - 1, interval) == Math.floorDiv(t - 1, interval)) {
      s.sampleTimesMs[n - 1] = t;
      s.sampleValues[n - 1] += mm;
      return;
    }
    int drop = 0;
    if (series.byReports()) {
      drop = Math.max(0, n + 1 - series.reportsIn(java.time.Duration.ofMillis(spanMs)));
    } else {
      while (drop < n && s.sampleTimesMs[drop] <= t - spanMs) {
        drop++;
      }
    }
    long[] times = Arrays.copyOfRange(s.sampleTimesMs, drop, n + 1);
    double[] values = Arrays.copyOfRange(s.sampleValues, drop, n + 1);
    times[times.length - 1] = t;
    values[values.length - 1] = mm;
    s.sampleTimesMs = times;
    s.sampleValues = values;
  }

  /** How far back the condition's windows reach. */
  private static long span(Condition c) {
    if (c instanceof Condition.RecentAntecedent ra) {
      return ra.recent().toMillis() + ra.antecedent().toMillis();
    }
    if (c instanceof Condition.RunningIntensity ri) {
      return ri.window().toMillis();
    }
    Condition.IntensityDuration id = (Condition.IntensityDuration) c;
    return id.series().reportIntervalMs();
  }

  private static Condition.RainSeries series(Condition c) {
    if (c instanceof Condition.RecentAntecedent ra) {
      return ra.series();
    }
    if (c instanceof Condition.RunningIntensity ri) {
      return ri.series();
    }
    return ((Condition.IntensityDuration) c).series();
  }

  private static void clearDeferred(RuleState s) {
    s.deferredTimesMs = new long[0];
    s.deferredValues = new double[0];
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e9) / 1e9 : v;
  }
}
