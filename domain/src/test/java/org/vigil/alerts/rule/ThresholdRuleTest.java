package org.vigil.alerts.rule;

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

class ThresholdRuleTest {

  private final ThresholdRule rule =
      new ThresholdRule("rain-1h", "rain_1h", "rainfall over the last hour", "mm", LevelThresholdsTest.RAIN);

  @Test
  void stormLifecycleGivesOneAlertWithItsTransitions() {
    double[] series = {2, 11, 12, 8, 22, 33, 55, 45, 41, 30, 20, 9, 5, 3};
    OpenAlert open = null;
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < series.length; i++) {
      ThresholdRule.Outcome o = rule.evaluate(open, "hill-a", "hill-a/rain/rg-1", series[i], 1_000L * i);
      open = o.state();
      if (o.event() != null) {
        events.add(o.event());
      }
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
    assertThat(open).isNull();
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
    ThresholdRule tangent = new ThresholdRule("slope-tangent-angle", "tangent_angle_low_deg",
        "tangent angle (lower bound)", "deg", LevelThresholds.parse("yellow:45/40,orange:80/78,red:85/83"),
        List.of("velocity_mm_d", "tangent_angle_deg", "missing_metric"));
    // 1764316800000 = 2025-11-28T08:00:00Z; the forecast is 10 h later, 18:00:00Z.
    long t = 1764316800000L;
    SensorMetrics m = new SensorMetrics("hill", SensorKind.GNSS, "g1", t, Map.of("disp_mm", 31.0),
        Map.of("tangent_angle_low_deg", 81.0, "tangent_angle_deg", 83.5, "velocity_mm_d", 4.4,
            "forecast_failure_ts", (double) (t + 36_000_000L), "forecast_r2", 0.91));

    AlertEvent e = tangent.evaluate(null, m).event();

    assertThat(e.level()).isEqualTo(Level.ORANGE);
    assertThat(e.value()).isEqualTo(81.0);
    assertThat(e.threshold()).isEqualTo(80.0);
    assertThat(e.details()).containsOnly(entry("velocity_mm_d", 4.4), entry("tangent_angle_deg", 83.5));
    assertThat(e.forecastFailureAtMs()).isEqualTo(t + 36_000_000L);
    assertThat(e.message()).contains("forecast of failure 2025-11-28T18:00:00Z (fit r2 0.91)");
  }

  @Test
  void aSensorWithoutTheMetricLeavesTheAlertAlone() {
    SensorMetrics m = new SensorMetrics("hill", SensorKind.RAIN, "r1", 1, Map.of("rain_mm", 0.2), Map.of());
    assertThat(rule.evaluate(null, m).event()).isNull();
  }
}
