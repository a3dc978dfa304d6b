package org.vigil.jobs.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.ingest.decode.RejectReason;

/**
 * Event-time gate after decoding, keyed by sensor ({@link Reading#subject()}), with the reading's device time as its
 * event time and watermarks from bounded out-of-orderness.
 *
 * <ul>
 *   <li><b>Late</b>: event time older than {@code watermark - allowedLateness}. The reading goes to {@link #LATE} (the
 *       job stores it with {@code late=true}), not to the main output, so rolling analytics never see it; it is
 *       counted ({@code lateReadings}) and also dead-lettered with reason {@code late}, saying it was stored.
 *   <li><b>Duplicate</b>: same sensor, device timestamp and sequence number as a reading accepted earlier within the
 *       lateness horizon. Dead-lettered with reason {@code duplicate} and counted. MQTT's at-least-once redelivery
 *       after a reconnect produces these legitimately; after a restore from a checkpoint the replayed readings are
 *       new relative to the restored state and pass, as they must.
 *   <li>Everything else, in order or out of order within the lateness, goes to the main output unchanged.
 * </ul>
 *
 * <p>State: per sensor, the accepted readings still inside the horizon as runs of consecutive sequence numbers
 * ({@link Seen}: 32 bytes a run; a sensor that numbers its readings and reports in order is one run however fast it
 * reports). Runs the watermark has left behind are dropped as new readings arrive and by one event-time timer per
 * sensor, set a minute past the horizon of its newest reading when it fires (so a silent sensor's state goes).
 */
public final class OrderAndDedupeFunction extends KeyedProcessFunction<String, Reading, Reading> {

  /** Late readings: stored, flagged, kept out of analytics. */
  public static final OutputTag<Reading> LATE = new OutputTag<>("late-readings") {};

  /** Dead letters of duplicates and late readings. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("order-dead-letters") {};

  /** Cleanup timers are rounded up to this, so one timer covers a minute of readings. */
  static final long CLEANUP_GRANULARITY_MS = 60_000L;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long allowedLatenessMs;

  /** Accepted readings inside the horizon. */
  private transient ValueState<Seen> seen;

  private transient Counter lateReadings;
  private transient Counter duplicates;
  private transient DeadLetterCounters deadLetters;

  public OrderAndDedupeFunction(long allowedLatenessMs) {
    if (allowedLatenessMs < 0) {
      throw new IllegalArgumentException("allowedLatenessMs must be >= 0, was " + allowedLatenessMs);
    }
    this.allowedLatenessMs = allowedLatenessMs;
  }

  @Override
  public void open(OpenContext openContext) {
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-runs", Seen.class));
    lateReadings = getRuntimeContext().getMetricGroup().counter("lateReadings");
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateReadings");
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
    long ts = r.timestampMs();
    long watermark = ctx.timerService().currentWatermark();
    long now = ctx.timerService().currentProcessingTime();
    if (isLate(ts, watermark)) {
      lateReadings.inc();
      deadLetters.inc(RejectReason.LATE);
      ctx.output(LATE, r);
      ctx.output(
          DEAD_LETTERS,
          deadLetter(r, RejectReason.LATE,
              "stored with late=true but not used in analytics: event time " + Instant.ofEpochMilli(ts) + " is "
                  + Duration.ofMillis(watermark - ts) + " behind the watermark " + Instant.ofEpochMilli(watermark)
                  + " (allowed lateness " + Duration.ofMillis(allowedLatenessMs) + ")",
              now));
      return;
    }
    Seen s = seen.value();
    if (s == null) {
      s = new Seen();
    }
    s.dropBefore(watermark == Long.MIN_VALUE ? Long.MIN_VALUE : watermark - allowedLatenessMs);
    if (s.contains(ts, r.seq())) {
      duplicates.inc();
      deadLetters.inc(RejectReason.DUPLICATE);
      ctx.output(
          DEAD_LETTERS,
          deadLetter(r, RejectReason.DUPLICATE,
              "a reading of " + r.subject() + " at " + Instant.ofEpochMilli(ts) + (r.seq() >= 0 ? " with seq " + r.seq() : "")
                  + " was already accepted; this copy is not stored again",
              now));
      return;
    }
    s.add(ts, r.seq());
    if (s.timerAt == Long.MIN_VALUE) {
      // One cleanup timer per sensor: when it fires it prunes and, if readings remain, sets the next from the newest.
      // (One per reading and minute was 130,000 timers for 2,000 sensors a minute apart, all in every checkpoint.)
      s.timerAt = cleanupTime(ts);
      ctx.timerService().registerEventTimeTimer(s.timerAt);
    }
    seen.update(s);
    out.collect(r);
  }

