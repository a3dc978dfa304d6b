package org.vigil.jobs.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.alerts.rules.HealthRules;
import org.vigil.core.AlertEvent;
import org.vigil.core.HealthAlerts;
import org.vigil.registry.DeviceHealth;
import org.vigil.registry.HealthJudge;
import org.vigil.registry.HealthRuleState;

/**
 * Judges the device health the job computes (per device, site and region, every health interval) by the ruleset's
 * {@code health:} rules ({@link HealthJudge}), keyed by {@link #key} ({@code scope/id}); the rules in force come from
 * the same broadcast as the other rule operators' ({@link LiveRulesFunction#RULESET}: hot reload). Per key and rule a
 * {@link HealthRuleState} in a map state holds the level in force and the pending hold, so open health alerts and
 * their holds survive restarts.
 *
 * <p>Health alerts are closed without a figure to judge in three cases: a rule removed from the ruleset resolves its
 * alerts on every key at once; a rule whose scope changed resolves them at the key's next figure; a key that got no
 * figure for {@link #goneAfterMs} (its device, site or region left the registry) resolves all of its alerts then.
 */
public final class HealthRulesFunction
    extends KeyedBroadcastProcessFunction<String, DeviceHealth, RulesInput, AlertEvent> {

  private final RulesetUpdate initial;
  private final long goneAfterMs;
  private transient MapStateDescriptor<String, HealthRuleState> statesDescriptor;
  private transient MapState<String, HealthRuleState> states;
  private transient ValueState<Long> goneTimer;
  private transient HealthRules cached;
  private transient long cachedVersion;

  /**
   * @param initial the rules in force until a ruleset is published (version 0, from the rules file)
   * @param goneAfterMs a key without a figure this long (wall clock) has its open alerts resolved
   */
  public HealthRulesFunction(RulesetUpdate initial, long goneAfterMs) {
    this.initial = initial;
    this.goneAfterMs = goneAfterMs;
  }

  /** The key of a health figure: {@code scope/id} (ids are unique within a scope). */
  public static String key(DeviceHealth h) {
    return h.scope() + "/" + h.id();
  }

  @Override
  public void open(OpenContext openContext) {
    statesDescriptor = new MapStateDescriptor<>("health-rule-states", Types.STRING,
        TypeInformation.of(HealthRuleState.class));
    states = getRuntimeContext().getMapState(statesDescriptor);
    goneTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("health-gone-timer", Long.class));
    cachedVersion = Long.MIN_VALUE;
  }

  @Override
  public void processElement(DeviceHealth h, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    HealthRules rules = rules(ctx.getBroadcastState(LiveRulesFunction.RULESET));
    boolean open = false;
    for (HealthRule rule : rules.rules()) {
      if (!HealthJudge.applies(rule, h)) {
        continue;
      }
      HealthRuleState s = states.get(rule.name());
      if (s == null) {
        s = new HealthRuleState();
      }
      HealthJudge.judge(rule, s, h).ifPresent(out::collect);
      states.put(rule.name(), s);
      open |= s.isOpen();
    }
    // State of rules that no longer judge this key (removed while this operator was not running, or now judging
    // another scope): close what is open.
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, HealthRuleState> e : states.entries()) {
      HealthRule rule = rules.rule(e.getKey()).orElse(null);
      if (rule == null || !HealthJudge.applies(rule, h)) {
        stale.add(e.getKey());
      }
    }
    for (String name : stale) {
      HealthRule rule = rules.rule(name).orElse(null);
      HealthJudge.resolve(HealthAlerts.rule(name), states.get(name), h.atMs(),
              rule == null ? "health rule " + name + " was removed from the ruleset"
                  : "health rule " + name + " now judges every " + rule.scope().wireName())
          .ifPresent(out::collect);
      states.remove(name);
    }
    long now = ctx.timerService().currentProcessingTime();
    if (open) {
      long at = now + goneAfterMs;
      goneTimer.update(at);
      ctx.timerService().registerProcessingTimeTimer(at);
    } else if (goneTimer.value() != null) {
      ctx.timerService().deleteProcessingTimeTimer(goneTimer.value());
      goneTimer.clear();
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertEvent> out) throws Exception {
    Long at = goneTimer.value();
    if (at == null || at != timestamp) {
      return; // superseded by a newer figure
    }
    goneTimer.clear();
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, HealthRuleState> e : states.entries()) {
      names.add(e.getKey());
    }
    for (String name : names) {
      HealthRuleState s = states.get(name);
      HealthJudge.resolve(HealthAlerts.rule(name), s, timestamp,
          "no health figures for " + ctx.getCurrentKey() + " any more (left the registry)").ifPresent(out::collect);
      states.remove(name);
    }
  }

  @Override
  public void processBroadcastElement(RulesInput input, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (input.ruleset() == null) {
      return; // the sites' command modes: health rules are judged alike in every mode
    }
    RulesetUpdate update = input.ruleset();
    BroadcastState<String, RulesetUpdate> state = ctx.getBroadcastState(LiveRulesFunction.RULESET);
    RulesetUpdate before = inForce(state);
    if (update.version() <= before.version()) {
      return;
    }
    HealthRules old = before.ruleSet().health();
    state.put(LiveRulesFunction.IN_FORCE, update);
    HealthRules now = rules(state);
    Set<String> removed = new HashSet<>();
    old.rules().forEach(r -> removed.add(r.name()));
    now.rules().forEach(r -> removed.remove(r.name()));
    if (removed.isEmpty()) {
      return;
    }
    long at = ctx.currentProcessingTime();
    ctx.applyToKeyedState(statesDescriptor, (key, keyed) -> {
      for (String name : removed) {
        HealthRuleState s = keyed.get(name);
        if (s != null) {
          HealthJudge.resolve(HealthAlerts.rule(name), s, at, "health rule " + name + " was removed from the ruleset")
              .ifPresent(out::collect);
          keyed.remove(name);
        }
      }
    });
  }

  private RulesetUpdate inForce(ReadOnlyBroadcastState<String, RulesetUpdate> state) throws Exception {
    RulesetUpdate u = state.get(LiveRulesFunction.IN_FORCE);
    return u == null || u.version() < initial.version() ? initial : u;
  }

  /** The health rules in force, read once per ruleset version. */
  private HealthRules rules(ReadOnlyBroadcastState<String, RulesetUpdate> state) throws Exception {
    RulesetUpdate u = inForce(state);
    if (cached == null || cachedVersion != u.version()) {
      cached = u.ruleSet().health();
      cachedVersion = u.version();
    }
    return cached;
  }
}
