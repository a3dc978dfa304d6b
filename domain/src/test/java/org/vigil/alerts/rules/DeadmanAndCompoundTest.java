package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.MIN;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** deadman (condition and option) through onTime, and compound within and outside its window. */
class DeadmanAndCompoundTest {

  @Test
  void deadmanConditionRaisesWithSilenceAndResolvesOnTheNextReading() {
    RuleEngine e = new RuleEngine(rule("""
        - id: gauge-silent
          scope: {kinds: [rain]}
          condition: {type: deadman}
          levels: {yellow: 30m, red: 2h}
        """));
    RuleState s = new RuleState("gauge-silent", "s1", "s1/rain/g1");
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_mm", 0.0))).isEmpty();
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 30 * MIN);
    assertThat(e.onTime(s, T0 + 29 * MIN)).isEmpty();
    AlertEvent yellow = e.onTime(s, T0 + 45 * MIN).get(0);
    assertThat(yellow.state()).isEqualTo(AlertState.OPENED);
    assertThat(yellow.level()).isEqualTo(Level.YELLOW);
    assertThat(yellow.updatedAtMs()).isEqualTo(T0 + 30 * MIN); // when it became due, not when the timer ran
    assertThat(yellow.value()).isEqualTo(0.5);
    assertThat(yellow.message()).isEqualTo(
        "No reading from s1/rain/g1 for 0.50 h (last at 2026-11-28T00:00:00Z): none -> yellow");
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 2 * HOUR);
    AlertEvent red = e.onTime(s, T0 + 3 * HOUR).get(0);
    assertThat(red.level()).isEqualTo(Level.RED);
    assertThat(red.updatedAtMs()).isEqualTo(T0 + 2 * HOUR);
    AlertEvent back = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 3 * HOUR, "rain_mm", 0.0)).get(0);
    assertThat(back.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(back.message()).startsWith("Gauge-silent: readings from s1/rain/g1 are back");
  }

  @Test
  void deadmanOptionOnAThresholdRule() {
    RuleEngine e = new RuleEngine(rule("""
        - id: rain-1h
          metric: rain_1h
          condition: {type: threshold}
          levels: {yellow: {raise: 20, clear: 15}}
          keepFiring: 1h
          deadman: {after: 1h, level: blue}
        """));
    RuleState s = new RuleState("rain-1h", "s1", "s1/rain/g1");
    e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_1h", 0.0));
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + HOUR);
    AlertEvent silent = e.onTime(s, T0 + HOUR).get(0);
    assertThat(silent.level()).isEqualTo(Level.BLUE);
    assertThat(silent.message()).startsWith("No reading from s1/rain/g1 for 1h");
    // Data back and dry: resolved at once (keep-firing is for conditions, not for silence).
    AlertEvent back = e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 90 * MIN, "rain_1h", 0.0)).get(0);
    assertThat(back.state()).isEqualTo(AlertState.RESOLVED);
  }

  private static final String COMPOUND = """
      - id: rain-and-slope
        description: heavy rain and an accelerating slope
        condition:
          type: compound
          window: 12h
          when:
            rain: {metric: rain_24h, kinds: [rain], above: 50}
            slope: {metric: tangent_angle_low_deg, kinds: [gnss, crack, tilt], above: 45}
          all: [rain, slope]
        level: orange
      """;

  @Test
  void compoundOpensWhenAllPartsHeldWithinTheWindowAndResolvesWhenOneExpires() {
    RuleEngine e = new RuleEngine(rule(COMPOUND));
    var rain = m("s1", SensorKind.RAIN, "g1", 0, "rain_24h", 60.0);
    assertThat(e.subjectOf(rain)).isEqualTo("s1");
    RuleState s = e.newState(rain);
    assertThat(e.onMetrics(s, rain)).isEmpty();
    // 11 h later a slope sensor accelerates: both within 12 h.
    AlertEvent opened = e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 11 * HOUR,
        "tangent_angle_low_deg", 50.0)).get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.level()).isEqualTo(Level.ORANGE);
    assertThat(opened.subject()).isEqualTo("s1");
    assertThat(opened.value()).isEqualTo(2); // parts holding
    assertThat(opened.threshold()).isEqualTo(2); // parts needed
    assertThat(opened.id()).isEqualTo(AlertIds.of("rain-and-slope", "s1", T0 + 11 * HOUR));
    assertThat(opened.details()).containsEntry("rain_rain_24h", 60.0)
        .containsEntry("slope_tangent_angle_low_deg", 50.0)
        .containsEntry("rain_held_at", (double) T0);
    assertThat(opened.message()).isEqualTo("Heavy rain and an accelerating slope at s1: rain (rain_24h 60.0 at "
        + "s1/rain/g1, 2026-11-28T00:00:00Z; threshold 50.0) and slope (tangent_angle_low_deg 50.0 at s1/gnss/n1, "
        + "2026-11-28T11:00:00Z; threshold 45.0) within 12h: none -> orange");
    // The rain held last at 0 h: at 12 h it is a whole window old.
    assertThat(e.nextTimeMs(s)).isEqualTo(T0 + 12 * HOUR);
    AlertEvent resolved = e.onTime(s, T0 + 12 * HOUR + 5 * MIN).get(0);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.updatedAtMs()).isEqualTo(T0 + 12 * HOUR);
  }

  @Test
  void compoundPartsFurtherApartThanTheWindowDoNotOpen() {
    RuleEngine e = new RuleEngine(rule(COMPOUND));
    RuleState s = new RuleState("rain-and-slope", "s1", "s1");
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g1", 0, "rain_24h", 60.0))).isEmpty();
    assertThat(e.onMetrics(s, m("s1", SensorKind.GNSS, "n1", 13 * HOUR, "tangent_angle_low_deg", 50.0)))
        .isEmpty();
    // a gauge below its threshold does not count; one above does.
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g2", 14 * HOUR, "rain_24h", 40.0))).isEmpty();
    assertThat(e.onMetrics(s, m("s1", SensorKind.RAIN, "g2", 15 * HOUR, "rain_24h", 55.0))).singleElement()
        .satisfies(x -> assertThat(x.state()).isEqualTo(AlertState.OPENED));
  }

  @Test
  void compoundAnyOpensOnOnePart() {
    RuleEngine e = new RuleEngine(rule("""
        - id: wet-or-moving
          condition:
            type: compound
            window: 1h
            when:
              rain: {metric: rain_1h, above: 30}
              pore: {metric: pore_kpa, below: 20}
            any: [rain, pore]
          level: yellow
        """));
    RuleState s = new RuleState("wet-or-moving", "s1", "s1");
    assertThat(e.onMetrics(s, m("s1", SensorKind.PORE, "p1", 0, "pore_kpa", 19.0))).singleElement()
        .satisfies(x -> assertThat(x.level()).isEqualTo(Level.YELLOW));
  }
}
