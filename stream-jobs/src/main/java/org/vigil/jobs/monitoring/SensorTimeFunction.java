package org.vigil.jobs.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.decode.RejectReason;

/**
 * Each sensor's own event time, keyed by sensor ({@link Reading#subject()}): puts its readings in device-time order and
 * drops copies, judged against the sensor's own progress only, never against a job-wide watermark. So one gateway's
 * backfill, a site uploading a month of commissioning data or a clock running hours behind changes nothing for other
 * sensors, and is itself analysed reading by reading in device-time order at any rate.
 *
 * <p>What reorders a sensor's readings is the path, not the device: two parallel MQTT readers share one subscription
 * and each takes some of a sensor's messages, and one can run behind the other (a reader paused at its unacknowledged
 * cap until a checkpoint completes, a busy subtask). That skew is a span of wall-clock time, whatever device time the
 * readings carry (an hour of a backfill crosses it in milliseconds). So the hold is measured in arrival time:
 *
 * <ul>
 *   <li><b>Next in sequence</b>: a reading whose sequence number follows the newest one passed on ({@code seq + 1})
 *       goes on at once, whenever it arrives: nothing of the sensor can come between them. Held readings that
 *       continue the sequence follow it (the gap a reading on the slower reader left is filled). A reading that skips
 *       numbers of a sensor that numbers its readings one by one is held: its predecessor may still be on the other
 *       reader (a busy job's readers can cross a live sensor's readings seconds apart). Numbers with gaps of their own
 *       (a gateway numbering all its messages) are not taken for a sequence.
 *   <li><b>Live</b>: otherwise (no sequence numbers, or not comparable), a reading not older than the newest one
 *       passed on, with none of the sensor's readings held, goes on at once when it is fresh (device time within {@code freshMs} of the job's clock, however close to its
 *       predecessor a busy job hands it over), or when it arrives at least {@code burstGapMs} after the sensor's
 *       previous one (readers reorder only messages that arrive close together) and fresh by the sensor's own clock:
 *       its lag (arrival minus device time) at most {@code freshMs} more than its predecessor's, as for a live sensor
 *       whose clock runs hours behind. Alerts are not delayed. The first reading of a gateway's resend after an outage
 *       lags by the outage and waits: the rest of its history may be a reader behind.
 *   <li><b>Held</b> (a backfill, a replay after a crash, a redelivery: readings arriving close together, and every
 *       reading that arrives while some are held): kept for {@code holdMs} of processing time after its arrival, then
 *       passed on together with every held reading of the sensor that is older, oldest first. A reading that the other
 *       reader delivers up to {@code holdMs} later than its successor still goes first. One processing-time timer per
 *       sensor, for the oldest arrival held.
 *   <li><b>Out of order</b>: a reading older than one already passed on (it arrived more than the hold after a newer
 *       one, or a device sent its history newest first) goes on at once and is counted ({@code readingsOutOfOrder});
 *       the analytics correct their figures with it (rain) or, where they cannot, store it flagged and dead-letter it
 *       with the reason ({@link HazardAnalyticsFunction}). Nothing is left out silently.
 *   <li><b>Duplicate</b>: the same device time and sequence number as a reading passed on within the sensor's last
 *       {@code duplicateHorizonMs} of device time ({@link SeenRuns}): dead-lettered with reason {@code duplicate},
 *       counted ({@code duplicateReadings}), not stored again. A copy of a reading older than the horizon goes on like
 *       any out-of-order reading (rain replaces the report of the same time; displacement and level readings not
 *       newer than the sensor's last are dead-lettered as {@code late}).
 * </ul>
 *
 * <p>Checked when a reading is passed on, in device-time order, so a numbered sensor's copies stay one run of
 * {@link SeenRuns} even in a reordered backfill. State per sensor: one {@link SensorTime} (the runs, the held
 * readings, the timer). Metrics: {@code readingsHeld}, {@code readingsOutOfOrder}, {@code duplicateReadings}.
 */
public final class SensorTimeFunction extends KeyedProcessFunction<String, Reading, Reading> {

  /** Dead letters of duplicates. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("sensor-time-dead-letters") {};

  /** Held readings are searched for a sequence's successor only while there are at most this many. */
  static final int CHAIN_SCAN_MAX = 64;

  /** Release timers are rounded up to this, so that a busy sensor's arrivals share one. */
  static final long TIMER_GRANULARITY_MS = 100;

  private final long holdMs;
  private final long burstGapMs;
  private final long freshMs;
  private final long duplicateHorizonMs;

