package org.vigil.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;
import org.vigil.jobs.monitoring.TestRules;

/** The hot-reloaded rule operator in Flink's broadcast harness: rule changes, removal, state across a restore. */
class LiveRulesFunctionTest {

  private static final long MIN = 60_000L;
  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static final RulesetUpdate V0 = new RulesetUpdate(0, "test", "", TestRules.RAIN_1H_ONLY, "", "test");

  /** rain-1h with blue, yellow and orange raised (blue from 10 to 25 mm), and a new rain-24h rule. */
  private static final RulesetUpdate V1 = new RulesetUpdate(1, "eng", "raise blue", TestRules.RAIN_1H_ONLY
      .replace("blue:   {raise: 10, clear: 6}", "blue:   {raise: 25, clear: 20}")
      .replace("yellow: {raise: 20, clear: 15}", "yellow: {raise: 30, clear: 26}")
      .replace("orange: {raise: 30, clear: 24}", "orange: {raise: 35, clear: 31}")
      + """
        - id: rain-24h
          scope: {kinds: [rain]}
          metric: rain_24h
          condition: {type: threshold}
          levels: {yellow: {raise: 50, clear: 40}}
      """, "", "test");

  /** No rules at all. */
  private static final RulesetUpdate V2 = new RulesetUpdate(2, "eng", "remove everything", "rules: []\n", "", "t");

  private static SensorMetrics rain(long ts, double mm1h) {
    return new SensorMetrics("hill-a", SensorKind.RAIN, "rg-1", ts, Map.of("rain_mm", 1.0), Map.of("rain_1h", mm1h,
        "rain_24h", mm1h));
  }

  private static KeyedBroadcastOperatorTestHarness<String, SensorMetrics, RulesInput, AlertEvent> harness()
      throws Exception {
    KeyedBroadcastOperatorTestHarness<String, SensorMetrics, RulesInput, AlertEvent> h =
        new KeyedBroadcastOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(new LiveRulesFunction(LiveRulesFunction.Scope.SENSOR, V0),
                java.util.List.of(LiveRulesFunction.RULESET, org.vigil.jobs.rules.ModesInForce.MODES)),
            SensorMetrics::subject, Types.STRING, 1, 1, 0);
    return h;
  }

  @Test
  void theStartRulesApplyUntilARulesetIsPublishedThenTheNewThresholds() throws Exception {
    var h = harness();
    h.open();
    h.processElement(rain(T0, 12), T0); // 12 >= 10: blue under the start rules
    h.processBroadcastElement(RulesInput.of(V1), T0);
    h.processElement(rain(T0 + MIN, 12), T0 + MIN); // under v1 blue clears below 20: 12 resolves it
    h.processElement(rain(T0 + 2 * MIN, 22), T0 + 2 * MIN); // 22 < 25: nothing under v1 (it was blue under v0)
    h.processElement(rain(T0 + 3 * MIN, 60), T0 + 3 * MIN); // 60 >= 50: the new rain-24h rule opens yellow

    assertThat(h.extractOutputValues()).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::level)
        .containsExactly(
            tuple("rain-1h", AlertState.OPENED, Level.BLUE),
            tuple("rain-1h", AlertState.RESOLVED, Level.NONE),
            tuple("rain-1h", AlertState.OPENED, Level.RED), // 60 >= 50
            tuple("rain-24h", AlertState.OPENED, Level.YELLOW));
    h.close();
  }

  @Test
  void anOlderOrRepeatedVersionChangesNothing() throws Exception {
    var h = harness();
    h.open();
    h.processBroadcastElement(RulesInput.of(V1), T0);
    // the same version: ignored
    h.processBroadcastElement(RulesInput.of(new RulesetUpdate(1, "x", "", "rules: []\n", "", "t")), T0);
    h.processBroadcastElement(RulesInput.of(V0), T0); // older: ignored
    h.processElement(rain(T0, 22), T0); // v1: 22 < 25, nothing; v0 would have opened yellow
    h.processElement(rain(T0 + MIN, 55), T0 + MIN);
    assertThat(h.extractOutputValues()).extracting(AlertEvent::rule, AlertEvent::level)
        .containsExactly(tuple("rain-1h", Level.RED), tuple("rain-24h", Level.YELLOW));
    h.close();
  }

  @Test
  void openAlertsSurviveARestoreAndARemovedRuleResolvesThem() throws Exception {
    var h = harness();
    h.open();
    h.processElement(rain(T0, 12), T0); // blue
    h.processElement(rain(T0 + MIN, 22), T0 + MIN); // yellow
    OperatorSubtaskState snapshot = h.snapshot(1, 0);
    String id = h.extractOutputValues().get(0).id();
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.processElement(rain(T0 + 2 * MIN, 22), T0 + 2 * MIN); // still yellow: nothing new
    restored.processBroadcastElement(RulesInput.of(V2), T0 + 3 * MIN);
    // rain-1h removed: its open alert resolves now
    assertThat(restored.extractOutputValues()).extracting(AlertEvent::state, AlertEvent::id, AlertEvent::previousLevel)
        .containsExactly(tuple(AlertState.RESOLVED, id, Level.YELLOW));
    assertThat(restored.extractOutputValues().get(0).message()).contains("removed");
    restored.close();
  }
}
