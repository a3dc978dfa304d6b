package org.vigil.jobs.analytics.rain;

import java.util.Arrays;

/**
 * Time-ordered increments of one sensor (e.g. rain per report interval) and their sum over a trailing window
 * {@code (end - window, end]}: a reading exactly one window before {@code end} is out, one at {@code end} is in.
 *
 * <p>A second increment with the same timestamp replaces the first, so a replayed reading is not counted twice;
 * late increments are inserted in order. Kept as Flink state: a public no-argument constructor and public fields
 * make it a Flink POJO (no Kryo). Not thread-safe.
 */
public class RollingSum {

  /** Timestamps, epoch ms, ascending; valid up to {@link #size}. */
  public long[] times = new long[16];

  /** Increments, parallel to {@link #times}. */
  public double[] values = new double[16];

  /** Number of valid entries. */
  public int size;

  public RollingSum() {}

  /** Adds (or replaces, at an equal timestamp) an increment. */
  public void add(long timestampMs, double value) {
    int i = Arrays.binarySearch(times, 0, size, timestampMs);
    if (i >= 0) {
      values[i] = value;
      return;
    }
    int at = -i - 1;
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    times[at] = timestampMs;
    values[at] = value;
    size++;
  }

  /** Sum of the increments with {@code end - windowMs < t <= end}. */
  public double sum(long end, long windowMs) {
    long start = end - windowMs;
    double s = 0;
    // Newest entries are at the end; walk back while inside the window.
    for (int i = size - 1; i >= 0 && times[i] > start; i--) {
      if (times[i] <= end) {
        s += values[i];
      }
    }
    return s;
  }

  /** Drops every increment with a timestamp at or before {@code cutoffMs}. */
  public void evictUpTo(long cutoffMs) {
    int i = Arrays.binarySearch(times, 0, size, cutoffMs);
    int keepFrom = i >= 0 ? i + 1 : -i - 1;
    if (keepFrom == 0) {
      return;
    }
    System.arraycopy(times, keepFrom, times, 0, size - keepFrom);
    System.arraycopy(values, keepFrom, values, 0, size - keepFrom);
    size -= keepFrom;
  }

  /** The newest timestamp, or {@link Long#MIN_VALUE} when empty. */
  public long latest() {
    return size == 0 ? Long.MIN_VALUE : times[size - 1];
  }
}
