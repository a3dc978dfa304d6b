package org.vigil.jobs.monitoring;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.core.Reading;

/**
 * Hands each sensor's readings to the analytics in device-time order, whatever order parallel MQTT readers delivered
 * them in (keyed by sensor). A reading waits until the watermark passes its timestamp; since the watermark is the
 * minimum over all readers, every reading of that sensor with an earlier timestamp has been seen by then. So rolling
 * sums and the alerts judged on them come out the same after a crash and replay as in a calm run.
 *
 * <p>Waiting is bounded: a reading held longer than {@code maxWaitMs} of processing time (the watermark stalls when
 * the stream goes quiet) is released anyway, with everything older that waits with it, in timestamp order. A reading
 * the watermark has already passed is released at once (it is late; the analytics correct their sums for it).
 * Metrics: {@code readingsHeld} (gauge-like counter of readings that waited), {@code releasedByTimeout},
 * {@code readingsBehindWatermark}.
 */
public final class EventTimeOrderFunction extends KeyedProcessFunction<String, Reading, Reading> {

  private final long maxWaitMs;
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
    ctx.timerService().registerEventTimeTimer(ts);
    if (same == null) {
      // Rounded up to 100 ms so that a busy sensor shares its timeout timers.
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
    // one with them, oldest first, so that none overtakes an older reading.
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
    waiting.remove(ts);
    deadlines.remove(ts);
    if (due == null) {
      return 0;
    }
    due.forEach(out::collect);
    return due.size();
  }
}