  private transient ValueState<SensorTime> state;
  private transient Counter held;
  private transient Counter outOfOrder;
  private transient Counter duplicates;
  private transient DeadLetterCounters deadLetters;

  /**
   * A sensor's progress (a Flink POJO): the newest device time passed on, the arrival of its last reading, the
   * readings held (in arrival order, with their arrival times), the pending release timer and the copies to recognise.
   */
  public static final class SensorTime {
    public long newestReleased = Long.MIN_VALUE;
    public long lastArrivalMs = Long.MIN_VALUE;
    /** Arrival minus device time of the sensor's previous reading (its lag: network, queues, a clock behind). */
    public long lastLagMs;
    public long timerAt = Long.MIN_VALUE;
    /** Sequence number of the newest reading passed on (-1: it had none). */
    public long lastSeq = -1;
    /** Whether that reading's number followed its predecessor's: the sensor numbers its readings one by one. */
    public boolean inSequence;
    public Reading[] held = new Reading[0];
    public long[] arrivals = new long[0];
    public int heldCount;
    public SeenRuns seen = new SeenRuns();

    public SensorTime() {}

    void hold(Reading r, long arrival) {
      if (heldCount == held.length) {
        int n = Math.max(4, heldCount * 2);
        held = Arrays.copyOf(held, n);
        arrivals = Arrays.copyOf(arrivals, n);
      }
      held[heldCount] = r;
      arrivals[heldCount] = arrival;
      heldCount++;
    }
  }

  /**
   * @param holdMs how long (processing time) a held reading waits for older readings still on their way through
   *     another reader: at least the readers' longest skew (a checkpoint interval and its duration, when a reader
   *     pauses at its unacknowledged cap)
   * @param burstGapMs readings of a sensor arriving closer together than this are held
   * @param freshMs a reading whose device time is within this of the job's clock is live however close to its
   *     predecessor it arrives (0: off)
   * @param duplicateHorizonMs how far behind the sensor's newest device time copies are recognised
   */
  public SensorTimeFunction(long holdMs, long burstGapMs, long freshMs, long duplicateHorizonMs) {
    if (holdMs <= 0) {
      throw new IllegalArgumentException("holdMs must be positive, got " + holdMs);
    }
    if (burstGapMs < 0 || freshMs < 0 || duplicateHorizonMs < 0) {
      throw new IllegalArgumentException("burstGapMs, freshMs and duplicateHorizonMs must be >= 0, got "
          + burstGapMs + ", " + freshMs + ", " + duplicateHorizonMs);
    }
    this.holdMs = holdMs;
    this.burstGapMs = burstGapMs;
    this.freshMs = freshMs;
    this.duplicateHorizonMs = duplicateHorizonMs;
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("sensor-time", SensorTime.class));
    held = getRuntimeContext().getMetricGroup().counter("readingsHeld");
    outOfOrder = getRuntimeContext().getMetricGroup().counter("readingsOutOfOrder");
    duplicates = getRuntimeContext().getMetricGroup().counter("duplicateReadings");
    deadLetters = new DeadLetterCounters(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
    long ts = r.timestampMs();
    long now = ctx.timerService().currentProcessingTime();
    SensorTime s = state.value();
    if (s == null) {
      s = new SensorTime();
    }
    long previousArrival = s.lastArrivalMs;
    long previousLag = s.lastLagMs;
    s.lastArrivalMs = now;
    s.lastLagMs = now - ts;
    boolean numbered = r.seq() >= 0 && s.lastSeq >= 0;
    if (ts < s.newestReleased) {
      // Older than one passed on: holding it cannot put it in order any more, and every held reading is newer.
      outOfOrder.inc();
      pass(s, r, ctx, out, now);
    } else if (numbered && r.seq() == s.lastSeq + 1 && s.heldCount <= CHAIN_SCAN_MAX && noneHeldBefore(s, ts)) {
      // The successor of the newest passed on: nothing of the sensor can come between them.
      pass(s, r, ctx, out, now);
      passSuccessors(s, ctx, out, now);
    } else if (s.heldCount == 0 && !(numbered && s.inSequence && r.seq() > s.lastSeq + 1)
        && (Math.abs(now - ts) <= freshMs
        || (previousArrival != Long.MIN_VALUE && now - previousArrival >= burstGapMs
            && now - ts - previousLag <= freshMs))) {
      pass(s, r, ctx, out, now);
    } else {
      s.hold(r, now);
      held.inc();
      if (s.timerAt == Long.MIN_VALUE) {
        s.timerAt = releaseTime(now);
        ctx.timerService().registerProcessingTimeTimer(s.timerAt);
      }
    }
    state.update(s);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<Reading> out) throws Exception {
    SensorTime s = state.value();
    if (s == null || time != s.timerAt) {
      return; // not this sensor's current timer (e.g. one restored from an older version of the job)
    }
    s.timerAt = Long.MIN_VALUE;
    // The readings whose hold is over are a prefix in arrival order; they go with every older held reading.
    int due = 0;
    long upTo = Long.MIN_VALUE;
    while (due < s.heldCount && s.arrivals[due] + holdMs <= time) {
      upTo = Math.max(upTo, s.held[due].timestampMs());
      due++;
    }
    List<Reading> going = new ArrayList<>();
    int kept = 0;
    for (int i = 0; i < s.heldCount; i++) {
      Reading r = s.held[i];
      if (r.timestampMs() <= upTo) {
        going.add(r);
      } else {
        s.held[kept] = r;
        s.arrivals[kept] = s.arrivals[i];
        kept++;
      }
    }
    Arrays.fill(s.held, kept, s.heldCount, null);
    s.heldCount = kept;
    going.sort(Comparator.comparingLong(Reading::timestampMs)); // stable: arrival order within one device time
    for (Reading r : going) {
      pass(s, r, ctx, out, time);
    }
    if (kept > 0) {
      s.timerAt = releaseTime(s.arrivals[0]);
      ctx.timerService().registerProcessingTimeTimer(s.timerAt);
    } else if (s.held.length > 64) {
      s.held = new Reading[0]; // a backfill's buffer is not kept for good
      s.arrivals = new long[0];
    }
    state.update(s);
  }

