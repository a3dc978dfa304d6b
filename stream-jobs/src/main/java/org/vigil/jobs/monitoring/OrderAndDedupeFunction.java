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
 * <p>State: per sensor, the timestamps and sequence numbers of accepted readings whose time is still inside the
 * horizon ({@link Seen}: two sorted primitive arrays, 16 bytes an entry; issue 10: a map of {@code "ts/seq"} strings
 * cost about 100 bytes an entry and a hash lookup per reading). Entries the watermark has left behind are dropped as
 * new readings arrive and by an event-time timer per minute of the horizon's end, so the state holds about
 * {@code (maxOutOfOrderness + allowedLateness) / reportInterval} entries per sensor.
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
    seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen-ts-seq", Seen.class));
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
    seen.update(s);
    ctx.timerService().registerEventTimeTimer(cleanupTime(ts));
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
    s.dropBefore(ctx.timerService().currentWatermark() - allowedLatenessMs);
    if (s.isEmpty()) {
      seen.clear();
    } else {
      seen.update(s);
    }
  }

  /**
   * The {@code (ts, seq)} of a sensor's accepted readings inside the horizon, ascending by ts (equal ts in arrival
   * order), in {@code [head, size)} of two parallel arrays. A Flink POJO (public fields, no-arg constructor).
   */
  public static final class Seen {
    public long[] ts = new long[8];
    public long[] seq = new long[8];
    public int head;
    public int size;

    public Seen() {}

    boolean isEmpty() {
      return head == size;
    }

    /** Drops the entries with {@code ts < cutoff} (they are late now, so never compared again). */
    void dropBefore(long cutoff) {
      while (head < size && ts[head] < cutoff) {
        head++;
      }
      if (head == size) {
        head = 0;
        size = 0;
      }
    }

    boolean contains(long t, long q) {
      int i = lowerBound(t);
      for (; i < size && ts[i] == t; i++) {
        if (seq[i] == q) {
          return true;
        }
      }
      return false;
    }

    void add(long t, long q) {
      if (size == ts.length) {
        int n = size - head;
        if (head > 0 && n <= ts.length / 2) { // compact instead of growing
          System.arraycopy(ts, head, ts, 0, n);
          System.arraycopy(seq, head, seq, 0, n);
        } else {
          long[] nt = new long[Math.max(8, n * 2)];
          long[] nq = new long[nt.length];
          System.arraycopy(ts, head, nt, 0, n);
          System.arraycopy(seq, head, nq, 0, n);
          ts = nt;
          seq = nq;
        }
        head = 0;
        size = n;
      }
      int at = size;
      while (at > head && ts[at - 1] > t) { // in order: no step; out of order: usually a few
        at--;
      }
      if (at < size) {
        at = upperBound(t);
        System.arraycopy(ts, at, ts, at + 1, size - at);
        System.arraycopy(seq, at, seq, at + 1, size - at);
      }
      ts[at] = t;
      seq[at] = q;
      size++;
    }

    /** First index in [head, size) with ts >= t. */
    private int lowerBound(long t) {
      int lo = head;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ts[mid] < t) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** First index in [head, size) with ts > t. */
    private int upperBound(long t) {
      int lo = head;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (ts[mid] <= t) {
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
