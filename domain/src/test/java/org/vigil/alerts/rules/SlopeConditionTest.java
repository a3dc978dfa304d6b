package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** tangent_angle and forecast_within. */
class SlopeConditionTest {

  @Test
  void tangentAngleDefaultsToXu2009Levels() {
    RuleDef r = rule("""
        - id: slope-tangent-angle
          scope: {kinds: [gnss]}
          condition: {type: tangent_angle}
        """);
    assertThat(r.metric()).isEqualTo("tangent_angle_low_deg");
    RuleEngine e = new RuleEngine(r);
    RuleState s = new RuleState(r.id(), "s1", "s1/gnss/n1");
    assertThat(e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 0, "tangent_angle_low_deg", 44))).isEmpty();
    assertThat(level(e, s, 1, 46)).isEqualTo(Level.YELLOW);
    assertThat(level(e, s, 2, 81)).isEqualTo(Level.ORANGE);
    AlertEvent red = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 3 * HOUR, "tangent_angle_low_deg", 86,
        "forecast_failure_ts", (double) (T0 + 30 * HOUR), "forecast_r2", 0.93)).get(0);
    assertThat(red.level()).isEqualTo(Level.RED);
    assertThat(red.threshold()).isEqualTo(85);
    assertThat(red.forecastFailureAtMs()).isEqualTo(T0 + 30 * HOUR);
    assertThat(red.message()).contains("inverse-velocity forecast of failure 2026-11-29T06:00:00Z");
    // 82 < red's clear 83, >= orange's clear 78: orange.
    AlertEvent down = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 4 * HOUR, "tangent_angle_low_deg", 82)).get(0);
    assertThat(down.level()).isEqualTo(Level.ORANGE);
    assertThat(down.threshold()).isEqualTo(83);
  }

  @Test
  void aPoorFitIsSaidAndGivesNoTime() {
    RuleDef r = rule("""
        - id: slope-tangent-angle
          scope: {kinds: [gnss]}
          condition: {type: tangent_angle}
          explain: [forecast_r2]
        """);
    RuleEngine e = new RuleEngine(r);
    RuleState s = new RuleState(r.id(), "s1", "s1/gnss/n1");
    // The analytics write forecast_r2 for every fit, forecast_failure_ts only for a good one.
    AlertEvent yellow = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 0, "tangent_angle_low_deg", 60,
        "forecast_r2", 0.62)).get(0);
    assertThat(yellow.forecastFailureAtMs()).isNull();
    assertThat(yellow.message())
        .contains("inverse-velocity forecast: poor fit (r2 0.62, or failure time too uncertain), no failure time given")
        .doesNotContain("forecast of failure");
  }

  @Test
  void aBoundWithoutAFitIsSaidAndGivesNoTime() {
    RuleDef r = rule("""
        - id: slope-failure-forecast
          scope: {kinds: [gnss]}
          metric: forecast_latest_h
          condition: {type: threshold, direction: below}
          levels:
            red: {raise: 72, clear: 84}
        """);
    RuleEngine e = new RuleEngine(r);
    RuleState s = new RuleState(r.id(), "s1", "s1/gnss/n1");
    // The displacement fit alone writes forecast_latest_h: no forecast_failure_ts, no forecast_r2.
    AlertEvent red = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 0, "forecast_latest_h", 40)).get(0);
    assertThat(red.level()).isEqualTo(Level.RED);
    assertThat(red.forecastFailureAtMs()).isNull();
    assertThat(red.message()).contains("no inverse-velocity fit yet, no failure time given")
        .doesNotContain("forecast of failure");
  }

  private static Level level(RuleEngine e, RuleState s, int hour, double angle) {
    return e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", hour * HOUR, "tangent_angle_low_deg", angle)).get(0)
        .level();
  }

  @Test
  void forecastWithinJudgesHoursToTheForecastFailureWhenTheFitIsGood() {
    RuleEngine e = new RuleEngine(rule("""
        - id: slope-forecast
          scope: {kinds: [gnss, crack]}
          condition: {type: forecast_within, minR2: 0.8}
          levels: {yellow: 72h, orange: 24h, red: 6h}
        """));
    RuleState s = new RuleState("slope-forecast", "s1", "s1/gnss/n1");
    long failure = T0 + 48 * HOUR;
    // at 0 h: 48 h ahead <= 72 -> yellow.
    AlertEvent yellow = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 0,
        "forecast_failure_ts", (double) failure, "forecast_r2", 0.9)).get(0);
    assertThat(yellow.level()).isEqualTo(Level.YELLOW);
    assertThat(yellow.value()).isCloseTo(48, within(1e-9));
    assertThat(yellow.threshold()).isEqualTo(72);
    assertThat(yellow.forecastFailureAtMs()).isEqualTo(failure);
    assertThat(yellow.details()).containsEntry("forecast_r2", 0.9);
    // at 30 h: 18 h ahead <= 24 -> orange.
    AlertEvent orange = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 30 * HOUR,
        "forecast_failure_ts", (double) failure, "forecast_r2", 0.9)).get(0);
    assertThat(orange.level()).isEqualTo(Level.ORANGE);
    // at 31 h the fit has degraded to r2 0.5 < 0.8: no forecast counts, resolved.
    AlertEvent resolved = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 31 * HOUR,
        "forecast_failure_ts", (double) failure, "forecast_r2", 0.5)).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.threshold()).isEqualTo(72);
  }
}
