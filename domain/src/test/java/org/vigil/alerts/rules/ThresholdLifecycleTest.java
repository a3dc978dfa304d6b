package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/** A threshold rule's whole storm through the one {@link RuleEngine}: what the former built-in rules gave. */
class ThresholdLifecycleTest {

  private final RuleEngine rule = new RuleEngine(Rules.rule("""
      - id: rain-1h
        description: rainfall over the last hour
        metric: rain_1h
        condition: {type: threshold}
        levels:
          blue: {raise: 10, clear: 6}
          yellow: {raise: 20, clear: 15}
          orange: {raise: 30, clear: 24}
          red: {raise: 50, clear: 40}
      """));

  private static SensorMetrics rain(long t, double rain1h) {
    return new SensorMetrics("hill-a", SensorKind.RAIN, "rg-1", t, Map.of(), Map.of("rain_1h", rain1h));
  }

  @Test
  void stormLifecycleGivesOneAlertWithItsTransitions() {
    double[] series = {2, 11, 12, 8, 22, 33, 55, 45, 41, 30, 20, 9, 5, 3};
    RuleState s = rule.newState(rain(0, 0));
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < series.length; i++) {
      events.addAll(rule.onMetrics(s, rain(1_000L * i, series[i])));
    }
    assertThat(events)
        .extracting(AlertEvent::state, AlertEvent::level, AlertEvent::threshold)
        .containsExactly(
            tuple(AlertState.OPENED, Level.BLUE, 10.0), // 11 >= 10
            tuple(AlertState.ESCALATED, Level.YELLOW, 20.0), // 22
            tuple(AlertState.ESCALATED, Level.ORANGE, 30.0), // 33
            tuple(AlertState.ESCALATED, Level.RED, 50.0), // 55
            tuple(AlertState.DE_ESCALATED, Level.ORANGE, 40.0), // 30 < red clear 40
            tuple(AlertState.DE_ESCALATED, Level.YELLOW, 24.0), // 20 < orange clear 24
            tuple(AlertState.DE_ESCALATED, Level.BLUE, 15.0), // 9 < yellow clear 15
            tuple(AlertState.RESOLVED, Level.NONE, 6.0)); // 5 < blue clear 6
    assertThat(s.isOpen()).isFalse();
    // One alert: every transition carries the id and start of the opening reading (index 1 -> t = 1000 ms).
    assertThat(events).extracting(AlertEvent::id).containsOnly(AlertIds.of("rain-1h", "hill-a/rain/rg-1", 1000));
    assertThat(events).extracting(AlertEvent::startedAtMs).containsOnly(1000L);
    assertThat(events.get(events.size() - 1).message()).contains("resolved");
    assertThat(events).extracting(AlertEvent::eventId).doesNotHaveDuplicates();
  }

  @Test
  void idsAreDeterministicAndDistinct() {
    assertThat(AlertIds.of("r", "s", 1)).isEqualTo(AlertIds.of("r", "s", 1)).startsWith("alt_").hasSize(24);
    assertThat(AlertIds.of("r", "s", 1)).isNotEqualTo(AlertIds.of("r", "s", 2));
  }

  @Test
  void eventsCarryTheExplainingMetricsAndTheSlopeForecast() {
    RuleEngine tangent = new RuleEngine(Rules.rule("""
        - id: slope-tangent-angle
          description: tangent angle (lower bound)
          scope: {kinds: [gnss]}
          metric: tangent_angle_low_deg
          condition: {type: tangent_angle}
          levels:
            yellow: {raise: 45, clear: 40}
            orange: {raise: 80, clear: 78}
            red: {raise: 85, clear: 83}
          explain: [velocity_mm_d, tangent_angle_deg, acceleration_mm_d2, forecast_r2]
        """));
    // 1764316800000 = 2025-11-28T08:00:00Z; the forecast is 10 h later, 18:00:00Z. No acceleration in the reading.
    long t = 1764316800000L;
    SensorMetrics m = new SensorMetrics("hill", SensorKind.GNSS, "g1", t, Map.of("disp_mm", 31.0),
        Map.of("tangent_angle_low_deg", 81.0, "tangent_angle_deg", 83.5, "velocity_mm_d", 4.4,
            "forecast_failure_ts", (double) (t + 36_000_000L), "forecast_r2", 0.91));

    AlertEvent e = tangent.onMetrics(tangent.newState(m), m).get(0);

    assertThat(e.level()).isEqualTo(Level.ORANGE);
    assertThat(e.value()).isEqualTo(81.0);
    assertThat(e.threshold()).isEqualTo(80.0);
    assertThat(e.details()).containsOnly(entry("velocity_mm_d", 4.4), entry("tangent_angle_deg", 83.5),
        entry("forecast_r2", 0.91));
    assertThat(e.forecastFailureAtMs()).isEqualTo(t + 36_000_000L);
    assertThat(e.message()).contains("forecast of failure 2025-11-28T18:00:00Z (fit r2 0.91)");
  }

  @Test
  void aSensorWithoutTheMetricLeavesTheAlertAlone() {
    SensorMetrics m = new SensorMetrics("hill", SensorKind.RAIN, "r1", 1, Map.of("rain_mm", 0.2), Map.of());
    assertThat(rule.onMetrics(rule.newState(m), m)).isEmpty();
  }
}
