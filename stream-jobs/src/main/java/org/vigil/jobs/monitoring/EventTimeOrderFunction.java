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
 * Hands each sensor's readings to the analytics in device-time order as far as that is possible without holding the
 * usual, in-order reading back (keyed by sensor).
 *
 * <ul>
 *   <li>A reading not older than the newest one already released for its sensor (the usual case: a sensor reports
 *       in order and one reading at a time) goes on at once: the analytics see nothing out of order, and alerts are
 *       not delayed.
 *   <li>A reading older than that (parallel MQTT readers or a replay interleaved the sensor's readings) is already
 *       out of order for the analytics, which correct their sums for it. Such readings wait, as before this change,
 *       until the watermark passes them or {@code maxWaitMs} of processing time is over, and then leave oldest first,
 *       so that a burst of them (a replay after a crash) reaches the analytics in device-time order among themselves.
 *   <li>A reading the watermark has already passed goes on at once (it is late; the analytics correct their sums).
 * </ul>
 *
 * <p>The trade-off (issue 10): before, every reading waited for the watermark or {@code maxWaitMs} (2 s), which
 * ordered each sensor's readings strictly but added that wait to every alert. Now only out-of-order readings wait.
 * Metrics: {@code readingsHeld} (out-of-order readings that waited), {@code releasedByTimeout},
 * {@code readingsBehindWatermark}.
 */
public final class EventTimeOrderFunction extends KeyedProcessFunction<String, Reading, Reading> {

  private final long maxWaitMs;
  private transient ValueState<Long> newestReleased;
  private transient MapState<Long, List<Reading>> waiting;
  private transient MapState<Long, Long> deadlines; // timestamp -> processing time by which it must be released
  private transient Counter held;
  private transient Counter releasedByTimeout;
  private transient Counter behindWatermark;

  public EventTimeOrderFunction(long maxWaitMs) {
    if (maxWaitMs <= 0) {
      throw new IllegalArgumentException("maxWaitMs must be positive, got " + maxWaitMs);
    }
    this.maxWaitMs = maxWaitMs;
  }

  @Override
  public void open(OpenContext openContext) {
    newestReleased = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-released", Types.LONG));
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
    Long newest = newestReleased.value();
    if (newest == null || ts >= newest) {
      newestReleased.update(ts);
      out.collect(r);
      return;
    }
    if (ts <= ctx.timerService().currentWatermark()) {
      behindWatermark.inc();
      out.collect(r);
      return;
    }
    List<Reading> same = waiting.get(ts);
    List<Reading> list = same == null ? new ArrayList<>(1) : new ArrayList<>(same);
    list.add(r);
    waiting.put(ts, list);
    held.inc();
    if (same == null) {
      ctx.timerService().registerEventTimeTimer(ts);
      // Rounded up to 100 ms so that a sensor's out-of-order readings share their timeout timers.
      long deadline = ((ctx.timerService().currentProcessingTime() + maxWaitMs) / 100 + 1) * 100;
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
    due.forEach(out::collect);
    return due.size();
  }
}