  /** Whether event time {@code ts} is older than {@code watermark - allowedLateness} (never before a watermark). */
  boolean isLate(long ts, long watermark) {
    return watermark != Long.MIN_VALUE && ts < watermark - allowedLatenessMs;
  }

  /** A time after which every reading with event time {@code ts} would be late: rounded up to a minute. */
  long cleanupTime(long ts) {
    return ((ts + allowedLatenessMs) / CLEANUP_GRANULARITY_MS + 1) * CLEANUP_GRANULARITY_MS;
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
    Seen s = seen.value();
    if (s == null) {
      return;
    }
    s.dropAllBefore(ctx.timerService().currentWatermark() - allowedLatenessMs);
    if (s.isEmpty()) {
      seen.clear();
    } else {
      s.timerAt = Math.max(timestamp + CLEANUP_GRANULARITY_MS, cleanupTime(s.newest()));
      ctx.timerService().registerEventTimeTimer(s.timerAt);
      seen.update(s);
    }
  }

  /**
   * The accepted readings of a sensor inside the horizon, as runs: a run is a series of readings accepted with
   * consecutive sequence numbers ({@code seqLo..seqHi}) and ascending device times ({@code tsLo..tsHi}). A sensor that
   * numbers its readings and reports in order is one run (32 bytes) however fast it reports; each lost or reordered
   * reading starts another run, and a reading without a sequence number ({@code seq = -1}) is a run of its own. Issue
   * 10: one 16-byte entry per reading grew the job's state by about 10 MB a minute with 10,000 sensors reporting every
   * second, until the 65-minute horizon filled.
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
  public static final class Seen {
    public long[] tsLo = new long[4];
    public long[] tsHi = new long[4];
    public long[] seqLo = new long[4];
    public long[] seqHi = new long[4];
    public int size;
    /** The longest run's time span, ms: a run holding {@code t} starts at or after {@code t - maxSpan}. */
    public long maxSpan;
    /** The smallest {@code tsHi}: nothing can be dropped before the cutoff passes it. */
    public long minTsHi = Long.MAX_VALUE;
    /** The sensor's pending cleanup timer, {@link Long#MIN_VALUE} when none. */
    public long timerAt = Long.MIN_VALUE;

    public Seen() {}

    boolean isEmpty() {
      return size == 0;
    }

    /**
     * Drops the runs that ended before {@code cutoff} (they are late now, so never compared again), at most once a
     * {@link #CLEANUP_GRANULARITY_MS} of cutoff: runs that linger a little longer are never consulted (late readings
     * are turned away before the duplicate check), and a sensor of single-reading runs is not compacted per reading.
     */
    void dropBefore(long cutoff) {
      if (cutoff != Long.MIN_VALUE && cutoff - CLEANUP_GRANULARITY_MS > minTsHi) {
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
        tsLo = java.util.Arrays.copyOf(tsLo, n);
        tsHi = java.util.Arrays.copyOf(tsHi, n);
        seqLo = java.util.Arrays.copyOf(seqLo, n);
        seqHi = java.util.Arrays.copyOf(seqHi, n);
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

  private static DeadLetter deadLetter(Reading r, RejectReason reason, String detail, long now) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ts", r.timestampMs());
    if (r.seq() >= 0) {
      n.put("seq", r.seq());
    }
    ObjectNode values = n.putObject("values");
    r.values().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> values.put(e.getKey(), e.getValue()));
    if (!Double.isNaN(r.batteryV())) {
      n.put("battery_v", r.batteryV());
    }
    if (!Double.isNaN(r.rssi())) {
      n.put("rssi", r.rssi());
    }
    String text = n.toString();
    // The reading as decoded (the raw bytes are not carried past the decoder); topic rebuilt from the subject.
    return new DeadLetter("vigil/" + r.subject() + "/data", reason.code(), detail, text,
        text.getBytes(StandardCharsets.UTF_8).length, now);
  }
}
