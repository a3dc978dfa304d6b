package org.vigil.alerts.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

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
}
