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
import org.vigil.alerts.notify.AlertPathWarmUp;
import org.vigil.alerts.notify.AlertTrack;
import org.vigil.alerts.notify.NoiseControl;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SiteNotifyState;
import org.vigil.alerts.notify.Referrals;
import org.vigil.alerts.rules.EscalationPolicy;
import org.vigil.alerts.rules.Mode;
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.core.AlertEvent;
import org.vigil.jobs.registry.RegistryCache;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.registry.Registry;

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
 *
 * <p>Escalation when nobody answers ({@link Referrals}): with an escalation policy in force (the ruleset's {@code
 * escalation:} section, broadcast as {@link EscalationUpdate}; the start-up ruleset's until one arrives), an open
 * alert left unacknowledged for its level's period is referred up the region tree of the registry in force
 * (broadcast as {@link RegistryUpdate}). Referrals run on processing-time timers (kept in checkpoints with the
 * site's state, so a pending one still comes after a restore); they are sent like other transitions and emitted on
 * {@link #REFERRALS} for the history and the live feed. A site with a pending referral also wakes every {@link
 * #REFERRAL_RECHECK_MS} of wall time (as does one with an unacknowledged alert while no policy is in force), because
 * a ruleset that adds or shortens a period cannot set the keyed timers from the broadcast side: it applies within
 * that time of the change. Without a policy nothing is referred.
 *
 * <p>Command modes: the escalation times are those of the site's effective mode ({@link EscalationUpdate#in}; the
 * sites' modes broadcast as {@link SiteModes}); a switch applies to waiting alerts at their site's next re-check.
 */
public final class NotifyFunction
    extends KeyedBroadcastProcessFunction<String, NotifyInput, NotifyControl, Notification> {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyFunction.class);
  private static final long SILENCE_KEEP_MS = 24 * 3600_000L;
  /** Event-time period at which a site with held transitions re-checks its silences. */
  static final long RECHECK_MS = 60_000L;
  /** Wall-clock period at which a site with a pending referral looks at the policy in force again. */
  static final long REFERRAL_RECHECK_MS = 30_000L;
  /** The key of the policy and the registry in force in their broadcast states. */
  static final String IN_FORCE = "in-force";

  /** Silences by id; the descriptor of the broadcast side. */
  public static final MapStateDescriptor<String, Silence> SILENCES =
      new MapStateDescriptor<>("notify-silences", Types.STRING, TypeInformation.of(Silence.class));

  /** The escalation policy in force (key {@link #IN_FORCE}); the descriptor of the broadcast side. */
  public static final MapStateDescriptor<String, EscalationUpdate> ESCALATION =
      new MapStateDescriptor<>("notify-escalation", Types.STRING, TypeInformation.of(EscalationUpdate.class));

  /** The registry in force (key {@link RegistryGateFunction#IN_FORCE}); the descriptor of the broadcast side. */
  public static final MapStateDescriptor<String, RegistryUpdate> REGISTRY = RegistryGateFunction.REGISTRY;

  /** Referrals of alerts nobody acknowledged in time: to be stored and published like the rules' transitions. */
  public static final OutputTag<AlertEvent> REFERRALS = new OutputTag<>("referrals", TypeInformation.of(AlertEvent.class));

  /** The decision on every ack: accepted ones carry the acknowledged transition to store and publish. */
  public static final OutputTag<AckDecision> ACK_DECISIONS =
      new OutputTag<>("ack-decisions", TypeInformation.of(AckDecision.class));

  private final NoiseControl control;
  private final EscalationUpdate initialEscalation;
  private final RegistryUpdate initialRegistry;
  private transient RegistryCache registries;
  private transient ValueState<SiteNotifyState> state;
  private transient Counter silencesRejected;
  private transient Counter acksRefused;
  private transient Counter referralsMade;
  private transient ModesInForce modes;

  /** Noise control without escalation until a ruleset with an {@code escalation:} section arrives. */
  public NotifyFunction(NotifyOptions options) {
    this(options, null, null);
  }

  /**
   * @param initialEscalation the start-up ruleset's escalation policy, or null (none)
   * @param initialRegistry the start-up registry, or null (referrals without regions until one arrives)
   */
  public NotifyFunction(NotifyOptions options, EscalationUpdate initialEscalation, RegistryUpdate initialRegistry) {
    this.control = new NoiseControl(options);
    this.initialEscalation = initialEscalation;
    this.initialRegistry = initialRegistry;
  }

  @Override
  public void open(OpenContext openContext) {
    state = getRuntimeContext().getState(
        new ValueStateDescriptor<>("notify-site", TypeInformation.of(SiteNotifyState.class)));
    silencesRejected = getRuntimeContext().getMetricGroup().counter("silencesRejected");
    acksRefused = getRuntimeContext().getMetricGroup().counter("acksRefused");
    referralsMade = getRuntimeContext().getMetricGroup().counter("referrals");
    registries = new RegistryCache();
    modes = new ModesInForce();
    // The alert path's code loads now, once per process, not at the first alert after a start (AlertPathWarmUp).
    AlertPathWarmUp.run();
  }

  @Override
  public void processElement(NotifyInput in, ReadOnlyContext ctx, Collector<Notification> out) throws Exception {
    SiteNotifyState s = current();
    List<Silence> silences = silences(ctx.getBroadcastState(SILENCES));
    if (in.alert() != null) {
      control.onEvent(s, in.alert(), silences, out::collect, ctx.timerService().currentProcessingTime());
    } else {
      AckDecision d = control.onAck(s, in.ack(), silences, out::collect);
      if (!d.isAccepted()) {
        acksRefused.inc();
        LOG.info("ack of {} by {} refused: {}", in.ack().alertId(), in.ack().by(), d.reason());
      }
      ctx.output(ACK_DECISIONS, d);
    }
    store(s, ctx.timerService(), policy(ctx.getBroadcastState(ESCALATION), mode(ctx)));
  }

  /** The effective command mode of this key's site. */
  private Mode mode(ReadOnlyContext ctx) throws Exception {
    return modes.lookup(ctx.getBroadcastState(ModesInForce.MODES)).mode(ctx.getCurrentKey());
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    SiteNotifyState s = state.value();
    if (s == null) {
      return;
    }
    EscalationPolicy policy = policy(ctx.getBroadcastState(ESCALATION), mode(ctx));
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      if (s.groupWallDeadlineMs != AlertTrack.UNSET && timestamp >= s.groupWallDeadlineMs) {
        control.flushNow(s, out::collect);
      }
      if (!policy.isEmpty()) {
        long now = Math.max(timestamp, ctx.timerService().currentProcessingTime());
        Registry registry = registry(ctx.getBroadcastState(REGISTRY));
        control.refer(s, policy, registry, now, silences(ctx.getBroadcastState(SILENCES)), out::collect, e -> {
          referralsMade.inc();
          LOG.info("referral {}{} of {} at {}: {}", e.referral().step(), e.referral().reminder() ? " (reminder)" : "",
              e.id(), e.site(), e.message());
          ctx.output(REFERRALS, e);
        });
      }
      store(s, ctx.timerService(), policy);
      return;
    }
    control.onTime(s, timestamp, silences(ctx.getBroadcastState(SILENCES)), out::collect);
    store(s, ctx.timerService(), policy);
  }

  @Override
  public void processBroadcastElement(NotifyControl c, Context ctx, Collector<Notification> out) throws Exception {
    if (c.modes() != null) {
      ModesInForce.takeIfNewer(ctx.getBroadcastState(ModesInForce.MODES), c.modes());
      return;
    }
    if (c.escalation() != null) {
      BroadcastState<String, EscalationUpdate> st = ctx.getBroadcastState(ESCALATION);
      EscalationUpdate now = inForce(st);
      if (now == null || c.escalation().version() >= now.version()) {
        st.put(IN_FORCE, c.escalation());
        if (now == null || !now.policy().equals(c.escalation().policy())) {
          LOG.info("escalation policy of ruleset v{} in force: {}", c.escalation().version(), c.escalation().policy());
        }
      }
      return;
    }
    if (c.registry() != null) {
      RegistryGateFunction.takeIfNewer(ctx.getBroadcastState(REGISTRY), initialRegistry, c.registry());
      return;
    }
    Silence silence = c.silence();
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

  private EscalationUpdate inForce(ReadOnlyBroadcastState<String, EscalationUpdate> st) throws Exception {
    EscalationUpdate u = st.get(IN_FORCE);
    return u == null || (initialEscalation != null && u.version() < initialEscalation.version()) ? initialEscalation
        : u;
  }

  /**
   * The escalation policy in force in a mode: the newest ruleset's, else the start-up one's; none without either.
   */
  private EscalationPolicy policy(ReadOnlyBroadcastState<String, EscalationUpdate> st, Mode mode) throws Exception {
    EscalationUpdate u = inForce(st);
    return u == null ? EscalationPolicy.NONE : u.in(mode);
  }

  private Registry registry(ReadOnlyBroadcastState<String, RegistryUpdate> st) throws Exception {
    RegistryUpdate u = RegistryGateFunction.inForce(st, initialRegistry);
    if (u == null) {
      return null;
    }
    try {
      return registries.of(u);
    } catch (RuntimeException e) { // checked on arrival; never fail noise control over it
      LOG.warn("registry v{} unreadable here, referrals without regions: {}", u.version(), e.toString());
      return null;
    }
  }

  private void store(SiteNotifyState s, TimerService timers, EscalationPolicy policy) throws Exception {
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
    if (s.tracks.values().stream().anyMatch(t -> t.referralBaseMs != AlertTrack.UNSET)) {
      // An alert waits for its acknowledgement: wake at its referral, or at the next re-check of the policy (one
      // that arrives later, or shortens a period, cannot set this key's timers from the broadcast side).
      long now = timers.currentProcessingTime();
      long recheck = (now / REFERRAL_RECHECK_MS + 1) * REFERRAL_RECHECK_MS;
      long referral = control.nextReferralMs(s, policy);
      timers.registerProcessingTimeTimer(referral == AlertTrack.UNSET ? recheck
          : Math.max(now, Math.min(referral, recheck)));
    }
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
