package org.vigil.jobs.rules;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import java.util.HashMap;
import java.util.List;
import org.vigil.alerts.notify.AlertPathWarmUp;
import org.vigil.alerts.rules.Condition;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.ModeProfiles;
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;
import org.vigil.core.SensorMetrics;

/**
 * Runs the rules in force over the sensors' metrics, with the ruleset hot-reloaded through Flink's broadcast state:
 * keyed by subject (sensor rules) or by site (compound rules, {@link Scope#SITE}); per key, one {@link RuleState}
 * per rule id. Only {@link #processBroadcastElement} writes the rules ({@link #RULESET}, one entry: the version in
 * force); a version not newer than the one in force is ignored, so updates apply alike in any order.
 *
 * <p>On a change, rules whose definition is unchanged keep their state (open alerts, pending and keep-firing clocks);
 * changed rules keep their open alert and are judged under the new definition at the subject's next reading (see
 * {@link RuleEngine}); removed rules resolve their open alerts at once.
 *
 * <p><b>Time is the key's own.</b> Time-driven transitions (pending, keep firing, deadman, compound windows) follow the
 * key's device time, not a job-wide watermark, so a backfill or a slow clock is judged as it happened and never
 * mis-timed by other sensors' progress:
 *
 * <ul>
 *   <li>before a reading at {@code t} is judged, each of its states is advanced through every due time before
 *       {@code t} in turn, as the backtest does ({@code ReplayRulesFunction}): a backfill handed over in one burst opens
 *       and resolves exactly what it would have live;
 *   <li>while the key is silent its clock runs on at wall-clock speed from its newest reading ({@link KeyRules}: that
 *       reading's device time plus the wall-clock time since it arrived, or since this operator started, whichever is
 *       later, so a restored job does not count its own downtime as the sensors' silence while the broker replays
 *       their backlog); one processing-time timer per key fires when that clock reaches the next due time. A sensor
 *       whose clock runs hours behind gets its deadman after the configured silence, not at once.
 * </ul>
 *
 * <p><b>Command modes.</b> The sites' effective modes arrive on the same broadcast ({@link RulesInput}, kept under
 * {@link ModesInForce#MODES}); each reading is judged with its site's mode's levels ({@link ModeProfiles#ruleFor}),
 * keeping the rule's state across switches, and every transition carries the mode it was judged in.
 */
