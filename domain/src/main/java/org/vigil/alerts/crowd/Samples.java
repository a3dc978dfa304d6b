package org.vigil.alerts.crowd;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A short time series of one quantity (a zone's count, a camera's motion energy), oldest first, with the window
 * statistics the crowd rules use. Immutable: {@link #append} returns a new series. Plain arrays, so that Flink keeps
 * it in state with its POJO serializer.
 *
 * @param ts sample times, epoch ms, strictly increasing
 * @param values sample values
 */
public record Samples(long[] ts, double[] values) implements Serializable {

  /** The empty series. */
  public static Samples empty() {
    return new Samples(new long[0], new double[0]);
  }

  public int size() {
    return ts.length;
  }

  /** The time of the newest sample, or {@link Long#MIN_VALUE} when empty. */
  public long newestTs() {
    return ts.length == 0 ? Long.MIN_VALUE : ts[ts.length - 1];
  }

  /**
   * This series plus {@code (t, v)}, without the samples at or before {@code t - keepMs}. A sample not newer than
   * the newest one is ignored (the series stays as it is).
   */
  public Samples append(long t, double v, long keepMs) {
    if (t <= newestTs()) {
      return this;
    }
    int from = 0;
    while (from < ts.length && ts[from] <= t - keepMs) {
      from++;
    }
    int n = ts.length - from;
    long[] nt = Arrays.copyOf(Arrays.copyOfRange(ts, from, ts.length), n + 1);
    double[] nv = Arrays.copyOf(Arrays.copyOfRange(values, from, values.length), n + 1);
    nt[n] = t;
    nv[n] = v;
    return new Samples(nt, nv);
  }

  /** The values with times in {@code (fromExclusive, toInclusive]}, oldest first. */
  public double[] window(long fromExclusive, long toInclusive) {
    int a = 0;
    while (a < ts.length && ts[a] <= fromExclusive) {
      a++;
    }
    int b = a;
    while (b < ts.length && ts[b] <= toInclusive) {
      b++;
    }
    return Arrays.copyOfRange(values, a, b);
  }

  /** The time of the oldest sample in {@code (fromExclusive, toInclusive]}, or -1 when there is none. */
  public long oldestIn(long fromExclusive, long toInclusive) {
    for (long t : ts) {
      if (t > fromExclusive && t <= toInclusive) {
        return t;
      }
    }
    return -1;
  }

  /** Arithmetic mean; NaN for no values. */
  public static double mean(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  /** Population standard deviation (divides by n); NaN for no values. */
  public static double sd(double[] v) {
    double m = mean(v);
    double s = 0;
    for (double x : v) {
      s += (x - m) * (x - m);
    }
    return v.length == 0 ? Double.NaN : Math.sqrt(s / v.length);
  }

  /** Median (mean of the middle two for an even count); NaN for no values. */
  public static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Samples s && Arrays.equals(ts, s.ts) && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ts) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Samples" + Arrays.toString(values);
  }
}
