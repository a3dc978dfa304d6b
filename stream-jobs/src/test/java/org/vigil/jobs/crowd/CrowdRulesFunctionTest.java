package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.crowd.CrowdRuleOptions;
import org.vigil.alerts.crowd.CrowdRules;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** The crowd rules as keyed Flink state: an open alert and the series survive a snapshot and restore. */
class CrowdRulesFunctionTest {

  private static final long T0 = 1_800_000_000_000L;

  private static AnalysedFrame frame(int second, int people) {
    // capacity 10, area 1000 m² (density never matters here)
    return new AnalysedFrame("plaza", "cam1", T0 + second * 1000L, second, 768, 576, people, 0, 0, true, 0,
        new AnalysedFrame.ZoneStat[] {new AnalysedFrame.ZoneStat("gate", people, 1000, people / 1000.0, "A", 10)},
        new AnalysedFrame.Box[0]);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, AnalysedFrame, AlertEvent> harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new CrowdRulesFunction(new CrowdRules(CrowdRuleOptions.defaults()))),
        AnalysedFrame::subject, Types.STRING);
  }

  @Test
  void theOpenAlertSurvivesARestoreSoItIsNotOpenedAgain() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      // 5 s recent median: 12, 12, 12 -> 12 > capacity 10 -> orange opens at the first frame (median of one)
      for (int i = 0; i < 3; i++) {
        h.processElement(frame(i, 12), 0);
      }
      assertThat(h.extractOutputValues()).extracting(AlertEvent::state, AlertEvent::level)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(AlertState.OPENED, Level.ORANGE));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(frame(3, 12), 0); // still orange: nothing new
      // 5 s window at t=8: samples 4..8 are 2, median 2 -> below every clear threshold: resolved
      for (int i = 4; i <= 8; i++) {
        h.processElement(frame(i, 2), 0);
      }
      assertThat(h.extractOutputValues()).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
      // median at t=6: samples 2..6 = 12,12,2,2,2 -> 2: resolved already at t=6
      assertThat(h.extractOutputValues().get(0).updatedAtMs()).isEqualTo(T0 + 6_000);
    }
  }
}