  /** Whether no held reading is older than {@code ts} (so one at {@code ts} may go first). */
  private static boolean noneHeldBefore(SensorTime s, long ts) {
    for (int i = 0; i < s.heldCount; i++) {
      if (s.held[i].timestampMs() < ts) {
        return false;
      }
    }
    return true;
  }

  /**
   * Passes on the held readings that continue the newest one's sequence numbers, as long as they do (the gap a
   * reading on the other reader left is filled); a few held readings only, as when a live sensor's readings cross.
   */
  private void passSuccessors(SensorTime s, Context ctx, Collector<Reading> out, long now) {
    while (s.heldCount > 0 && s.heldCount <= CHAIN_SCAN_MAX && s.lastSeq >= 0) {
      int next = -1;
      for (int i = 0; i < s.heldCount; i++) {
        Reading h = s.held[i];
        if (h.seq() == s.lastSeq + 1 && h.timestampMs() >= s.newestReleased) {
          next = i;
          break;
        }
      }
      if (next < 0 || !noneHeldBefore(s, s.held[next].timestampMs())) {
        return;
      }
      Reading r = s.held[next];
      System.arraycopy(s.held, next + 1, s.held, next, s.heldCount - next - 1);
      System.arraycopy(s.arrivals, next + 1, s.arrivals, next, s.heldCount - next - 1);
      s.heldCount--;
      s.held[s.heldCount] = null;
      pass(s, r, ctx, out, now);
    }
    if (s.heldCount == 0 && s.timerAt != Long.MIN_VALUE) {
      ctx.timerService().deleteProcessingTimeTimer(s.timerAt);
      s.timerAt = Long.MIN_VALUE;
    }
  }

  /** The release time of a reading arriving at {@code arrival}: its hold, rounded up. */
  private long releaseTime(long arrival) {
    return ((arrival + holdMs) / TIMER_GRANULARITY_MS + 1) * TIMER_GRANULARITY_MS;
  }

  /** Passes a reading on unless it is a copy of one passed on within the horizon. */
  private void pass(SensorTime s, Reading r, Context ctx, Collector<Reading> out, long now) {
    long ts = r.timestampMs();
    if (s.seen.contains(ts, r.seq())) {
      duplicates.inc();
      deadLetters.inc(RejectReason.DUPLICATE);
      ctx.output(DEAD_LETTERS, ReadingDeadLetters.of(r, RejectReason.DUPLICATE,
          "a reading of " + r.subject() + " at " + Instant.ofEpochMilli(ts) + (r.seq() >= 0 ? " with seq " + r.seq() : "")
              + " was already accepted; this copy is not stored again", now));
      return;
    }
    s.seen.add(ts, r.seq());
    if (ts >= s.newestReleased) {
      s.newestReleased = ts;
      s.inSequence = r.seq() >= 0 && s.lastSeq >= 0 && r.seq() == s.lastSeq + 1;
      s.lastSeq = r.seq();
    }
    s.seen.dropBefore(s.newestReleased - duplicateHorizonMs);
    out.collect(r);
  }
}