public final class LiveRulesFunction
    extends KeyedBroadcastProcessFunction<String, SensorMetrics, RulesInput, AlertEvent> {

  /** Which rules an instance runs and what its key is. */
  public enum Scope {
    /** Per-sensor rules, keyed by {@link SensorMetrics#subject()}. */
    SENSOR,
    /** Compound rules judged per site, keyed by {@link SensorMetrics#site()}. */
    SITE
  }

  /** The ruleset in force: one entry, key {@link #IN_FORCE}. Used on both sides of the broadcast. */
  public static final MapStateDescriptor<String, RulesetUpdate> RULESET =
      new MapStateDescriptor<>("ruleset", Types.STRING, TypeInformation.of(RulesetUpdate.class));

  static final String IN_FORCE = "in-force";

  /** At most this many due times are stepped through per state and call. */
  private static final int MAX_STEPS = 10_000;

  private final Scope scope;
  private final RulesetUpdate initial;

  private transient ValueState<KeyRules> keyRules;
  private transient long openedAtMs;
  private transient ValueStateDescriptor<KeyRules> keyRulesDescriptor;
  private transient long cachedVersion;
  private transient Map<String, RuleEngine> engines;
  private transient ModeProfiles profiles;
  private transient Map<String, RuleEngine> variants;
  private transient Map<Mode, Set<String>> overriddenIn;
  private transient ModesInForce modes;

  /**
   * @param scope which rules this instance runs
   * @param initial the rules in force until a ruleset is published (version 0, from the rules file)
   */
  public LiveRulesFunction(Scope scope, RulesetUpdate initial) {
    this.scope = scope;
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    keyRulesDescriptor = new ValueStateDescriptor<>("key-rules", KeyRules.class);
    keyRules = getRuntimeContext().getState(keyRulesDescriptor);
    cachedVersion = Long.MIN_VALUE;
    modes = new ModesInForce();
    openedAtMs = Long.MIN_VALUE; // set from the timer service's clock at the first call
    // The alert path's code loads now, once per process, not at the first alert after a start (AlertPathWarmUp).
    AlertPathWarmUp.run();
  }

  /**
   * A key's rules (a Flink POJO): the state of each rule that judged it, by rule id, and the key's clock: the newest
   * device time judged, the wall-clock time it arrived, and the pending processing-time timer ({@link Long#MIN_VALUE}
   * when none). One value per key, so a reading costs one lookup in the state table to read it and one to write it,
   * however many rules judge it (one per rule and call before, in a map state beside a clock).
   */
  public static final class KeyRules {
    public Map<String, RuleState> states = new HashMap<>();
    public long deviceMs = Long.MIN_VALUE;
    public long arrivalMs = Long.MIN_VALUE;
    public long timerAt = Long.MIN_VALUE;

    public KeyRules() {}
  }

  /** Notes when this operator (re)started, on the timer service's clock; returns {@code now}. */
  private long started(long now) {
    if (openedAtMs == Long.MIN_VALUE) {
      openedAtMs = now;
    }
    return now;
  }

  /** The wall-clock time from which the key's silence is counted. */
  private long base(KeyRules c) {
    return Math.max(c.arrivalMs, openedAtMs);
  }

  /** Makes every transition of {@code s} due before {@code t} (or at it, when {@code inclusive}), in turn. */
  private static boolean advance(RuleEngine engine, RuleState s, long t, boolean inclusive, Collector<AlertEvent> out) {
    boolean changed = false;
    long previous = Long.MIN_VALUE;
    for (int step = 0; step < MAX_STEPS; step++) {
      long n = engine.nextTimeMs(s);
      if (n == Long.MAX_VALUE || n > t || (n == t && !inclusive) || n <= previous) {
        break;
      }
      engine.onTime(s, n).forEach(out::collect);
      previous = n;
      changed = true;
    }
    return changed;
  }

  /** Registers the key's timer for device time {@code next} unless an earlier one is pending. */
  private void schedule(KeyRules c, long next, TimerServiceLike timers, long now) {
    if (next == Long.MAX_VALUE) {
      return;
    }
    long due = next <= c.deviceMs ? now : base(c) + (next - c.deviceMs);
    due = Math.max(due, now);
    if (c.timerAt == Long.MIN_VALUE || due < c.timerAt) {
      c.timerAt = due;
      timers.register(due);
    }
  }

  /** The part of Flink's timer service this operator uses (both contexts have one). */
  private interface TimerServiceLike {
    void register(long processingTimeMs);
  }

  @Override
  public void processElement(SensorMetrics m, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    Map<String, RuleEngine> in = engines(inForce(ctx.getBroadcastState(RULESET)));
    SiteModes.Lookup siteModes = modes.lookup(ctx.getBroadcastState(ModesInForce.MODES));
    Mode mode = siteModes.mode(m.site());
    Collector<AlertEvent> judged = inMode(out, mode);
    long t = m.timestampMs();
    long now = started(ctx.timerService().currentProcessingTime());
    long next = Long.MAX_VALUE;
    KeyRules c = keyRules.value();
    if (c == null) {
      c = new KeyRules();
    }
    for (RuleEngine base : in.values()) {
      if (!base.applies(m)) {
        continue;
      }
      RuleEngine engine = variant(base, mode, siteModes.tags(m.site()));
      String id = engine.rule().id();
      RuleState s = c.states.get(id);
      if (s == null) {
        s = engine.newState(m);
        c.states.put(id, s);
      }
      advance(engine, s, t, false, judged); // the key's own time reached t: what fell due before it happened first
      engine.onMetrics(s, m).forEach(judged::collect);
      next = Math.min(next, engine.nextTimeMs(s));
    }
    if (t >= c.deviceMs) {
      c.deviceMs = t;
      c.arrivalMs = now;
    }
    schedule(c, next, ctx.timerService()::registerProcessingTimeTimer, now);
    keyRules.update(c);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    KeyRules c = keyRules.value();
    long now = started(ctx.timerService().currentProcessingTime());
    if (ctx.timeDomain() != TimeDomain.PROCESSING_TIME || c == null || timestamp != c.timerAt) {
      return; // superseded by an earlier one (this operator sets processing-time timers only)
    }
    c.timerAt = Long.MIN_VALUE;
    long clockNow = c.deviceMs + Math.max(0, timestamp - base(c));
    Map<String, RuleEngine> in = engines(inForce(ctx.getBroadcastState(RULESET)));
    SiteModes.Lookup siteModes = modes.lookup(ctx.getBroadcastState(ModesInForce.MODES));
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, RuleEngine> e : in.entrySet()) {
      RuleState s = c.states.get(e.getKey());
      if (s == null) {
        continue;
      }
      Mode mode = siteModes.mode(s.site);
      RuleEngine engine = variant(e.getValue(), mode, siteModes.tags(s.site));
      advance(engine, s, clockNow, true, inMode(out, mode));
      long n = engine.nextTimeMs(s);
      if (n > clockNow) { // (one that would not move on is left to the key's next reading, never looped on)
        next = Math.min(next, n);
      }
    }
    schedule(c, next, ctx.timerService()::registerProcessingTimeTimer, now);
    keyRules.update(c);
  }

  @Override
  public void processBroadcastElement(RulesInput input, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (input.modes() != null) {
      // Taken at each key's next reading (or clock tick): a switch applies within one reading interval.
      ModesInForce.takeIfNewer(ctx.getBroadcastState(ModesInForce.MODES), input.modes());
      return;
    }
    RulesetUpdate update = input.ruleset();
    BroadcastState<String, RulesetUpdate> state = ctx.getBroadcastState(RULESET);
    RulesetUpdate before = inForce(state);
    if (update.version() <= before.version()) {
      return;
    }
    Map<String, RuleEngine> old = build(before);
    state.put(IN_FORCE, update);
    Map<String, RuleEngine> now = engines(update);
    Set<String> removed = new HashSet<>(old.keySet());
    removed.removeAll(now.keySet());
    if (removed.isEmpty()) {
      return;
    }
    // A removed rule resolves its open alerts on every key now, rather than waiting for a reading that no rule sees.
    long at = ctx.currentWatermark() == Long.MIN_VALUE ? ctx.currentProcessingTime() : ctx.currentWatermark();
    ctx.applyToKeyedState(keyRulesDescriptor, (key, keyed) -> {
      KeyRules k = keyed.value();
      boolean changed = false;
      for (String id : removed) {
        RuleState s = k == null ? null : k.states.remove(id);
        if (s != null) {
          old.get(id).onRemoved(s, Math.max(at, s.lastSeenMs)).forEach(out::collect);
          changed = true;
        }
      }
      if (changed) {
        keyed.update(k);
      }
    });
  }

  private RulesetUpdate inForce(ReadOnlyBroadcastState<String, RulesetUpdate> state) throws Exception {
    RulesetUpdate u = state.get(IN_FORCE);
    return u == null || u.version() < initial.version() ? initial : u;
  }

  /** The engines of this instance's rules for a ruleset version, built once per version. */
  private Map<String, RuleEngine> engines(RulesetUpdate u) {
    if (engines == null || cachedVersion != u.version()) {
      engines = build(u);
      profiles = u.ruleSet().modes();
      variants = new HashMap<>();
      overriddenIn = new EnumMap<>(Mode.class);
      cachedVersion = u.version();
    }
    return engines;
  }

  /**
   * The engine of a rule in a mode at a site with these tags: the rule's own, or (built once per ruleset version,
   * rule and mode) one that judges with the mode's levels and keeps the rule's state.
   */
  private RuleEngine variant(RuleEngine base, Mode mode, List<String> tags) {
    // Most readings are judged in a mode without a profile (or one that leaves the rule alone): answered from a
    // per-version set rather than by searching the profiles for every rule of every reading.
    Set<String> overridden = overriddenIn.computeIfAbsent(mode, this::overriddenRules);
    if (!overridden.contains(base.rule().id())) {
      return base;
    }
    ModeProfiles.RuleOverride o = profiles.override(base.rule().id(), mode, tags);
    if (o == null) {
      return base;
    }
    return variants.computeIfAbsent(base.rule().id() + "|" + mode.wireName(),
        k -> RuleEngine.forMode(base.rule(), profiles.ruleFor(base.rule(), mode, tags)));
  }

  /** The ids of the rules that the ruleset's profile of {@code mode} gives other levels (at some sites). */
  private Set<String> overriddenRules(Mode mode) {
    ModeProfiles.Profile p = profiles.profile(mode);
    Set<String> ids = new HashSet<>();
    if (p != null) {
      p.rules().forEach(o -> ids.add(o.rule()));
    }
    return ids;
  }

  /** {@code out}, each transition marked with the mode it was judged in. */
  static Collector<AlertEvent> inMode(Collector<AlertEvent> out, Mode mode) {
    String name = mode.wireName();
    return new Collector<>() {
      @Override
      public void collect(AlertEvent e) {
        out.collect(e.withMode(name));
      }

      @Override
      public void close() {}
    };
  }

  private Map<String, RuleEngine> build(RulesetUpdate u) {
    Map<String, RuleEngine> out = new LinkedHashMap<>();
    for (RuleDef r : u.ruleSet().rules()) {
      if (r.crowd()) {
        continue; // judged on camera frames by the crowd pipeline (CrowdRulesFunction)
      }
      boolean site = r.perSite() || r.condition() instanceof Condition.Compound;
      if (site == (scope == Scope.SITE)) {
        out.put(r.id(), new RuleEngine(r));
      }
    }
    return out;
  }
}
