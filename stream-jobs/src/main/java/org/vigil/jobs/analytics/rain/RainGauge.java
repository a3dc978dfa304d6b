package org.vigil.jobs.analytics.rain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rain gauge's reports and what they amount to: trailing accumulations, the current rain event, effective
 * antecedent rainfall and intensity–duration checks ({@link #snapshot}). Kept as Flink keyed state: a public no-arg
 * constructor and public non-final fields of primitives and arrays make it a Flink POJO (no Kryo). Not thread-safe.
 *
 * <p><b>Reports.</b> A report is the rain in mm that fell over the report's interval ending at its timestamp. The
 * interval is not carried by readings, so it is inferred: the time since the gauge's previous kept report, capped at
 * {@link RainOptions#maxReportIntervalMs()}; the oldest kept report takes the interval to its successor (or the cap
 * when it is alone). A report with the timestamp of a kept one replaces it, so a replay changes nothing; a late report
 * inside the kept history is inserted and corrects every sum; one at or before {@code newest - historyMs} ({@link
 * RainOptions#historyMs()}, 264 h with the defaults) is refused ({@link #add} returns false) and the caller counts it.
 * Negative, NaN or infinite amounts are refused too.
 *
 * <p><b>Accumulations.</b> A window of length w at {@code atMs} holds the reports with {@code atMs - w < t <= atMs},
 * the whole amount of a report counting at its timestamp: a report exactly w before {@code atMs} is out, one at
 * {@code atMs} is in. A gauge that stays silent contributes nothing, so silence counts as no rain (a broken gauge is
 * for a deadman rule to catch, not for these sums). Sums use prefix sums: each window is two binary searches.
 *
 * <p><b>Events.</b> Wet reports (amount above 0) belong to one event while the dry time between the end of one wet
 * report and the start of the next wet report's interval is shorter than {@link RainOptions#dryGapMs()}. The event at
 * {@code atMs} is the one whose last wet report lies less than the dry gap before {@code atMs}; it starts at its first
 * wet report's timestamp minus that report's interval and lasts until its last wet report's timestamp. An event longer
 * than the kept history is cut at the history's start.
 *
 * <p><b>Antecedent rainfall.</b> {@code R_a = sum_{i=1..n} k^i R_i}, with {@code R_i} the rain of the i-th 24-hour block
 * before the current one, {@code (atMs - (i+1) 24 h, atMs - i 24 h]}, k the decay and n the number of days; the
 * effective rainfall is {@code R_0 + R_a} with {@code R_0} the last 24 hours. This is the antecedent daily rainfall
 * index of Crozier, M. J., Eyles, R. J. (1980), Assessing the probability of rapid mass movement, in: Proc. 3rd
 * Australia–New Zealand Conference on Geomechanics, Wellington, 2.47–2.51, and Glade, T., Crozier, M., Smith, P.
 * (2000), Applying probability determination to refine landslide-triggering rainfall thresholds using an empirical
 * "Antecedent Daily Rainfall Model", Pure and Applied Geophysics 157, 1059–1079; rolling 24-hour blocks replace their
 * calendar days so the value does not jump at midnight.
 *
 * <p><b>Cost.</b> Appending a report in order is O(1) amortised (old reports are evicted in batches); a late report
 * costs O(reports after it). A snapshot is O(log n) per window and antecedent day plus a walk over the current event's
 * reports. State size is 24 bytes per kept report: about 380 KB for a gauge reporting every minute with 264 h kept.
 */
public class RainGauge {

  /** Report timestamps (end of each report's interval), epoch ms, strictly ascending; valid up to {@link #size}. */
  public long[] times = new long[16];

  /** Rain per report, mm, parallel to {@link #times}. */
  public double[] mm = new double[16];

  /** Prefix sums: {@code cum[i] = mm[0] + ... + mm[i]}. */
  public double[] cum = new double[16];

  /** Number of valid entries. */
  public int size;

  /**
   * Cache of the last event found: the timestamp of its last wet report, or {@link Long#MIN_VALUE} when there is no
   * valid cache (any insertion other than an append in time order, or a replacement, clears it).
   */
  public long cachedLastWetMs = Long.MIN_VALUE;

  /** Cache: the timestamp of the first wet report of the event ending at {@link #cachedLastWetMs}. */
  public long cachedFirstWetMs = Long.MIN_VALUE;

  /** Cache: the dry gap the cached event was found with (a snapshot with other options ignores the cache). */
  public long cachedDryGapMs;

  /** Cache: the maximum report interval the cached event was found with. */
  public long cachedMaxIntervalMs;

  public RainGauge() {}

  /**
   * Adds a report: {@code mmOverInterval} mm fell in the interval ending at {@code tsMs}. Returns false, changing
   * nothing, when the report is older than the kept history or its amount is negative, NaN or infinite.
   */
  public boolean add(long tsMs, double mmOverInterval, RainOptions o) {
    if (!(mmOverInterval >= 0) || Double.isInfinite(mmOverInterval)) {
      return false;
    }
    long history = o.historyMs();
    if (size > 0 && tsMs <= times[size - 1] - history) {
      return false;
    }
    int i = Arrays.binarySearch(times, 0, size, tsMs);
    if (i >= 0) {
      mm[i] = mmOverInterval;
      recomputeFrom(i);
      cachedLastWetMs = Long.MIN_VALUE;
      return true;
    }
    int at = -i - 1;
    if (at < size) {
      cachedLastWetMs = Long.MIN_VALUE; // a late report may join or split events
    }
    long newest = size == 0 ? tsMs : Math.max(times[size - 1], tsMs);
    long cutoff = newest - history;
    // Evict in batches (an eighth of the history, or a quarter of a full array) so that an in-order append does not
    // shift the arrays each time; a full array with little to evict grows instead.
    int evictable = size == 0 ? 0 : lastAtOrBefore(cutoff) + 1;
    if (evictable > 0 && (times[0] <= cutoff - history / 8 || (size == times.length && evictable >= size / 4))) {
      at -= evictUpTo(cutoff);
    }
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      mm = Arrays.copyOf(mm, size * 2);
      cum = Arrays.copyOf(cum, size * 2);
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(mm, at, mm, at + 1, size - at);
    times[at] = tsMs;
    mm[at] = mmOverInterval;
    size++;
    recomputeFrom(at);
    return true;
  }

  /** The newest report's timestamp, or {@link Long#MIN_VALUE} when there is none. */
  public long newest() {
    return size == 0 ? Long.MIN_VALUE : times[size - 1];
  }

  /**
   * Accumulations, antecedent rainfall, the current event and its I–D checks at {@code atMs}. Meant for {@code atMs}
   * at or after the newest report; for an earlier moment the windows lose whatever lies before the kept history.
   * Changes only a cache that speeds up the next call (results never depend on it), so with a serializing state
   * backend store the gauge after the snapshot to keep the speed-up.
   */
  public RainSnapshot snapshot(long atMs, RainOptions o) {
    long h = RainOptions.HOUR_MS;
    double r0 = sum(atMs - RainOptions.DAY_MS, atMs, o);
    double ra = 0;
    double k = 1;
    // R_i = C(atMs - i d) - C(atMs - (i + 1) d) with C the prefix sum at a time: one search per day boundary.
    double newer = cumAtTime(atMs - RainOptions.DAY_MS, o);
    for (int i = 1; i <= o.antecedentDays(); i++) {
      k *= o.antecedentDecay();
      double older = cumAtTime(atMs - (i + 1) * RainOptions.DAY_MS, o);
      ra += k * Math.max(0, newer - older);
      newer = older;
    }
    RainEvent event = event(atMs, o);
    List<IdCheck> checks = new ArrayList<>();
    if (event != null) {
      for (IdCurve c : o.curves()) {
        checks.add(c.check(event.durationH(), event.meanIntensityMmH()));
      }
    }
    return new RainSnapshot(
        atMs,
        round(sum(atMs - 10 * 60_000L, atMs, o)),
        round(sum(atMs - h, atMs, o)),
        round(sum(atMs - 3 * h, atMs, o)),
        round(r0),
        round(sum(atMs - 72 * h, atMs, o)),
        round(r0 + ra),
        round(ra),
        event,
        checks);
  }

  /** Rain of the reports with {@code fromExclusive < t <= toInclusive}, limited to the kept history. */
  double sum(long fromExclusive, long toInclusive, RainOptions o) {
    if (size == 0) {
      return 0;
    }
    long from = Math.max(fromExclusive, times[size - 1] - o.historyMs());
    if (toInclusive <= from) {
      return 0;
    }
    return Math.max(0, cumAt(lastAtOrBefore(toInclusive)) - cumAt(lastAtOrBefore(from)));
  }

  /** Prefix sum of the reports at or before {@code t}, counting from the kept history's start. */
  private double cumAtTime(long t, RainOptions o) {
    if (size == 0) {
      return 0;
    }
    return cumAt(lastAtOrBefore(Math.max(t, times[size - 1] - o.historyMs())));
  }

  private RainEvent event(long atMs, RainOptions o) {
    if (size == 0) {
      return null;
    }
    long gap = o.dryGapMs();
    int lo = firstKept(o);
    int lastWet = -1;
    for (int i = lastAtOrBefore(atMs); i >= lo && atMs - times[i] < gap; i--) {
      if (mm[i] > 0) {
        lastWet = i;
        break;
      }
    }
    if (lastWet < 0) {
      return null;
    }
    // Walk back through wet reports while the dry time between them stays below the gap. Only the oldest kept report
    // can have an interval reaching past its predecessor, so the event starts at its first wet report's interval.
    // The walk stops early where it meets the last event found (cached), which keeps a snapshot during a long event
    // proportional to the reports since the previous snapshot, not to the event's length.
    int first = lastWet;
    if (cachedDryGapMs != gap || cachedMaxIntervalMs != o.maxReportIntervalMs()) {
      cachedLastWetMs = Long.MIN_VALUE;
    }
    if (times[lastWet] == cachedLastWetMs) {
      first = cachedFirst(lo);
    } else {
      long start = times[lastWet] - interval(lastWet, lo, o);
      for (int i = lastWet - 1; i >= lo && times[i] > start - gap; i--) {
        if (times[i] == cachedLastWetMs) {
          first = cachedFirst(lo);
          break;
        }
        if (mm[i] > 0) {
          first = i;
          start = times[i] - interval(i, lo, o);
        }
      }
    }
    cachedLastWetMs = times[lastWet];
    cachedFirstWetMs = times[first];
    cachedDryGapMs = gap;
    cachedMaxIntervalMs = o.maxReportIntervalMs();
    long start = times[first] - interval(first, lo, o);
    double total = round(cumAt(lastWet) - cumAt(first - 1));
    double durationH = (times[lastWet] - start) / (double) RainOptions.HOUR_MS;
    return new RainEvent(start, times[lastWet], total, durationH, total / durationH);
  }

  /** Index of the cached event's first wet report, or of the first wet report at or after {@code lo} if it is older. */
  private int cachedFirst(int lo) {
    int i = lastAtOrBefore(cachedFirstWetMs);
    if (i >= lo) {
      return i;
    }
    i = lo;
    while (mm[i] <= 0) { // the cached last wet report lies at or after lo, so this stops
      i++;
    }
    return i;
  }

  /** Interval of report i: time since its predecessor, or to its successor for the oldest kept, capped. */
  private long interval(int i, int lo, RainOptions o) {
    long cap = o.maxReportIntervalMs();
    if (i > lo) {
      return Math.min(cap, times[i] - times[i - 1]);
    }
    return i + 1 < size ? Math.min(cap, times[i + 1] - times[i]) : cap;
  }

  /** Index of the oldest report inside the kept history (older ones may linger until the next batch eviction). */
  private int firstKept(RainOptions o) {
    return lastAtOrBefore(times[size - 1] - o.historyMs()) + 1;
  }

  private int lastAtOrBefore(long t) {
    int i = Arrays.binarySearch(times, 0, size, t);
    return i >= 0 ? i : -i - 2;
  }

  private double cumAt(int i) {
    return i < 0 ? 0 : cum[i];
  }

  private void recomputeFrom(int i) {
    double c = cumAt(i - 1);
    for (int j = i; j < size; j++) {
      c += mm[j];
      cum[j] = c;
    }
  }

  /** Drops the reports at or before {@code cutoffMs}, rebasing the prefix sums; returns how many went. */
  private int evictUpTo(long cutoffMs) {
    int keepFrom = lastAtOrBefore(cutoffMs) + 1;
    if (keepFrom == 0) {
      return 0;
    }
    System.arraycopy(times, keepFrom, times, 0, size - keepFrom);
    System.arraycopy(mm, keepFrom, mm, 0, size - keepFrom);
    size -= keepFrom;
    recomputeFrom(0);
    return keepFrom;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
