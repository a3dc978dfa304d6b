package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** rate_of_change and intensity_duration on constructed series; every number worked out by hand. */
class RateAndRainConditionTest {

  @Test
  void rateOfChangeIsTheChangePerHourSinceTheOldestReadingInTheWindow() {
    RuleEngine e = new RuleEngine(rule("""
        - id: water-rate
          metric: level_m
          condition: {type: rate_of_change, window: 1h}
          levels:
            yellow: {raise: 0.2, clear: 0.1}
            orange: {raise: 0.5, clear: 0.3}
        """));
    RuleState s = new RuleState("water-rate", "s1", "s1/level/w1");
    double[] level = {1.00, 1.05, 1.10, 1.20, 1.40, 1.60, 1.60, 1.60, 1.60};
    List<List<AlertEvent>> out = new java.util.ArrayList<>();
    for (int i = 0; i < level.length; i++) {
      out.add(e.onMetrics(s, m("s1", SensorKind.LEVEL, "w1", i * 15 * MIN, "level_m", level[i])));
    }
    // 0 min: one reading, no rate. 15 min: spans 15 min < half the window: not judged.
    assertThat(out.get(0)).isEmpty();
    assertThat(out.get(1)).isEmpty();
    // 30 min: (1.10 - 1.00) m / 0.5 h = 0.2 m/h -> yellow.
    assertThat(out.get(2)).singleElement().satisfies(x -> {
      assertThat(x.state()).isEqualTo(AlertState.OPENED);
      assertThat(x.level()).isEqualTo(Level.YELLOW);
      assertThat(x.value()).isCloseTo(0.2, within(1e-9));
      assertThat(x.details()).containsEntry("level_m", 1.10);
      assertThat(x.message()).contains("changes by 0.20 m/h over the last 1h");
    });
    // 45 min: (1.20 - 1.00) / 0.75 = 0.267; 60 min: (1.40 - 1.00) / 1 = 0.4: still yellow.
    assertThat(out.get(3)).isEmpty();
    assertThat(out.get(4)).isEmpty();
    // 75 min: the oldest in (15 min, 75 min] is 15 min: (1.60 - 1.05) / 1 = 0.55 -> orange.
    assertThat(out.get(5)).singleElement().satisfies(x -> {
      assertThat(x.level()).isEqualTo(Level.ORANGE);
      assertThat(x.value()).isCloseTo(0.55, within(1e-9));
    });
    // 90 min: (1.60 - 1.10) / 1 = 0.5; 105 min: (1.60 - 1.20) / 1 = 0.4 >= clear 0.3: orange holds.
    assertThat(out.get(6)).isEmpty();
    assertThat(out.get(7)).isEmpty();
    // 120 min: (1.60 - 1.40) / 1 = 0.2 < 0.3 -> yellow (0.2 >= yellow's clear 0.1).
    assertThat(out.get(8)).singleElement().satisfies(x -> {
      assertThat(x.state()).isEqualTo(AlertState.DE_ESCALATED);
      assertThat(x.level()).isEqualTo(Level.YELLOW);
      assertThat(x.threshold()).isEqualTo(0.3);
    });
  }

  private static final String CAINE = """
      - id: rain-id-caine1980
        scope: {kinds: [rain]}
        condition: {type: intensity_duration, curve: caine1980}
        levels:
          orange: {raise: 1, clear: 0.9}
        explain: [rain_event_mm]
      """;

