package org.vigil.analytics.water;

import java.util.Arrays;
import org.vigil.analytics.slope.LinearFit;
import org.vigil.analytics.slope.ResolutionBin;

/**
 * One water-level gauge's recent readings and its rate of rise: the least-squares slope of level against time over
 * {@code [t - riseWindow, t]}, once those readings number at least 3 and span at least half the window (a fit, not
 * the difference of two readings, so one noisy reading does not make a surge).
 *
 * <p>Readings must arrive in device-time order; one not newer than the last is ignored. The fit runs over kept
 * points: readings thinned to at most one per {@link WaterOptions#resolution()} (30 s) by a {@link ResolutionBin}, so
 * a gauge reporting every 30 s or less often is fitted reading by reading as before, and a faster one on its 30 s
 * means. Only the rise window is kept: at most about {@code riseWindow / resolution + 2} points (123, about 2 KB with
 * the defaults) at any reporting rate, and the fit per reading is O(those points). Kept as Flink keyed state: a
 * public no-argument constructor and public fields make it a Flink POJO. Not thread-safe. Checkpoints of earlier
 * versions of this class are not readable by this one.
 */
public class WaterGauge {

  private static final double HOURS_PER_DAY = 24.0;

  /** Reading times, epoch ms, ascending; valid up to {@link #size}. */
  public long[] times = new long[32];

  /** Levels, m, parallel to {@link #times}. */
  public double[] levels = new double[32];

  public int size;

  /** Thins fast readings to kept points. */
  public ResolutionBin bin = new ResolutionBin();

  /** Latest reading time, epoch ms; {@link Long#MIN_VALUE} before the first. */
  public long lastReadingMs = Long.MIN_VALUE;

  /** Latest reading's level, m. */
  public double lastLevelM;

  public WaterGauge() {}

  /** Adds a reading; returns false, changing nothing, when it is not newer than the latest or not finite. */
  public boolean add(long tsMs, double levelM, WaterOptions o) {
    if (tsMs <= lastReadingMs || !Double.isFinite(levelM)) {
      return false;
    }
    lastReadingMs = tsMs;
    lastLevelM = levelM;
    if (bin.offer(tsMs, levelM, o.resolution().toMillis())) {
      keep(bin.pointMs, bin.pointValue, o);
    }
    return true;
  }

  private void keep(long tsMs, double levelM, WaterOptions o) {
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
  }

  /** The latest level and its rate of rise (as of the latest kept point), or null before the first reading. */
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
    return new WaterSnapshot(lastReadingMs, lastLevelM, rise);
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
