package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.m;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.site.CompoundRule;
import org.vigil.alerts.site.CompoundState;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * The default ruleset judged by {@link RuleEngine} gives the same transitions (ids, levels, states, values,
 * thresholds, times, details) as the job's former built-in rules: the threshold rule's, worked out by hand (its class
 * is gone, the engine judges every rule), and the built-in {@link CompoundRule}'s on one series.
 */
class SameAsBuiltInRulesTest {

  private static RuleDef fromDefaults(String id) throws Exception {
    return RuleSetLoader.parse(Files.readString(DefaultRulesTest.DEFAULT), "default.yaml").rule(id).orElseThrow();
  }

  @Test
  void rain1hGivesWhatTheBuiltInThresholdRuleGave() throws Exception {
    RuleEngine engine = new RuleEngine(fromDefaults("rain-1h"));
    double[] series = {2, 11, 25, 35, 55, 45, 39, 23, 14, 5, 0, 31, 8};
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    List<AlertEvent> actual = new ArrayList<>();
    for (int i = 0; i < series.length; i++) {
      actual.addAll(engine.onMetrics(s, m("s1", SensorKind.RAIN, "g1", i * 10 * MIN, "rain_1h", series[i],
          "rain_10m", 1.5, "rain_3h", 60.0)));
    }
    // by hand (blue 10/6, yellow 20/15, orange 30/24, red 50/40): 11 opens blue, 25 yellow, 35 orange, 55 red,
    // 45 holds (>= 40), 39 orange, 23 yellow, 14 blue, 5 resolves, 0 nothing, 31 opens orange, 8 falls to blue
    // (< 24 and < 15, >= 6; the clear threshold reported is yellow's, the lowest level left): 10 transitions.
    long first = Rules.T0 + 10 * MIN;
    long second = Rules.T0 + 110 * MIN;
    assertThat(actual).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::previousLevel,
        AlertEvent::value, AlertEvent::threshold, AlertEvent::startedAtMs, AlertEvent::updatedAtMs).containsExactly(
        tuple(AlertState.OPENED, Level.BLUE, Level.NONE, 11.0, 10.0, first, first),
        tuple(AlertState.ESCALATED, Level.YELLOW, Level.BLUE, 25.0, 20.0, first, Rules.T0 + 20 * MIN),
        tuple(AlertState.ESCALATED, Level.ORANGE, Level.YELLOW, 35.0, 30.0, first, Rules.T0 + 30 * MIN),
        tuple(AlertState.ESCALATED, Level.RED, Level.ORANGE, 55.0, 50.0, first, Rules.T0 + 40 * MIN),
        tuple(AlertState.DE_ESCALATED, Level.ORANGE, Level.RED, 39.0, 40.0, first, Rules.T0 + 60 * MIN),
        tuple(AlertState.DE_ESCALATED, Level.YELLOW, Level.ORANGE, 23.0, 24.0, first, Rules.T0 + 70 * MIN),
        tuple(AlertState.DE_ESCALATED, Level.BLUE, Level.YELLOW, 14.0, 15.0, first, Rules.T0 + 80 * MIN),
        tuple(AlertState.RESOLVED, Level.NONE, Level.BLUE, 5.0, 6.0, first, Rules.T0 + 90 * MIN),
        tuple(AlertState.OPENED, Level.ORANGE, Level.NONE, 31.0, 30.0, second, second),
        tuple(AlertState.DE_ESCALATED, Level.BLUE, Level.ORANGE, 8.0, 15.0, second, Rules.T0 + 120 * MIN));
    assertThat(actual.subList(0, 8)).extracting(AlertEvent::id).containsOnly(AlertIds.of("rain-1h", "s1/rain/g1",
        first));
    assertThat(actual.subList(8, 10)).extracting(AlertEvent::id).containsOnly(AlertIds.of("rain-1h", "s1/rain/g1",
        second));
    assertThat(actual).extracting(AlertEvent::details).containsOnly(Map.of("rain_10m", 1.5, "rain_3h", 60.0));
    assertThat(actual).extracting(AlertEvent::forecastFailureAtMs).containsOnlyNulls();
    assertThat(actual.get(0).message()).isEqualTo("Rainfall over the last hour at s1/rain/g1 is 11.0 mm, at or "
        + "above the blue level of 10.0 mm");
  }

  @Test
  void rainAndSlopeMatchesCompoundRule() throws Exception {
    CompoundRule builtIn = new CompoundRule("rain-and-slope", "heavy rain and an accelerating slope", Level.ORANGE,
        Duration.ofHours(12), List.of(
            new CompoundRule.Condition("rain", "rain_24h", 50, Set.of(SensorKind.RAIN)),
            new CompoundRule.Condition("slope", "tangent_angle_low_deg", 45,
                Set.of(SensorKind.GNSS, SensorKind.CRACK, SensorKind.TILT))));
    RuleEngine engine = new RuleEngine(fromDefaults("rain-and-slope"));
    List<SensorMetrics> readings = List.of(
        m("s1", SensorKind.RAIN, "g1", 0, "rain_24h", 60.0),
        m("s1", SensorKind.GNSS, "n1", 2 * HOUR, "tangent_angle_low_deg", 40.0),
        m("s1", SensorKind.GNSS, "n1", 5 * HOUR, "tangent_angle_low_deg", 47.0),
        m("s1", SensorKind.RAIN, "g1", 10 * HOUR, "rain_24h", 30.0),
        m("s1", SensorKind.GNSS, "n1", 13 * HOUR, "tangent_angle_low_deg", 48.0),
        m("s1", SensorKind.GNSS, "n1", 20 * HOUR, "tangent_angle_low_deg", 49.0),
        m("s1", SensorKind.RAIN, "g2", 21 * HOUR, "rain_24h", 70.0));
    CompoundState cs = new CompoundState();
    RuleState s = new RuleState("rain-and-slope", "s1", "s1");
    List<AlertEvent> expected = new ArrayList<>();
    List<AlertEvent> actual = new ArrayList<>();
    for (SensorMetrics r : readings) {
      AlertEvent e = builtIn.evaluate(cs, r);
      if (e != null) {
        expected.add(e);
      }
      actual.addAll(engine.onMetrics(s, r));
    }
    // opened at 5 h (rain at 0 h, slope at 5 h), resolved at 13 h (rain last held at 0 h), opened at 21 h.
    assertThat(expected).extracting(AlertEvent::updatedAtMs)
        .containsExactly(Rules.T0 + 5 * HOUR, Rules.T0 + 13 * HOUR, Rules.T0 + 21 * HOUR);
    assertThat(actual).usingRecursiveFieldByFieldElementComparatorIgnoringFields("message")
        .containsExactlyElementsOf(expected);
  }
}
