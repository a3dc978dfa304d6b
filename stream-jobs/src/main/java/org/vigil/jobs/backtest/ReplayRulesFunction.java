package org.vigil.jobs.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleEngine;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleState;
import org.vigil.core.AlertEvent;
import org.vigil.core.SensorMetrics;

/**
 * Runs one fixed ruleset over a site's metrics in device-time order (keyed by site; batch mode sorts each key's
 * records by timestamp), with the same {@link RuleEngine} calls as the live job's rule operator: one
 * {@link RuleState} per rule and subject ({@link RuleEngine#subjectOf}), {@link RuleEngine#onMetrics} for each reading
 * the rule applies to, and {@link RuleEngine#onTime} for the time-driven transitions (pending, keep-firing, deadman,
 * compound windows).
 *
 * <p><b>Time.</b> In the live job those run on event-time timers; batch mode fires timers only when a key ends, too
 * late to come before the next reading. So the replay clock is the readings themselves: before a reading at
 * {@code t} is judged, every state of the site is advanced through each due time {@code n = nextTimeMs(s) < t} in
 * turn ({@code onTime(s, n)}), i.e. as if every timer had fired exactly when due; at the end of the key, the same up
 * to {@code endMs} (the end of the backtest period). Transitions carry the device time at which they became due, so
 * ids and times match the live job's where its timers fire before the next reading arrives.
 */
final class ReplayRulesFunction extends KeyedProcessFunction<String, SensorMetrics, BacktestAlert> {

  private static final int MAX_STEPS = 10_000;

  private final String run;
  private final RuleSet rules;
  private final long endMs;
  private final BacktestMode mode;
  private transient Map<String, RuleEngine> engines;
  private transient Map<String, Map<String, RuleEngine>> bySite;
  private transient MapState<String, RuleState> states;
  private transient ValueState<Long> lastSeen;
  private transient ValueState<Boolean> endTimer;

  /**
   * @param run the name of the ruleset in the output ({@link BacktestAlert#NEW} or {@link BacktestAlert#AGAINST})
   * @param rules the ruleset, as read and checked once
   * @param endMs end of the backtest period: time-driven transitions due before it are still made
   */
  ReplayRulesFunction(String run, RuleSet rules, long endMs) {
    this(run, rules, endMs, null);
  }

  /** @param mode the command mode the rules are judged in, or null (daily) */
  ReplayRulesFunction(String run, RuleSet rules, long endMs, BacktestMode mode) {
    this.run = run;
    this.rules = rules;
    this.endMs = endMs;
    this.mode = mode;
  }

  /** The engines at the key's site: daily, or those of the backtest's mode ({@link BacktestMode#engines}). */
  private Map<String, RuleEngine> enginesAt(String site) {
    return mode == null ? engines : bySite.computeIfAbsent(site, s -> mode.engines(rules, engines, s));
  }

  private String modeAt(String site) {
    return (mode == null ? org.vigil.alerts.rules.Mode.DAILY : mode.modeOf(site)).wireName();
  }

  @Override
  public void open(OpenContext openContext) {
    engines = new LinkedHashMap<>();
    for (RuleDef r : rules.rules()) {
      engines.put(r.id(), new RuleEngine(r));
    }
    bySite = new java.util.HashMap<>();
    states = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("replay-rule-states", Types.STRING, TypeInformation.of(RuleState.class)));
    lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("replay-last-seen", Types.LONG));
    endTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("replay-end-timer", Types.BOOLEAN));
  }

  @Override
  public void processElement(SensorMetrics m, Context ctx, Collector<BacktestAlert> out) throws Exception {
    long t = m.timestampMs();
    Long before = lastSeen.value();
    if (before != null && t < before) {
      BacktestProgress.INSTANCE.outOfOrder.incrementAndGet();
    }
    lastSeen.update(before == null ? t : Math.max(before, t));
    advance(ctx.getCurrentKey(), t, out);
    for (RuleEngine engine : enginesAt(ctx.getCurrentKey()).values()) {
      if (!engine.applies(m)) {
        continue;
      }
      String key = engine.rule().id() + "\u0000" + engine.subjectOf(m);
      RuleState s = states.get(key);
      if (s == null) {
        s = engine.newState(m);
      }
      emit(engine.onMetrics(s, m), modeAt(ctx.getCurrentKey()), out);
      states.put(key, s);
    }
    BacktestProgress.INSTANCE.metricsJudged.incrementAndGet();
    if (endTimer.value() == null) {
      // Fires when the key's input is done (batch mode): the time-driven transitions after the last reading.
      ctx.timerService().registerEventTimeTimer(endMs);
      endTimer.update(Boolean.TRUE);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacktestAlert> out) throws Exception {
    advance(ctx.getCurrentKey(), endMs, out);
  }

  /** Makes every time-driven transition due before {@code t}, in the order of each state's due times. */
  private void advance(String site, long t, Collector<BacktestAlert> out) throws Exception {
    List<String> keys = new ArrayList<>();
    states.keys().forEach(keys::add);
    Map<String, RuleEngine> at = enginesAt(site);
    String inMode = modeAt(site);
    for (String key : keys) {
      RuleEngine engine = at.get(key.substring(0, key.indexOf('\u0000')));
      RuleState s = states.get(key);
      boolean changed = false;
      long previous = Long.MIN_VALUE;
      for (int step = 0; step < MAX_STEPS; step++) {
        long n = engine.nextTimeMs(s);
        if (n >= t || n <= previous) {
          break;
        }
        emit(engine.onTime(s, n), inMode, out);
        previous = n;
        changed = true;
      }
      if (changed) {
        states.put(key, s);
      }
    }
  }

  private void emit(List<AlertEvent> events, String inMode, Collector<BacktestAlert> out) {
    for (AlertEvent e : events) {
      out.collect(new BacktestAlert(run, e.withMode(inMode)));
    }
  }
}
