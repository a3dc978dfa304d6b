package org.vigil.analytics.rain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One rain gauge's reports and what they amount to: trailing accumulations, the current rain event, effective
 * antecedent rainfall and intensity–duration checks ({@link #snapshot}). Kept as Flink keyed state: a public no-arg
 * constructor and public non-final fields of primitives and arrays make it a Flink POJO (no Kryo). Not thread-safe.
 *
 * <p><b>Reports and entries.</b> A report is the rain in mm that fell over the report's interval ending at its
 * timestamp. The gauge keeps <em>entries</em>: the rain of the interval between the previous entry's timestamp and its
 * own. An entry's interval is not carried by readings, so it is inferred: the time since the previous entry, capped at
 * {@link RainOptions#maxReportIntervalMs()}; the oldest kept entry takes the interval to its successor (or the cap when
 * it is alone). Reports older than {@code newest - historyMs} ({@link RainOptions#historyMs()}, 264 h with the
 * defaults) are refused ({@link #add} returns false) and the caller counts them; so are negative, NaN or infinite
 * amounts. So that the state does not grow with the reporting rate entries are coarsened in two tiers:
 *
 * <ul>
 *   <li><b>Resolution</b> ({@link RainOptions#resolutionMs()}, 1 min). A report newer than the newest entry that
 *       arrives less than the resolution after the start of the newest entry's interval (the previous entry's
 *       timestamp) is merged into it: amounts added, the entry's timestamp moved to the report's. A gauge reporting
 *       every minute or less often (every resolution or more) is kept report by report, as before; a faster one keeps
 *       about one entry per resolution, each covering less than a resolution plus one report interval.
 *   <li><b>Hour tier</b> ({@link RainOptions#fineHistoryMs()}, 24 h). Entries at or before the hour at or below
 *       {@code newest - fineHistory} are merged into hour buckets {@code (h, h + 1 h]} stamped at their end {@code h + 1
 *       h}. This is done with the batch eviction, about once per hour of data, so appends stay O(1) amortised.
 * </ul>
 *
 * <p><b>Replays and late reports.</b> A report with the timestamp of an entry that holds that one report replaces it,
 * so a replay changes nothing. A report with the newest entry's timestamp when that entry holds several reports
 * replaces the newest report's part of it ({@link #lastReportMm}). A late report (older than the newest entry) inside
 * the fine history is inserted as its own entry when it lies at least a resolution from both neighbours and its
 * interval's entry holds one report; otherwise it is added to the entry whose interval holds it (the same rain, the
 * same interval). A report at the timestamp of an older merged entry is added to it: a replay there cannot be told from
 * a new report (upstream, {@code SensorTimeFunction} drops copies within the duplicate horizon, 1 h of the sensor's
 * device time by default, so none reaches the gauge in the job). A late report older than the fine history is added to its hour
 * bucket, never replaces one.
 *
 * <p><b>Accumulations.</b> A window of length w at {@code atMs} holds the entries with {@code atMs - w < t <= atMs},
 * the whole amount of an entry counting at its timestamp: an entry exactly w before {@code atMs} is out, one at {@code
 * atMs} is in. A gauge that stays silent contributes nothing, so silence counts as no rain (a broken gauge is for a
 * deadman rule to catch, not for these sums). Sums use prefix sums: each window is two binary searches. Sums are exact
 * over the reports where each window edge falls on an entry boundary; otherwise the entry straddling an edge counts
 * whole or not at all, so the worst-case error is the rain of one entry at each edge: <b>for windows whose start lies
 * in the fine history</b> (10 min, 1 h, 3 h and 24 h with the defaults, for {@code atMs} at or after the newest report)
 * less than one resolution plus one report interval of rain, i.e. none for gauges reporting a minute or more apart;
 * <b>for edges in the hour tier</b> (the 72 h window's start, the antecedent block boundaries) the rain of the part of
 * one hour bucket before the edge, i.e. a window then reaches back to the end of the hour its start falls in (72 h to
 * just under 73 h); the antecedent blocks each shift by less than an hour and lose nothing between them.
 *
 * <p><b>Events.</b> Wet entries (amount above 0) belong to one event while the dry time between the end of one wet
 * entry and the start of the next wet entry's interval is shorter than {@link RainOptions#dryGapMs()}. The event at
 * {@code atMs} is the one whose last wet entry lies less than the dry gap before {@code atMs}; it starts at its first wet
 * entry's timestamp minus that entry's interval and lasts until its last wet entry's timestamp. An event longer than
 * the kept history is cut at the history's start. Merging moves an event's start and end by less than one entry's
 * interval: not at all for gauges reporting a minute or more apart within the fine history; by less than one hour
 * where the event reaches into the hour tier (an event of more than 24 h with the defaults, so a duration error below
 * 1/24), where dry spells between events also read up to an hour shorter.
 *
 * <p><b>Cost and size.</b> Appending a report in order is O(1) amortised (old entries are evicted and coarsened in
 * batches); a late report costs O(entries after it). A snapshot is O(log n) per window and antecedent day plus a walk
 * over the current event's new entries. State is 28 bytes per entry (times, mm, prefix sums, report counts); arrays grow
 * by an eighth and are trimmed when coarsened, so they hold at most about a quarter more than the entries. Entries: in the fine tier at most {@code 2 (fine + 2
 * h) / resolution} (each entry and its successor span at least a resolution; about half that for a reporter much faster
 * than the resolution), plus one per hour of the rest of the history and one eviction batch ({@code history / 8}). With
 * the defaults: at most 2 x 1,560 + 240 + 33 + 2 = 3,395 entries (95 KB) whatever the rate; measured over 13 days,
 * serialized by Flink's POJO serializer with the array slack: 56 KB (1,828 entries) for a 1 Hz gauge and for one
 * reporting every minute (which used to keep 15,840 reports: 380 KB), 63 KB every 10 s, 103 KB at the worst cadence
 * (just over 30 s), 13 KB every 10 minutes. {@code VIGIL_RAIN_FINE_HISTORY=PT6H} about halves these, at the price of
 * hour-bucket edges on the 24 h sum.
 * Checkpoints of an earlier version of this class are not readable by this one (the fields changed).
 */
public class RainGauge {

  /** Hour of the coarse tier, ms. */
  private static final long HOUR = RainOptions.HOUR_MS;

  /** Entry timestamps (end of each entry's interval), epoch ms, strictly ascending; valid up to {@link #size}. */
  public long[] times = new long[16];

  /** Rain per entry, mm, parallel to {@link #times}. */
  public double[] mm = new double[16];

  /** Prefix sums: {@code cum[i] = mm[0] + ... + mm[i]}. */
  public double[] cum = new double[16];

  /** Number of reports merged into each entry, parallel to {@link #times}. */
  public int[] counts = new int[16];

  /** Number of valid entries. */
  public int size;

  /** Amount of the report at the newest entry's timestamp (the newest report), mm; see the class notes. */
  public double lastReportMm;

  /**
   * Entries at or before this time are hour buckets (stamped on the hour); later ones are fine. {@link Long#MIN_VALUE}
   * before the first coarsening.
   */
  public long coarseUntilMs = Long.MIN_VALUE;

  /**
   * Cache of the last event found: the timestamp of its last wet entry, or {@link Long#MIN_VALUE} when there is no
   * valid cache (any insertion other than an append in time order, a replacement or a coarsening clears it).
   */
  public long cachedLastWetMs = Long.MIN_VALUE;

  /** Cache: the timestamp of the first wet entry of the event ending at {@link #cachedLastWetMs}. */
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
    long newest = size == 0 ? tsMs : Math.max(times[size - 1], tsMs);
    compactIfDue(newest, o);
    if (size == 0 || tsMs > times[size - 1]) {
      append(tsMs, mmOverInterval, o);
      return true;
    }
    if (tsMs <= coarseUntilMs) {
      addToBucket(tsMs, mmOverInterval);
      return true;
    }
    int i = Arrays.binarySearch(times, 0, size, tsMs);
    if (i >= 0) {
      if (counts[i] == 1) {
        mm[i] = mmOverInterval; // a replay or a correction of that report
      } else if (i == size - 1) {
        mm[i] = Math.max(0, mm[i] + mmOverInterval - lastReportMm); // the newest report of a merged entry
      } else {
        mm[i] += mmOverInterval;
        counts[i]++;
      }
      if (i == size - 1) {
        lastReportMm = mmOverInterval;
      }
      recomputeFrom(i);
      cachedLastWetMs = Long.MIN_VALUE;
      return true;
    }
    int at = -i - 1; // the entry whose interval holds tsMs (at < size: tsMs is older than the newest)
    cachedLastWetMs = Long.MIN_VALUE; // a late report may join or split events
    long res = o.resolutionMs();
    boolean nearNext = times[at] - tsMs < res;
    boolean nearPrevious = at > 0 && tsMs - times[at - 1] < res;
    if (counts[at] > 1 || nearNext || nearPrevious) {
      mm[at] += mmOverInterval;
      counts[at]++;
      recomputeFrom(at);
    } else {
      insert(at, tsMs, mmOverInterval, 1);
    }
    return true;
  }

  /** A report newer than every entry: merged into the newest entry when within the resolution, else a new entry. */
  private void append(long tsMs, double amount, RainOptions o) {
    int last = size - 1;
    if (size >= 2 && times[last] > coarseUntilMs && tsMs - times[last - 1] < o.resolutionMs()) {
      if (cachedLastWetMs == times[last]) {
        cachedLastWetMs = tsMs; // the cached event's last wet entry only moved its end
      }
      if (cachedFirstWetMs == times[last]) {
        cachedFirstWetMs = tsMs;
      }
      times[last] = tsMs;
      mm[last] += amount;
      cum[last] += amount;
      counts[last]++;
    } else {
      insert(size, tsMs, amount, 1);
    }
    lastReportMm = amount;
  }

  /** A report at or before {@link #coarseUntilMs}: added to its hour bucket, which is created if absent. */
  private void addToBucket(long tsMs, double amount) {
    long end = ceilHour(tsMs);
    int i = Arrays.binarySearch(times, 0, size, end);
    cachedLastWetMs = Long.MIN_VALUE;
    if (i >= 0) {
      mm[i] += amount;
      counts[i]++;
      recomputeFrom(i);
    } else {
      insert(-i - 1, end, amount, 1);
    }
  }

  private void insert(int at, long t, double amount, int count) {
    if (size == times.length) {
      int cap = size + size / 8 + 16; // an eighth more: the arrays are serialized whole, so slack costs
      times = Arrays.copyOf(times, cap);
      mm = Arrays.copyOf(mm, cap);
      cum = Arrays.copyOf(cum, cap);
      counts = Arrays.copyOf(counts, cap);
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(mm, at, mm, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    times[at] = t;
    mm[at] = amount;
    counts[at] = count;
    size++;
    recomputeFrom(at);
  }

  /**
   * Evicts entries older than the history and merges fine entries older than the fine history into hour buckets, in
   * one pass, when enough has piled up: an eighth of the history to evict (or a quarter of a full array), or an hour
   * of fine entries to coarsen. So an in-order append does not shift the arrays each time.
   */
  private void compactIfDue(long newest, RainOptions o) {
    if (size == 0) {
      return;
    }
    long history = o.historyMs();
    long cutoff = newest - history;
    int evictable = lastAtOrBefore(cutoff) + 1;
    boolean evict =
        evictable > 0 && (times[0] <= cutoff - history / 8 || (size == times.length && evictable >= size / 4));
    long tierEdge = Math.floorDiv(newest - o.fineHistoryMs(), HOUR) * HOUR;
    int firstFine = coarseUntilMs == Long.MIN_VALUE ? 0 : lastAtOrBefore(coarseUntilMs) + 1;
    boolean coarsen = firstFine < size && times[firstFine] <= tierEdge - HOUR;
    if (!evict && !coarsen) {
      return;
    }
    int w = 0;
    for (int r = evictable; r < size; r++) {
      long t = times[r];
      if (t <= tierEdge) {
        t = ceilHour(t);
        if (w > 0 && times[w - 1] == t) {
          mm[w - 1] += mm[r];
          counts[w - 1] += counts[r];
          continue;
        }
      }
      times[w] = t;
      mm[w] = mm[r];
      counts[w] = counts[r];
      w++;
    }
    size = w;
    coarseUntilMs = Math.max(coarseUntilMs, tierEdge);
    cachedLastWetMs = Long.MIN_VALUE; // entries moved: the next snapshot walks the current event afresh
    recomputeFrom(0);
    if (times.length > size + size / 4 + 32) {
      int cap = size + size / 8 + 16;
      times = Arrays.copyOf(times, cap);
      mm = Arrays.copyOf(mm, cap);
      cum = Arrays.copyOf(cum, cap);
      counts = Arrays.copyOf(counts, cap);
    }
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

  /** End of the hour bucket {@code (h, h + 1 h]} holding {@code t}. */
  private static long ceilHour(long t) {
    return -Math.floorDiv(-t, HOUR) * HOUR;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
