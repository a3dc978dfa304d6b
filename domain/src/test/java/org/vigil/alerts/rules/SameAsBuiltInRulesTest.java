package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.m;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rule.LevelThresholds;
import org.vigil.alerts.rule.OpenAlert;
import org.vigil.alerts.rule.ThresholdRule;
import org.vigil.alerts.site.CompoundRule;
import org.vigil.alerts.site.CompoundState;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * The default ruleset judged by {@link RuleEngine} gives the same transitions (ids, levels, states, values,
 * thresholds, times, details) as the job's built-in {@link ThresholdRule} and {@link CompoundRule} on one series.
 */
class SameAsBuiltInRulesTest {

  private static RuleDef fromDefaults(String id) throws Exception {
    return RuleSetLoader.parse(Files.readString(DefaultRulesTest.DEFAULT), "default.yaml").rule(id).orElseThrow();
  }

  @Test
  void rain1hMatchesThresholdRule() throws Exception {
    ThresholdRule builtIn = new ThresholdRule("rain-1h", "rain_1h", "rainfall over the last hour", "mm",
        LevelThresholds.parse("blue:10/6,yellow:20/15,orange:30/24,red:50/40"), List.of("rain_10m", "rain_3h"));
    RuleEngine engine = new RuleEngine(fromDefaults("rain-1h"));
    double[] series = {2, 11, 25, 35, 55, 45, 39, 23, 14, 5, 0, 31, 8};
    OpenAlert open = null;
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    List<AlertEvent> expected = new ArrayList<>();
    List<AlertEvent> actual = new ArrayList<>();
    for (int i = 0; i < series.length; i++) {
      SensorMetrics r = m("s1", SensorKind.RAIN, "g1", i * 10 * MIN, "rain_1h", series[i], "rain_10m", 1.5,
          "rain_3h", 60.0);
      ThresholdRule.Outcome o = builtIn.evaluate(open, r);
      open = o.state();
      if (o.event() != null) {
        expected.add(o.event());
      }
      actual.addAll(engine.onMetrics(s, r));
    }
    // by hand: 11 opens blue, 25 yellow, 35 orange, 55 red, 45 holds (>= 40), 39 orange, 23 yellow, 14 blue,
    // 5 resolves, 0 nothing, 31 opens orange, 8 falls to blue (< 24 and < 15, >= 6): 10 transitions.
    assertThat(expected).extracting(AlertEvent::level).containsExactly(Level.BLUE, Level.YELLOW, Level.ORANGE,
        Level.RED, Level.ORANGE, Level.YELLOW, Level.BLUE, Level.NONE, Level.ORANGE, Level.BLUE);
    assertThat(actual).usingRecursiveFieldByFieldElementComparatorIgnoringFields("message")
        .containsExactlyElementsOf(expected);
    assertThat(actual.get(0).message()).isEqualTo(expected.get(0).message());
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
