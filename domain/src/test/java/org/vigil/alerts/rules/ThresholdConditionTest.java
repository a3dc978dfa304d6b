package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

class ThresholdConditionTest {

  private static final String RAIN_1H = """
      - id: rain-1h
        metric: rain_1h
        scope: {kinds: [rain]}
        condition: {type: threshold}
        levels:
          blue: {raise: 10, clear: 6}
          yellow: {raise: 20, clear: 15}
      """;

  private final RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");

  private static List<AlertEvent> at(RuleEngine e, RuleState s, long offset, double rain1h) {
    return e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", offset, "rain_1h", rain1h));
  }

  @Test
  void opensEscalatesHoldsOnHysteresisDeEscalatesAndResolves() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H));
    assertThat(at(e, s, 0, 5)).isEmpty();
    AlertEvent opened = at(e, s, 10 * MIN, 12).get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.level()).isEqualTo(Level.BLUE);
    assertThat(opened.threshold()).isEqualTo(10);
    assertThat(opened.id()).isEqualTo(AlertIds.of("rain-1h", "s1/rain/g1", T0 + 10 * MIN));
    assertThat(opened.subject()).isEqualTo("s1/rain/g1");
    assertThat(opened.message()).isEqualTo("Rainfall over the last hour at s1/rain/g1 is 12.0 mm, at or above the "
        + "blue level of 10.0 mm");

    AlertEvent up = at(e, s, 20 * MIN, 22).get(0);
    assertThat(up.state()).isEqualTo(AlertState.ESCALATED);
    assertThat(up.level()).isEqualTo(Level.YELLOW);
    assertThat(up.threshold()).isEqualTo(20);
    assertThat(up.id()).isEqualTo(opened.id());
    // 16 is under yellow's raise (20) but not under its clear (15): stays yellow.
    assertThat(at(e, s, 30 * MIN, 16)).isEmpty();
    AlertEvent down = at(e, s, 40 * MIN, 14).get(0);
    assertThat(down.state()).isEqualTo(AlertState.DE_ESCALATED);
    assertThat(down.level()).isEqualTo(Level.BLUE);
    assertThat(down.threshold()).isEqualTo(15);
    AlertEvent resolved = at(e, s, 50 * MIN, 5).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.level()).isEqualTo(Level.NONE);
    assertThat(resolved.threshold()).isEqualTo(6);
    assertThat(resolved.startedAtMs()).isEqualTo(T0 + 10 * MIN);
    assertThat(s.isOpen()).isFalse();
  }

  @Test
  void olderReadingsAndMissingMetricChangeNothing() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H));
    at(e, s, 10 * MIN, 12);
    assertThat(at(e, s, 5 * MIN, 0)).isEmpty();
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 20 * MIN, "rain_mm", 0.2))).isEmpty();
    assertThat(s.level).isEqualTo(Level.BLUE);
  }

  @Test
  void pendingOpensOnlyAfterTheConditionHeldContinuouslyByDeviceTime() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H + "  pending: 10m\n"));
    assertThat(at(e, s, 0, 12)).isEmpty();
    assertThat(at(e, s, 5 * MIN, 4)).isEmpty(); // interrupted: the clock restarts
    assertThat(at(e, s, 10 * MIN, 12)).isEmpty();
    assertThat(at(e, s, 15 * MIN, 12)).isEmpty();
    List<AlertEvent> ev = at(e, s, 20 * MIN, 12); // held 10 min since 10 min
    assertThat(ev).singleElement().satisfies(x -> {
      assertThat(x.state()).isEqualTo(AlertState.OPENED);
      assertThat(x.startedAtMs()).isEqualTo(T0 + 20 * MIN);
      assertThat(x.message()).endsWith("for at least 10m");
    });
  }

  @Test
  void pendingExpiresOnTimeStampedWhenItBecameDue() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H + "  pending: 10m\n"));
    at(e, s, 0, 12);
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 10 * MIN);
    assertThat(e.onTime(s, T0 + 9 * MIN)).isEmpty();
    AlertEvent opened = e.onTime(s, T0 + 13 * MIN).get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.updatedAtMs()).isEqualTo(T0 + 10 * MIN);
    assertThat(opened.id()).isEqualTo(AlertIds.of("rain-1h", "s1/rain/g1", T0 + 10 * MIN));
    assertThat(e.onTime(s, T0 + 14 * MIN)).isEmpty();
  }

  @Test
  void keepFiringHoldsTheLevelUntilTheConditionHasStoppedForThatLong() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H + "  keepFiring: 15m\n"));
    at(e, s, 0, 12);
    assertThat(at(e, s, 5 * MIN, 3)).isEmpty(); // below blue's clear (6) since 5 min
    assertThat(at(e, s, 10 * MIN, 8)).isEmpty(); // back at or above 6: clock reset
    assertThat(at(e, s, 15 * MIN, 3)).isEmpty(); // below since 15 min
    assertThat(at(e, s, 25 * MIN, 3)).isEmpty(); // 10 min
    assertThat(at(e, s, 30 * MIN, 3)).singleElement()
        .satisfies(x -> assertThat(x.state()).isEqualTo(AlertState.RESOLVED));
  }

  @Test
  void keepFiringExpiresOnTime() {
    RuleEngine e = new RuleEngine(rule(RAIN_1H + "  keepFiring: 15m\n"));
    at(e, s, 0, 22);
    at(e, s, 5 * MIN, 3);
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 20 * MIN);
    AlertEvent resolved = e.onTime(s, T0 + 25 * MIN).get(0);
    // 3 is below yellow's clear 15 and blue's clear 6: straight to resolved, the threshold is blue's clear.
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.previousLevel()).isEqualTo(Level.YELLOW);
    assertThat(resolved.threshold()).isEqualTo(6);
    assertThat(resolved.updatedAtMs()).isEqualTo(T0 + 20 * MIN);
  }

  @Test
  void belowDirectionJudgesAFallingValue() {
    RuleEngine e = new RuleEngine(rule("""
        - id: pore-drop
          metric: pore_kpa
          condition: {type: threshold, direction: below}
          levels:
            yellow: {raise: 50, clear: 55}
            red: {raise: 30, clear: 35}
        """));
    RuleState p = new RuleState("pore-drop", "s1", "s1/pore/p1");
    assertThat(e.onMetrics(p, m("s1", SensorKind.PORE, "p1", 0, "pore_kpa", 60))).isEmpty();
    AlertEvent opened = e.onMetrics(p, m("s1", SensorKind.PORE, "p1", MIN, "pore_kpa", 48)).get(0);
    assertThat(opened.level()).isEqualTo(Level.YELLOW);
    assertThat(opened.threshold()).isEqualTo(50);
    assertThat(opened.message()).contains("at or below the yellow level of 50.0 kPa");
    assertThat(e.onMetrics(p, m("s1", SensorKind.PORE, "p1", 2 * MIN, "pore_kpa", 29)).get(0).level())
        .isEqualTo(Level.RED);
    assertThat(e.onMetrics(p, m("s1", SensorKind.PORE, "p1", 3 * MIN, "pore_kpa", 33))).isEmpty();
    AlertEvent down = e.onMetrics(p, m("s1", SensorKind.PORE, "p1", 4 * MIN, "pore_kpa", 36)).get(0);
    assertThat(down.level()).isEqualTo(Level.YELLOW);
    assertThat(down.threshold()).isEqualTo(35);
    AlertEvent resolved = e.onMetrics(p, m("s1", SensorKind.PORE, "p1", 5 * MIN, "pore_kpa", 56)).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.threshold()).isEqualTo(55);
  }

  @Test
  void readingsOutOfScopeAreNotJudged() {
    RuleEngine e = new RuleEngine(rule("""
        - id: g-only
          metric: rain_1h
          scope: {sites: [s2], sensors: ["gauge-*"]}
          condition: {type: threshold}
          levels: {blue: 10}
        """));
    assertThat(e.applies(m("s2", SensorKind.RAIN, "gauge-7", 0, "rain_1h", 50))).isTrue();
    assertThat(e.applies(m("s1", SensorKind.RAIN, "gauge-7", 0, "rain_1h", 50))).isFalse();
    assertThat(e.applies(m("s2", SensorKind.RAIN, "g7", 0, "rain_1h", 50))).isFalse();
    // a kind that does not have the metric
    assertThat(e.applies(m("s2", SensorKind.GNSS, "gauge-8", 0, "rain_1h", 50))).isFalse();
  }
}
