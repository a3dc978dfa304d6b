package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** What happens to state and open alerts when a rule is changed or removed. */
class RuleChangeTest {

  private static final String V1 = """
      - id: rain-1h
        description: rainfall over the last hour
        metric: rain_1h
        condition: {type: threshold}
        pending: 10m
        levels:
          blue: {raise: 10, clear: 6}
          yellow: {raise: 20, clear: 15}
      """;

  @Test
  void fingerprintIgnoresTheDescriptionOnly() {
    RuleDef v1 = rule(V1);
    assertThat(rule(V1.replace("rainfall over the last hour", "hourly rain")).fingerprint())
        .isEqualTo(v1.fingerprint());
    assertThat(rule(V1.replace("raise: 20", "raise: 25")).fingerprint()).isNotEqualTo(v1.fingerprint());
    assertThat(rule(V1.replace("pending: 10m", "pending: 5m")).fingerprint()).isNotEqualTo(v1.fingerprint());
    assertThat(v1.fingerprint()).hasSize(16).isEqualTo(rule(V1).fingerprint());
  }

  @Test
  void anUnchangedRuleKeepsItsPendingClockAcrossARulesetChange() {
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    new RuleEngine(rule(V1)).onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_1h", 12.0));
    // republished with a new description only: the clock started at 0 still counts.
    RuleEngine again = new RuleEngine(rule(V1.replace("rainfall over the last hour", "hourly rain")));
    AlertEvent opened = again.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 10 * MIN, "rain_1h", 12.0)).get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.message()).startsWith("Hourly rain at s1/rain/g1");
  }

  @Test
  void aChangedRuleKeepsTheOpenAlertAndJudgesItUnderTheNewLevelsAtTheNextReading() {
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    RuleEngine v1 = new RuleEngine(rule(V1.replace("pending: 10m", "pending: 0s")));
    AlertEvent opened = v1.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_1h", 22.0)).get(0);
    assertThat(opened.level()).isEqualTo(Level.YELLOW);
    RuleEngine v2 = new RuleEngine(rule(V1.replace("pending: 10m", "pending: 0s")
        .replace("{raise: 20, clear: 15}", "{raise: 25, clear: 23}")));
    // 22 under the new yellow clear 23, at or above blue's clear 6: de-escalated, same alert.
    AlertEvent down = v2.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 5 * MIN, "rain_1h", 22.0)).get(0);
    assertThat(down.state()).isEqualTo(AlertState.DE_ESCALATED);
    assertThat(down.level()).isEqualTo(Level.BLUE);
    assertThat(down.id()).isEqualTo(opened.id());
    assertThat(down.startedAtMs()).isEqualTo(T0);
    assertThat(s.fingerprint).isEqualTo(v2.rule().fingerprint());
  }

  @Test
  void aChangedRuleStartsItsPendingClockAfresh() {
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    new RuleEngine(rule(V1)).onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_1h", 12.0));
    RuleEngine v2 = new RuleEngine(rule(V1.replace("raise: 20", "raise: 21")));
    assertThat(v2.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 10 * MIN, "rain_1h", 12.0))).isEmpty();
    assertThat(v2.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 20 * MIN, "rain_1h", 12.0))).hasSize(1);
  }

  @Test
  void aRemovedRuleResolvesItsOpenAlert() {
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    RuleEngine e = new RuleEngine(rule(V1.replace("pending: 10m", "pending: 0s")));
    AlertEvent opened = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_1h", 12.0)).get(0);
    AlertEvent gone = e.onRemoved(s, T0 + MIN).get(0);
    assertThat(gone.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(gone.id()).isEqualTo(opened.id());
    assertThat(gone.previousLevel()).isEqualTo(Level.BLUE);
    assertThat(gone.message()).isEqualTo(
        "Rainfall over the last hour at s1/rain/g1: resolved, rule rain-1h was removed from the ruleset");
    assertThat(e.onRemoved(s, T0 + 2 * MIN)).isEmpty();
  }
}