  @Test
  void caine1980AtHandComputedDurations() {
    RuleEngine e = new RuleEngine(rule(CAINE));
    RuleState s = new RuleState("rain-id-caine1980", "s1", "s1/rain/g1");
    // D = 3 h: I_c = 14.82 * 3^-0.39 = 14.82 * exp(-0.39 * ln 3) = 14.82 * exp(-0.42846) = 14.82 * 0.65152
    //   = 9.655 mm/h. I = 12 mm/h -> ratio 12 / 9.655 = 1.243 -> orange.
    AlertEvent opened = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0,
        "rain_event_duration_h", 3.0, "rain_event_intensity_mm_h", 12.0, "rain_event_mm", 36.0)).get(0);
    assertThat(opened.level()).isEqualTo(Level.ORANGE);
    assertThat(opened.value()).isCloseTo(1.243, within(0.001));
    assertThat(opened.details()).containsEntry("rain_event_mm", 36.0)
        .containsEntry("rain_event_duration_h", 3.0)
        .containsEntry("rain_event_intensity_mm_h", 12.0);
    assertThat(opened.details().get("id_caine1980_threshold_mm_h")).isCloseTo(9.655, within(0.001));
    assertThat(opened.message()).contains("1.24 times the caine1980 threshold of 9.66 mm/h");
    // D = 3 h, I = 9 mm/h: 9 / 9.655 = 0.932 >= clear 0.9: holds.
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", HOUR,
        "rain_event_duration_h", 3.0, "rain_event_intensity_mm_h", 9.0))).isEmpty();
    // D = 24 h: I_c = 14.82 * 24^-0.39 = 14.82 * exp(-0.39 * 3.17805) = 14.82 * 0.28955 = 4.291 mm/h;
    // I = 3.5 -> 3.5 / 4.291 = 0.816 < 0.9: resolved.
    AlertEvent resolved = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 2 * HOUR,
        "rain_event_duration_h", 24.0, "rain_event_intensity_mm_h", 3.5)).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.value()).isCloseTo(0.816, within(0.001));
  }

  @Test
  void guzzetti2008AtHandComputedDurationsAndOutsideItsRange() {
    RuleEngine e = new RuleEngine(rule("""
        - id: rain-id-guzzetti2008
          scope: {kinds: [rain]}
          condition: {type: intensity_duration, curve: guzzetti2008}
          levels: {yellow: {raise: 1, clear: 0.9}}
        """));
    RuleState s = new RuleState("rain-id-guzzetti2008", "s1", "s1/rain/g1");
    // D = 0.05 h is under the curve's 0.1 h: not judged as exceeding, though 100 mm/h is far above
    // 2.20 * 0.05^-0.44 = 8.22 mm/h.
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0,
        "rain_event_duration_h", 0.05, "rain_event_intensity_mm_h", 100.0))).isEmpty();
    // D = 3 h: I_c = 2.20 * 3^-0.44 = 2.20 * exp(-0.44 * 1.09861) = 2.20 * 0.61669 = 1.357 mm/h.
    // I = 1.2: 1.2 / 1.357 = 0.884 < 1: nothing.
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", HOUR,
        "rain_event_duration_h", 3.0, "rain_event_intensity_mm_h", 1.2))).isEmpty();
    // I = 1.4: 1.4 / 1.357 = 1.032 -> yellow.
    AlertEvent opened = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 2 * HOUR,
        "rain_event_duration_h", 3.0, "rain_event_intensity_mm_h", 1.4)).get(0);
    assertThat(opened.level()).isEqualTo(Level.YELLOW);
    assertThat(opened.value()).isCloseTo(1.032, within(0.001));
    assertThat(opened.details().get("id_guzzetti2008_threshold_mm_h")).isCloseTo(1.357, within(0.001));
    // A reading without event metrics from something that is not an analysed gauge reading: unchanged.
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 3 * HOUR, "rain_mm", 0.0))).isEmpty();
    // The event ended (dry gap): the gauge's reading has rain_1h but no event: resolved.
    AlertEvent resolved = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 4 * HOUR, "rain_1h", 0.0)).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.value()).isZero();
  }

  @Test
  void customCurve() {
    // I = 10 * D^-0.5: at D = 4 h the threshold is 10 / 2 = 5 mm/h; I = 6 -> 1.2.
    RuleEngine e = new RuleEngine(rule("""
        - id: rain-id-local
          condition: {type: intensity_duration, curve: custom, alpha: 10, beta: 0.5, minDuration: 1h, maxDuration: 2d}
          levels: {red: 1.1}
        """));
    RuleState s = new RuleState("rain-id-local", "s1", "s1/rain/g1");
    AlertEvent opened = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0,
        "rain_event_duration_h", 4.0, "rain_event_intensity_mm_h", 6.0)).get(0);
    assertThat(opened.level()).isEqualTo(Level.RED);
    assertThat(opened.value()).isCloseTo(1.2, within(1e-9));
  }
}
