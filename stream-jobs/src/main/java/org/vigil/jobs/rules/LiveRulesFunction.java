package org.vigil.jobs.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.rules.Condition;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleSetLoader;
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
 * {@link RuleEngine}); removed rules resolve their open alerts at once. Time-driven transitions (pending, keep
 * firing, deadman) run on event-time timers.
 */
public final class LiveRulesFunction
    extends KeyedBroadcastProcessFunction<String, SensorMetrics, RulesetUpdate, AlertEvent> {

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

  private static final String IN_FORCE = "in-force";

  private final Scope scope;
  private final RulesetUpdate initial;

  private transient MapState<String, RuleState> states;
  private transient MapStateDescriptor<String, RuleState> statesDescriptor;
  private transient long cachedVersion;
  private transient Map<String, RuleEngine> engines;

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
    statesDescriptor = new MapStateDescriptor<>("rule-states", Types.STRING, TypeInformation.of(RuleState.class));
    states = getRuntimeContext().getMapState(statesDescriptor);
    cachedVersion = Long.MIN_VALUE;
  }

  @Override
  public void processElement(SensorMetrics m, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    Map<String, RuleEngine> in = engines(inForce(ctx.getBroadcastState(RULESET)));
    long next = Long.MAX_VALUE;
    for (RuleEngine engine : in.values()) {
      if (!engine.applies(m)) {
        continue;
      }
      String id = engine.rule().id();
      RuleState s = states.get(id);
      if (s == null) {
        s = engine.newState(m);
      }
      engine.onMetrics(s, m).forEach(out::collect);
      states.put(id, s);
      next = Math.min(next, engine.nextTimeMs(s));
    }
    if (next != Long.MAX_VALUE) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    Map<String, RuleEngine> in = engines(inForce(ctx.getBroadcastState(RULESET)));
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, RuleEngine> e : in.entrySet()) {
      RuleState s = states.get(e.getKey());
      if (s == null) {
        continue;
      }
      e.getValue().onTime(s, timestamp).forEach(out::collect);
      states.put(e.getKey(), s);
      next = Math.min(next, e.getValue().nextTimeMs(s));
    }
    if (next != Long.MAX_VALUE && next > timestamp) {
      ctx.timerService().registerEventTimeTimer(next);
    }
  }

  @Override
  public void processBroadcastElement(RulesetUpdate update, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    BroadcastState<String, RulesetUpdate> state = ctx.getBroadcastState(RULESET);
    RulesetUpdate before = inForce(state);
    if (update.version() <= before.version()) {
      return;
    }
    Map<String, RuleEngine> old = parse(before);
    state.put(IN_FORCE, update);
    Map<String, RuleEngine> now = engines(update);
    Set<String> removed = new HashSet<>(old.keySet());
    removed.removeAll(now.keySet());
    if (removed.isEmpty()) {
      return;
    }
    // A removed rule resolves its open alerts on every key now, rather than waiting for a reading that no rule sees.
    long at = ctx.currentWatermark() == Long.MIN_VALUE ? ctx.currentProcessingTime() : ctx.currentWatermark();
    ctx.applyToKeyedState(statesDescriptor, (key, keyed) -> {
      for (String id : removed) {
        RuleState s = keyed.get(id);
        if (s != null) {
          old.get(id).onRemoved(s, Math.max(at, s.lastSeenMs)).forEach(out::collect);
          keyed.remove(id);
        }
      }
    });
  }

  private RulesetUpdate inForce(ReadOnlyBroadcastState<String, RulesetUpdate> state) throws Exception {
    RulesetUpdate u = state.get(IN_FORCE);
    return u == null || u.version() < initial.version() ? initial : u;
  }

  /** The engines of this instance's rules for a ruleset version, parsed once per version. */
  private Map<String, RuleEngine> engines(RulesetUpdate u) {
    if (engines == null || cachedVersion != u.version()) {
      engines = parse(u);
      cachedVersion = u.version();
    }
    return engines;
  }

  private Map<String, RuleEngine> parse(RulesetUpdate u) {
    Map<String, RuleEngine> out = new LinkedHashMap<>();
    List<RuleDef> rules = new ArrayList<>(RuleSetLoader.parse(u.yaml(), "ruleset v" + u.version()).rules());
    for (RuleDef r : rules) {
      boolean site = r.perSite() || r.condition() instanceof Condition.Compound;
      if (site == (scope == Scope.SITE)) {
        out.put(r.id(), new RuleEngine(r));
      }
    }
    return out;
  }
}
