package org.vigil.jobs.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.Reading;

/**
 * Hands each sensor's readings to the analytics in device-time order (keyed by sensor) without holding the usual,
 * live reading back.
 *
 * <ul>
 *   <li><b>Live</b>: a reading that is not older than the newest one already released for the sensor and finds none
 *       of the sensor's readings waiting goes on at once (issue 10: alerts are not delayed) when it arrives at least
 *       {@code burstGapMs} of processing time after the sensor's previous one, or when it is fresh: its device time
 *       within {@code freshMs} of the job's clock. Two parallel MQTT readers reorder only messages that arrive close
 *       together, so a sensor reporting live in order stays in order. The fresh rule keeps a live sensor live when a
 *       busy job drains its queue and hands over a sensor's readings closer together than the gap (issue 10's
 *       latency phase: readings sent 1 s apart arrived milliseconds apart and waited seconds for the watermark).
 *   <li><b>Burst</b> (a backfill, a replay after a crash, a reconnect's redelivery: a sensor's readings arriving less
 *       than {@code burstGapMs} apart, whose order the parallel readers may have changed) and everything arriving
 *       while some wait: the reading waits until the watermark passes its timestamp (every older reading of the
 *       sensor has been seen by then, as the watermark is the minimum over all readers) or {@code maxWaitMs} of
 *       processing time is over, and then leaves with everything older that waits, oldest first.
 *   <li>A reading the watermark has already passed goes on at once (it is late; the analytics correct their sums, and
 *       a displacement sensor drops a reading not newer than its last).
 * </ul>
 *
 * <p>The trade-off (issue 10): before, every reading waited for the watermark or {@code maxWaitMs} (2 s), which
 * ordered each sensor's readings strictly but added that wait to every alert. Now only bursts wait. A live reading
 * that is older than one already released (clocks or networks that reorder readings more than {@code burstGapMs}
 * apart) waits too and reaches the analytics out of order.
 * Metrics: {@code readingsHeld} (out-of-order readings that waited), {@code releasedByTimeout},
 * {@code readingsBehindWatermark}.
 */
public final class EventTimeOrderFunction extends KeyedProcessFunction<String, Reading, Reading> {

  private final long maxWaitMs;
  private final long burstGapMs;
  private final long freshMs;
  private transient ValueState<Progress> progress;
  private transient MapState<Long, List<Reading>> waiting;
  private transient MapState<Long, Long> deadlines; // timestamp -> processing time by which it must be released
  private transient Counter held;
  private transient Counter releasedByTimeout;
  private transient Counter behindWatermark;

  /** A sensor's progress: the newest released timestamp, when its last reading arrived, how many wait. A POJO. */
  public static final class Progress {
    public long newestReleased = Long.MIN_VALUE;
    public long lastArrivalMs = Long.MIN_VALUE;
    public int waiting;

    public Progress() {}
  }

  public EventTimeOrderFunction(long maxWaitMs, long burstGapMs) {
    this(maxWaitMs, burstGapMs, 0);
  }

  /**
   * @param maxWaitMs longest a held reading waits for the watermark (processing time)
   * @param burstGapMs readings of a sensor arriving closer together than this are a burst and wait
   * @param freshMs a reading whose device time is within this of the job's clock is live however close to its
   *     predecessor it arrives (0: off)
   */
  public EventTimeOrderFunction(long maxWaitMs, long burstGapMs, long freshMs) {
    if (freshMs < 0) {
      throw new IllegalArgumentException("freshMs must be >= 0, got " + freshMs);
    }
    this.freshMs = freshMs;
    if (maxWaitMs <= 0) {
      throw new IllegalArgumentException("maxWaitMs must be positive, got " + maxWaitMs);
    }
    if (burstGapMs < 0) {
      throw new IllegalArgumentException("burstGapMs must be >= 0, got " + burstGapMs);
    }
    this.maxWaitMs = maxWaitMs;
    this.burstGapMs = burstGapMs;
  }

  @Override
  public void open(OpenContext openContext) {
    progress = getRuntimeContext().getState(new ValueStateDescriptor<>("order-progress", Progress.class));
    waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>(
        "waiting-readings", Types.LONG, Types.LIST(TypeInformation.of(Reading.class))));
    deadlines = getRuntimeContext().getMapState(new MapStateDescriptor<>("release-deadlines", Types.LONG, Types.LONG));
    held = getRuntimeContext().getMetricGroup().counter("readingsHeld");
    releasedByTimeout = getRuntimeContext().getMetricGroup().counter("releasedByTimeout");
    behindWatermark = getRuntimeContext().getMetricGroup().counter("readingsBehindWatermark");
  }

  @Override
  public void processElement(Reading r, Context ctx, Collector<Reading> out) throws Exception {
    long ts = r.timestampMs();
    long now = ctx.timerService().currentProcessingTime();
    Progress p = progress.value();
    if (p == null) {
      p = new Progress();
    }
    long previousArrival = p.lastArrivalMs;
    p.lastArrivalMs = now;
    boolean live = p.waiting == 0 && ts >= p.newestReleased
        && (previousArrival == Long.MIN_VALUE || now - previousArrival >= burstGapMs || Math.abs(now - ts) <= freshMs);
    if (live || ts <= ctx.timerService().currentWatermark()) {
      if (!live) {
        behindWatermark.inc();
      }
      p.newestReleased = Math.max(p.newestReleased, ts);
      progress.update(p);
      out.collect(r);
      return;
    }
    p.waiting++;
    progress.update(p);
    List<Reading> same = waiting.get(ts);
    List<Reading> list = same == null ? new ArrayList<>(1) : new ArrayList<>(same);
    list.add(r);
    waiting.put(ts, list);
    held.inc();
    if (same == null) {
      ctx.timerService().registerEventTimeTimer(ts);
      // Rounded up to 100 ms so that a busy sensor shares its timeout timers.
      long deadline = ((now + maxWaitMs) / 100 + 1) * 100;
      deadlines.put(ts, deadline);
      ctx.timerService().registerProcessingTimeTimer(deadline);
    }
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<Reading> out) throws Exception {
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      release(time, out);
      return;
    }
    // The watermark did not come in time (a quiet stream): release the readings whose wait is over, and every older
    // one with them, oldest first, so that none overtakes an older waiting reading.
    List<Long> all = new ArrayList<>();
    long upTo = Long.MIN_VALUE;
    for (var e : deadlines.entries()) {
      all.add(e.getKey());
      if (e.getValue() <= time) {
        upTo = Math.max(upTo, e.getKey());
      }
    }
    all.sort(null);
    for (Long ts : all) {
      if (ts > upTo) {
        break;
      }
      releasedByTimeout.inc(release(ts, out));
      ctx.timerService().deleteEventTimeTimer(ts);
    }
  }

  private int release(long ts, Collector<Reading> out) throws Exception {
    List<Reading> due = waiting.get(ts);
    if (due == null) {
      return 0;
    }
    waiting.remove(ts);
    deadlines.remove(ts);
    Progress p = progress.value();
    if (p != null) {
      p.waiting = Math.max(0, p.waiting - due.size());
      p.newestReleased = Math.max(p.newestReleased, ts);
      progress.update(p);
    }
    due.forEach(out::collect);
    return due.size();
  }
}
