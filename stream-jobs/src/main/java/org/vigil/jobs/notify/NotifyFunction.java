package org.vigil.jobs.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.alerts.notify.AlertTrack;
import org.vigil.alerts.notify.NoiseControl;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SiteNotifyState;

/**
 * Noise control keyed by site: alert transitions and acks in (keyed input), silences as broadcast state,
 * {@link Notification}s out; ack decisions (the {@code acknowledged} transition, or the refusal) on
 * {@link #ACK_DECISIONS}. Group windows, flap settling and silence ends are event-time timers, so what is sent
 * depends on device time only, except for the wall-clock bound on groups ({@link NotifyOptions#groupWallWait()}, a
 * processing-time timer per open group). The site's {@link SiteNotifyState} is one keyed value, cleared when empty.
 *
 * <p>Only {@link #processBroadcastElement} writes silences: a silence replaces one with the same id; a {@link
 * Silence#deletion} removes it; an invalid one is refused (logged, counted in {@code silencesRejected}); one that
 * ended a day before the watermark is dropped.
 *
 * <p>A silence lifted early (republished with an earlier end, or deleted) cannot set timers from the broadcast side:
 * a site with held transitions therefore also re-checks them every {@link #RECHECK_MS} of event time, so what a
 * lifted silence held is sent at most that much device time after the lift.
 */
public final class NotifyFunction extends KeyedBroadcastProcessFunction<String, NotifyInput, Silence, Notification> {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyFunction.class);
  private static final long SILENCE_KEEP_MS = 24 * 3600_000L;
  /** Event-time period at which a site with held transitions re-checks its silences. */
  static final long RECHECK_MS = 60_000L;

  /** Silences by id; the descriptor of the broadcast side. */
  public static final MapStateDescriptor<String, Silence> SILENCES =
      new MapStateDescriptor<>("notify-silences", Types.STRING, TypeInformation.of(Silence.class));

  /** The decision on every ack: accepted ones carry the acknowledged transition to store and publish. */
  public static final OutputTag<AckDecision> ACK_DECISIONS =
      new OutputTag<>("ack-decisions", TypeInformation.of(AckDecision.class));

  private final NoiseControl control;
  private transient ValueState<SiteNotifyState> state;
  private transient Counter silencesRejected;
  private transient Counter acksRefused;

  public NotifyFunction(NotifyOptions options) {
    this.control = new NoiseControl(options);
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(
        new ValueStateDescriptor<>("notify-site", TypeInformation.of(SiteNotifyState.class)));
    silencesRejected = getRuntimeContext().getMetricGroup().counter("silencesRejected");
    acksRefused = getRuntimeContext().getMetricGroup().counter("acksRefused");
  }

  @Override
  public void processElement(NotifyInput in, ReadOnlyContext ctx, Collector<Notification> out) throws Exception {
    SiteNotifyState s = current();
    List<Silence> silences = silences(ctx.getBroadcastState(SILENCES));
    if (in.alert() != null) {
      control.onEvent(s, in.alert(), silences, out::collect);
    } else {
      AckDecision d = control.onAck(s, in.ack(), silences, out::collect);
      if (!d.isAccepted()) {
        acksRefused.inc();
        LOG.info("ack of {} by {} refused: {}", in.ack().alertId(), in.ack().by(), d.reason());
      }
      ctx.output(ACK_DECISIONS, d);
    }
    store(s, ctx.timerService());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    SiteNotifyState s = state.value();
    if (s == null) {
      return;
    }
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (s.groupWallDeadlineMs != AlertTrack.UNSET && timestamp >= s.groupWallDeadlineMs) {
        control.flushNow(s, out::collect);
        store(s, ctx.timerService());
      }
      return;
    }
    control.onTime(s, timestamp, silences(ctx.getBroadcastState(SILENCES)), out::collect);
    store(s, ctx.timerService());
  }

  @Override
  public void processBroadcastElement(Silence silence, Context ctx, Collector<Notification> out) throws Exception {
    if (silence.isDeletion()) {
      ctx.getBroadcastState(SILENCES).remove(silence.id());
      LOG.info("silence {} deleted", silence.id());
      return;
    }
    List<String> problems = silence.problems();
    if (!problems.isEmpty()) {
      silencesRejected.inc();
      LOG.warn("silence {} refused: {}", silence.id(), String.join("; ", problems));
      return;
    }
    BroadcastState<String, Silence> silences = ctx.getBroadcastState(SILENCES);
    silences.put(silence.id(), silence);
    long watermark = ctx.currentWatermark();
    List<String> ended = new ArrayList<>();
    for (Map.Entry<String, Silence> e : silences.entries()) {
      if (e.getValue().endsAtMs() + SILENCE_KEEP_MS < watermark) {
        ended.add(e.getKey());
      }
    }
    for (String id : ended) {
      silences.remove(id);
    }
    LOG.info("silence {} by {} in force from {} to {}", silence.id(), silence.createdBy(), silence.startsAtMs(),
        silence.endsAtMs());
  }

  private SiteNotifyState current() throws Exception {
    SiteNotifyState s = state.value();
    return s == null ? new SiteNotifyState() : s;
  }

  private void store(SiteNotifyState s, TimerService timers) throws Exception {
    long wallWait = control.options().groupWallWait().toMillis();
    if (s.groupMembers.isEmpty()) {
      s.groupWallDeadlineMs = AlertTrack.UNSET;
    } else if (wallWait > 0 && s.groupWallDeadlineMs == AlertTrack.UNSET) {
      s.groupWallDeadlineMs = timers.currentProcessingTime() + wallWait;
      timers.registerProcessingTimeTimer(s.groupWallDeadlineMs);
    }
    if (s.isEmpty()) {
      state.clear();
      return;
    }
    state.update(s);
    long due = control.nextDueMs(s);
    if (due != AlertTrack.UNSET) {
      timers.registerEventTimeTimer(due);
    }
    if (s.tracks.values().stream().anyMatch(t -> t.held)) {
      // From event time, or the newest device time seen before the first watermark; aligned, so that a site's
      // re-checks coalesce into one timer per period.
      long base = timers.currentWatermark();
      for (AlertTrack t : s.tracks.values()) {
        base = Math.max(base, t.lastChangeMs);
      }
      // Not at the end of time (a bounded input has finished): there is nothing after it, and the next minute
      // would overflow into the past and fire again at once, forever.
      if (base > Long.MIN_VALUE && base < Long.MAX_VALUE - 2 * RECHECK_MS) {
        timers.registerEventTimeTimer((base / RECHECK_MS + 1) * RECHECK_MS);
      }
    }
  }

  private static List<Silence> silences(ReadOnlyBroadcastState<String, Silence> state) throws Exception {
    List<Silence> out = new ArrayList<>();
    for (Map.Entry<String, Silence> e : state.immutableEntries()) {
      out.add(e.getValue());
    }
    return out;
  }
}
