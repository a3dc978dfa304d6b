package org.vigil.analytics.slope;

/**
 * Thins a fast reporter's readings to at most about one point per resolution, so that a sensor's kept history does
 * not grow with its reporting rate. Part of a sensor's Flink POJO state (public fields, no-arg
 * constructor). Not thread-safe.
 *
 * <p>A reading at least a resolution after the end of the last bin, with nothing pending, is a point as it is: a
 * sensor reporting a resolution or more apart is not changed at all. Otherwise the reading is pending; once the newest
 * pending reading is at least a resolution after the end of the last bin, the pending readings become one point at
 * their mean time (rounded to the millisecond) with their mean value, and that reading ends the bin. Points are
 * therefore strictly ascending and come at most once per resolution of reading time (bins hold the readings in
 * {@code (binEnd, binEnd + resolution]} and the first one after); the mean of a bin of a straight line lies on it, and
 * averaging n readings of independent noise divides its variance by n, which the fits' residual variances see.
 * With resolution 0 every reading is a point.
 */
public class ResolutionBin {

  /** Reading time that ended the last bin (or the last reading taken as it is), epoch ms; MIN_VALUE before any. */
  public long binEndMs = Long.MIN_VALUE;

  /** Readings pending in the open bin. */
  public int pendingCount;

  /** Time of the first pending reading, epoch ms (the origin of {@link #pendingSumDtMs}). */
  public long pendingFirstMs;

  /** Sum over pending readings of {@code t - pendingFirstMs}, ms. */
  public double pendingSumDtMs;

  /** Sum of the pending readings' values. */
  public double pendingSumValue;

  /** The point made by the last {@link #offer} that returned true: time, epoch ms. */
  public long pointMs;

  /** The point made by the last {@link #offer} that returned true: value. */
  public double pointValue;

  public ResolutionBin() {}

  /**
   * Takes a reading newer than every earlier one; returns true when it completes a point ({@link #pointMs}, {@link
   * #pointValue}).
   */
  public boolean offer(long tMs, double value, long resolutionMs) {
    boolean binDone = binEndMs == Long.MIN_VALUE || tMs - binEndMs >= resolutionMs;
    if (pendingCount == 0 && binDone) {
      binEndMs = tMs;
      pointMs = tMs;
      pointValue = value;
      return true;
    }
    if (pendingCount == 0) {
      pendingFirstMs = tMs;
    }
    pendingCount++;
    pendingSumDtMs += tMs - pendingFirstMs;
    pendingSumValue += value;
    if (!binDone) {
      return false;
    }
    pointMs = pendingFirstMs + Math.round(pendingSumDtMs / pendingCount);
    pointValue = pendingSumValue / pendingCount;
    binEndMs = tMs;
    pendingCount = 0;
    pendingSumDtMs = 0;
    pendingSumValue = 0;
    return true;
  }
}
