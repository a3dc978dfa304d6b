package org.vigil.jobs.monitoring;

import java.util.Arrays;

/**
 * The readings of a sensor passed on within its duplicate horizon ({@link SensorTimeFunction}), as runs: a run is a series of readings accepted with
 * consecutive sequence numbers ({@code seqLo..seqHi}) and ascending device times ({@code tsLo..tsHi}). A sensor that
 * numbers its readings and reports in order is one run (32 bytes) however fast it reports; each lost or reordered
 * reading starts another run, and a reading without a sequence number ({@code seq = -1}) is a run of its own. Issue
 * 10: one 16-byte entry per reading grew the job's state by about 10 MB a minute with 10,000 sensors reporting every
 * second, until the horizon filled.
 *
 * <p>A reading {@code (t, q)} counts as seen when a run holds {@code q} and {@code t} within its spans, matching
 * exactly at the run's ends. Inside a run the time of each sequence number is not kept, so a different reading with
 * a sequence number inside a run and a time inside its span would be taken for a copy: a device would have to
 * reuse sequence numbers while its clock stays inside the span (a counter reset followed by a clock set back).
 * Readings without a sequence number are compared exactly.
 *
 * <p>Runs are ordered by {@code tsLo} in {@code [0, size)} of four parallel arrays. A Flink POJO (public fields,
 * no-arg constructor).
 */
public final class SeenRuns {

  /** Runs are dropped at most once per this much progress of the cutoff. */
  static final long COMPACT_GRANULARITY_MS = 60_000L;

  public long[] tsLo = new long[4];
  public long[] tsHi = new long[4];
  public long[] seqLo = new long[4];
  public long[] seqHi = new long[4];
  public int size;
  /** The longest run's time span, ms: a run holding {@code t} starts at or after {@code t - maxSpan}. */
  public long maxSpan;
  /** The smallest {@code tsHi}: nothing can be dropped before the cutoff passes it. */
  public long minTsHi = Long.MAX_VALUE;
  public SeenRuns() {}

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Drops the runs that ended before {@code cutoff} (the sensor has moved on past its duplicate horizon), at most
   * once a {@link #COMPACT_GRANULARITY_MS} of cutoff: runs that linger a little longer do no harm (a copy found in
   * them is still a copy), and a sensor of single-reading runs is not compacted per reading.
   */
  void dropBefore(long cutoff) {
    if (cutoff != Long.MIN_VALUE && cutoff - COMPACT_GRANULARITY_MS > minTsHi) {
      dropAllBefore(cutoff);
    }
  }

  /** The newest accepted reading's time ({@link Long#MIN_VALUE} when none). */
  long newest() {
    long n = Long.MIN_VALUE;
    for (int i = 0; i < size; i++) {
      n = Math.max(n, tsHi[i]);
    }
    return n;
  }

  /** Drops every run that ended before {@code cutoff}. */
  void dropAllBefore(long cutoff) {
    int kept = 0;
    long span = 0;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (tsHi[i] >= cutoff) {
        tsLo[kept] = tsLo[i];
        tsHi[kept] = tsHi[i];
        seqLo[kept] = seqLo[i];
        seqHi[kept] = seqHi[i];
        span = Math.max(span, tsHi[i] - tsLo[i]);
        min = Math.min(min, tsHi[i]);
        kept++;
      }
    }
    size = kept;
    maxSpan = span;
    minTsHi = min;
  }

  boolean contains(long t, long q) {
    for (int i = upperBound(t) - 1; i >= 0 && tsLo[i] >= t - maxSpan; i--) {
      if (tsHi[i] < t) {
        continue;
      }
      if (q < 0 || seqLo[i] < 0) {
        if (q == seqLo[i] && t == tsLo[i]) {
          return true;
        }
      } else if (q >= seqLo[i] && q <= seqHi[i]
          && (q == seqLo[i]) == (t == tsLo[i]) && (q == seqHi[i]) == (t == tsHi[i])) {
        return true;
      }
    }
    return false;
  }

  /** Adds a reading that {@link #contains} said was not seen. */
  void add(long t, long q) {
    int last = size - 1;
    if (q >= 0 && last >= 0 && seqLo[last] >= 0 && q == seqHi[last] + 1 && t > tsHi[last]) { // in order: O(1)
      if (minTsHi == tsHi[last]) {
        minTsHi = size == 1 ? t : minTsHiWithout(last, t);
      }
      tsHi[last] = t;
      seqHi[last] = q;
      maxSpan = Math.max(maxSpan, t - tsLo[last]);
      return;
    }
    if (size == tsLo.length) {
      int n = Math.max(4, size * 2);
      tsLo = Arrays.copyOf(tsLo, n);
      tsHi = Arrays.copyOf(tsHi, n);
      seqLo = Arrays.copyOf(seqLo, n);
      seqHi = Arrays.copyOf(seqHi, n);
    }
    int at = upperBound(t);
    System.arraycopy(tsLo, at, tsLo, at + 1, size - at);
    System.arraycopy(tsHi, at, tsHi, at + 1, size - at);
    System.arraycopy(seqLo, at, seqLo, at + 1, size - at);
    System.arraycopy(seqHi, at, seqHi, at + 1, size - at);
    tsLo[at] = t;
    tsHi[at] = t;
    seqLo[at] = q;
    seqHi[at] = q;
    size++;
    minTsHi = Math.min(minTsHi, t);
  }

  /** The smallest tsHi if run {@code i}'s became {@code replacement}. */
  private long minTsHiWithout(int i, long replacement) {
    long min = replacement;
    for (int j = 0; j < size; j++) {
      if (j != i) {
        min = Math.min(min, tsHi[j]);
      }
    }
    return min;
  }

  /** First index with tsLo > t. */
  private int upperBound(long t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (tsLo[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
