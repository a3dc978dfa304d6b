package org.vigil.jobs.analytics.water;

import java.util.Arrays;
import org.vigil.jobs.analytics.slope.LinearFit;

/**
 * One water-level gauge's recent readings and its rate of rise: the least-squares slope of level against time over
 * {@code [t - riseWindow, t]}, once those readings number at least 3 and span at least half the window (a fit, not
 * the difference of two readings, so one noisy reading does not make a surge).
 *
 * <p>Readings must arrive in device-time order; one not newer than the last is ignored. Only the rise window is
 * kept. Kept as Flink keyed state: a public no-argument constructor and public fields make it a Flink POJO. Not
 * thread-safe.
 */
public class WaterGauge {

  private static final double HOURS_PER_DAY = 24.0;

  /** Reading times, epoch ms, ascending; valid up to {@link #size}. */
  public long[] times = new long[32];

  /** Levels, m, parallel to {@link #times}. */
  public double[] levels = new double[32];

  public int size;

  public WaterGauge() {}

  /** Adds a reading; returns false, changing nothing, when it is not newer than the latest or not finite. */
  public boolean add(long tsMs, double levelM, WaterOptions o) {
    if ((size > 0 && tsMs <= times[size - 1]) || !Double.isFinite(levelM)) {
      return false;
    }
    int drop = lowerBound(tsMs - o.riseWindow().toMillis());
    if (drop > 0) {
      System.arraycopy(times, drop, times, 0, size - drop);
      System.arraycopy(levels, drop, levels, 0, size - drop);
      size -= drop;
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      levels = Arrays.copyOf(levels, size * 2);
    }
    times[size] = tsMs;
    levels[size] = levelM;
    size++;
    return true;
  }

  /** The latest level and its rate of rise, or null before the first reading. */
  public WaterSnapshot snapshot(WaterOptions o) {
    if (size == 0) {
      return null;
    }
    long at = times[size - 1];
    long window = o.riseWindow().toMillis();
    int lo = lowerBound(at - window);
    double rise = Double.NaN;
    if (size - lo >= 3 && 2 * (at - times[lo]) >= window) {
      rise = LinearFit.of(times, levels, lo, size).slope() / HOURS_PER_DAY;
    }
    return new WaterSnapshot(at, levels[size - 1], rise);
  }

  private int lowerBound(long key) {
    int i = Arrays.binarySearch(times, 0, size, key);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && times[i - 1] == key) {
      i--;
    }
    return i;
  }
}
