package org.vigil.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.registry.DeviceHealth;

/**
 * The health judge in Flink's harness: a hold pending across a snapshot and restore, an open alert cleared after a
 * restore under its id, a rule removed by a hot reload, and a region that stops getting figures (left the registry).
 */
class HealthRulesFunctionTest {

  static final long T0 = 1_780_000_000_000L;
  static final long MIN = 60_000;

  static final String HEALTH = """
      health:
        - {name: region-online, scope: region, metric: online_share, below: {yellow: 90%, red: 50%}, for: 2m}
        - {name: battery-low, scope: device, metric: battery_v, below: {yellow: 3.4}}
      rules: []
      """;
  static final RulesetUpdate V0 = new RulesetUpdate(0, "", "", HEALTH, "", "file");
  static final RulesetUpdate V1_NO_REGION_RULE = new RulesetUpdate(1, "", "", """
      version: 1
      health:
        - {name: battery-low, scope: device, metric: battery_v, below: {yellow: 3.4}}
      rules: []
      """, "", "topic");

  static KeyedBroadcastOperatorTestHarness<String, DeviceHealth, RulesInput, AlertEvent> harness()
      throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new HealthRulesFunction(V0, 3 * MIN), List.of(LiveRulesFunction.RULESET)),
        HealthRulesFunction::key, Types.STRING, 1, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false); // as the job runs
    return h;
  }

  static DeviceHealth region(String id, String name, int online, int devices, long at) {
    return new DeviceHealth("region", id, "", devices, online, at, Double.NaN, Double.NaN, 0, 0, 0, 0, at, name);
  }

  static void feed(KeyedBroadcastOperatorTestHarness<String, DeviceHealth, RulesInput, AlertEvent> h,
      DeviceHealth d) throws Exception {
    h.setProcessingTime(d.atMs());
    h.processElement(d, d.atMs());
  }

  @Test
  void aPendingHoldAndAnOpenAlertSurviveARestore() throws Exception {
    OperatorSubtaskState pending;
    try (var h = harness()) {
      h.open();
      // 7 of 10 online (70 %) from T0: yellow is pending (hold 2 min).
      feed(h, region("east", "East Township", 7, 10, T0));
      feed(h, region("east", "East Township", 7, 10, T0 + MIN));
      assertThat(h.extractOutputValues()).isEmpty();
      pending = h.snapshot(1L, T0 + MIN);
    }
    OperatorSubtaskState open;
    String id;
    try (var h = harness()) {
      h.initializeState(pending);
      h.open();
      // Still below at T0 + 2 min: held for 2 min since T0, raised now.
      feed(h, region("east", "East Township", 7, 10, T0 + 2 * MIN));
      List<AlertEvent> out = h.extractOutputValues();
      assertThat(out).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::site, AlertEvent::startedAtMs)
          .containsExactly(tuple(AlertState.OPENED, Level.YELLOW, "_region-east", T0 + 2 * MIN));
      assertThat(out.get(0).message())
          .isEqualTo("East Township: 7 of 10 devices online (70 %), below 90 %: none -> yellow");
      id = out.get(0).id();
      open = h.snapshot(2L, T0 + 2 * MIN);
    }
    try (var h = harness()) {
      h.initializeState(open);
      h.open();
      // 10 of 10 after the restore: the alert opened before it clears, under its id.
      feed(h, region("east", "East Township", 10, 10, T0 + 3 * MIN));
      assertThat(h.extractOutputValues()).extracting(AlertEvent::id, AlertEvent::state, AlertEvent::previousLevel)
          .containsExactly(tuple(id, AlertState.RESOLVED, Level.YELLOW));
    }
  }

  @Test
  void aRuleRemovedByAReloadResolvesItsAlertsOnEveryKey() throws Exception {
    try (var h = harness()) {
      h.open();
      // Red needs no hold beyond the rule's 2 min either: both regions below 50 % for 2 min.
      for (long t = 0; t <= 2 * MIN; t += MIN) {
        feed(h, region("east", "East Township", 4, 10, T0 + t));
        feed(h, region("west", "West Township", 1, 4, T0 + t));
      }
      assertThat(h.extractOutputValues()).extracting(AlertEvent::subject, AlertEvent::level)
          .containsExactlyInAnyOrder(tuple("_region-east", Level.RED), tuple("_region-west", Level.RED));
      h.setProcessingTime(T0 + 2 * MIN + 5_000);
      h.processBroadcastElement(RulesInput.of(V1_NO_REGION_RULE), T0 + 2 * MIN + 5_000);
      List<AlertEvent> out = h.extractOutputValues();
      assertThat(out).hasSize(4);
      assertThat(out.subList(2, 4)).extracting(AlertEvent::subject, AlertEvent::state, AlertEvent::updatedAtMs)
          .containsExactlyInAnyOrder(tuple("_region-east", AlertState.RESOLVED, T0 + 2 * MIN + 5_000),
              tuple("_region-west", AlertState.RESOLVED, T0 + 2 * MIN + 5_000));
      assertThat(out.get(2).message()).endsWith("health rule region-online was removed from the ruleset: red -> none");
      // The rule is gone: more figures below raise nothing.
      feed(h, region("east", "East Township", 0, 10, T0 + 10 * MIN));
      assertThat(h.extractOutputValues()).hasSize(4);
    }
  }

  @Test
  void aRegionWithoutFiguresForThreeIntervalsHasItsAlertResolved() throws Exception {
    try (var h = harness()) {
      h.open();
      for (long t = 0; t <= 2 * MIN; t += MIN) {
        feed(h, region("east", "East Township", 7, 10, T0 + t));
      }
      assertThat(h.extractOutputValues()).hasSize(1);
      // No figure after T0 + 2 min (the region left the registry): resolved 3 min later, not before.
      h.setProcessingTime(T0 + 5 * MIN - 1);
      assertThat(h.extractOutputValues()).hasSize(1);
      h.setProcessingTime(T0 + 5 * MIN);
      assertThat(h.extractOutputValues()).hasSize(2).last()
          .extracting(AlertEvent::state, AlertEvent::updatedAtMs)
          .containsExactly(AlertState.RESOLVED, T0 + 5 * MIN);
    }
  }
}
