package org.vigil.jobs.crowd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.crowd.CrowdRules;
import org.vigil.alerts.crowd.CrowdState;
import org.vigil.alerts.crowd.Samples;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.jobs.rules.RulesInput;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;
import org.vigil.jobs.rules.LiveRulesFunction;
import org.vigil.jobs.rules.RulesetUpdate;

/**
 * The crowd rules of the ruleset in force ({@link CrowdRules}) over analysed frames, keyed by camera, hot-reloaded
 * with the other rules: the accepted rulesets arrive on the same broadcast as the sensor rule operators'
 * ({@link LiveRulesFunction#RULESET}); a version not newer than the one in force is ignored. The camera's series and
 * one {@link RuleState} per rule and subject are keyed state, so open alerts, clocks and history survive a restore
 * and a ruleset change: unchanged rules carry on, a changed rule keeps its open alert and judges the next frame under
 * its new definition, and a removed rule resolves its open alerts at once.
 *
 * <p>The camera's site is judged in its effective command mode (the sites' modes arrive on the same broadcast,
 * {@link RulesInput}): with the mode's levels where the ruleset's {@code modes:} section gives some, every transition
 * marked with the mode.
 *
 */
public final class CrowdRulesFunction
    extends KeyedBroadcastProcessFunction<String, AnalysedFrame, RulesInput, AlertEvent> {

  private static final String IN_FORCE = "in-force";

  private final RulesetUpdate initial;
  private transient MapState<String, RuleState> rules;
  private transient MapState<String, Samples> series;
  private transient MapStateDescriptor<String, RuleState> rulesDescriptor;
  private transient long cachedVersion;
  private transient CrowdRules cached;
  private transient Map<String, CrowdRules> inModes;
  private transient ModesInForce modes;

  /** @param initial the rules in force until a ruleset is published (version 0, from the rules file) */
  public CrowdRulesFunction(RulesetUpdate initial) {
    this.initial = initial;
  }

  @Override
  public void open(OpenContext openContext) {
    rulesDescriptor =
        new MapStateDescriptor<>("crowd-rule-states", Types.STRING, TypeInformation.of(RuleState.class));
    rules = getRuntimeContext().getMapState(rulesDescriptor);
    series = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("crowd-series", Types.STRING, TypeInformation.of(Samples.class)));
    cachedVersion = Long.MIN_VALUE;
    modes = new ModesInForce();
  }

  @Override
  public void processElement(AnalysedFrame f, ReadOnlyContext ctx, Collector<AlertEvent> out) throws Exception {
    SiteModes.Lookup siteModes = modes.lookup(ctx.getBroadcastState(ModesInForce.MODES));
    String site = f.snapshot().site();
    Mode mode = siteModes.mode(site);
    CrowdRules rules = crowdRules(inForce(ctx.getBroadcastState(LiveRulesFunction.RULESET)), mode,
        siteModes.tags(site));
    for (AlertEvent e : rules.evaluate(state(), f.snapshot())) {
      out.collect(e.withMode(mode.wireName()));
    }
  }

  @Override
  public void processBroadcastElement(RulesInput input, Context ctx, Collector<AlertEvent> out)
      throws Exception {
    if (input.modes() != null) {
      ModesInForce.takeIfNewer(ctx.getBroadcastState(ModesInForce.MODES), input.modes());
      return;
    }
    RulesetUpdate update = input.ruleset();
    BroadcastState<String, RulesetUpdate> state = ctx.getBroadcastState(LiveRulesFunction.RULESET);
    RulesetUpdate before = inForce(state);
    if (update.version() <= before.version()) {
      return;
    }
    state.put(IN_FORCE, update);
    Map<String, RuleEngine> removed = new HashMap<>();
    for (RuleDef r : crowd(before)) {
      removed.put(r.id(), new RuleEngine(r));
    }
    crowd(update).forEach(r -> removed.remove(r.id()));
    if (removed.isEmpty()) {
      return;
    }
    long at = ctx.currentProcessingTime();
    ctx.applyToKeyedState(rulesDescriptor, (camera, keyed) -> {
      List<String> keys = new ArrayList<>();
      keyed.keys().forEach(keys::add);
      for (String key : keys) {
        RuleEngine engine = removed.get(key.substring(0, key.indexOf('|')));
        if (engine != null) {
          RuleState s = keyed.get(key);
          engine.onRemoved(s, Math.max(at, s.lastSeenMs)).forEach(out::collect);
          keyed.remove(key);
        }
      }
    });
  }

  private RulesetUpdate inForce(ReadOnlyBroadcastState<String, RulesetUpdate> state) throws Exception {
    RulesetUpdate u = state.get(IN_FORCE);
    return u == null || u.version() < initial.version() ? initial : u;
  }

  /** The crowd rules of a ruleset version in a mode at a site with these tags, built once per version and both. */
  private CrowdRules crowdRules(RulesetUpdate u, Mode mode, List<String> tags) {
    if (cached == null || cachedVersion != u.version()) {
      cached = new CrowdRules(u.ruleSet());
      inModes = new HashMap<>();
      cachedVersion = u.version();
    }
    if (mode == Mode.DAILY) {
      return cached;
    }
    return inModes.computeIfAbsent(mode.wireName() + "|" + String.join(",", tags),
        k -> new CrowdRules(u.ruleSet(), mode, tags));
  }

  private static List<RuleDef> crowd(RulesetUpdate u) {
    return u.ruleSet().rules().stream().filter(RuleDef::crowd).toList();
  }

  private CrowdState state() {
    return new CrowdState() {
      @Override
      public RuleState rule(String key) {
        try {
          return rules.get(key);
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unreadable: " + key, e);
        }
      }

      @Override
      public void setRule(String key, RuleState s) {
        try {
          rules.put(key, s);
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unwritable: " + key, e);
        }
      }

      @Override
      public Samples series(String key) {
        try {
          Samples s = series.get(key);
          return s == null ? Samples.empty() : s;
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unreadable: " + key, e);
        }
      }

      @Override
      public void setSeries(String key, Samples samples) {
        try {
          series.put(key, samples);
        } catch (Exception e) {
          throw new IllegalStateException("crowd state unwritable: " + key, e);
        }
      }
    };
  }
}
