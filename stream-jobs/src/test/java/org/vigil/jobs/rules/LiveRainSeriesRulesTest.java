package org.vigil.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * The rain conditions that keep a gauge's reports (recent_antecedent, intensity_duration with a storm) in the live
 * rule operator: their reports, storm and waiting dry reports are keyed state and survive a restore mid-storm.
 */
class LiveRainSeriesRulesTest {

  private static final long HOUR = 3_600_000L;
  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static final RulesetUpdate RULES = new RulesetUpdate(0, "test", "", """
      rules:
        - id: ra
          scope: {kinds: [rain]}
          condition: {type: recent_antecedent, unit: mm, recent: 2h, antecedent: 3h, intercept: 10, slope: -0.5,
                      count: reports}
          levels: {yellow: 1}
        - id: id
          scope: {kinds: [rain]}
          condition: {type: intensity_duration, curve: custom, alpha: 2, beta: 1, unit: mm,
                      storm: {endsAfter: 2 reports}}
          levels: {yellow: 1}
      """, "", "test");

  private static SensorMetrics rain(int hour, double mm) {
    return new SensorMetrics("hill-a", SensorKind.RAIN, "rg-1", T0 + hour * HOUR, Map.of("rain_mm", mm), Map.of());
  }

  private static KeyedBroadcastOperatorTestHarness<String, SensorMetrics, RulesInput, AlertEvent> harness()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new LiveRulesFunction(LiveRulesFunction.Scope.SENSOR, RULES),
            List.of(LiveRulesFunction.RULESET, org.vigil.jobs.rules.ModesInForce.MODES)),
        SensorMetrics::subject, Types.STRING, 1, 1, 0);
  }

  /** Runs reports {@code from} to {@code to} (exclusive) on a harness restored from {@code state} (null: fresh). */
  private static List<AlertEvent> run(OperatorSubtaskState state, double[] mm, int from, int to,
      OperatorSubtaskState[] snapshot) throws Exception {
    var h = harness();
    if (state != null) {
      h.initializeState(state);
    }
    h.open();
    for (int i = from; i < to; i++) {
      h.processElement(rain(i, mm[i]), T0 + i * HOUR);
    }
    snapshot[0] = h.snapshot(to, 0);
    List<AlertEvent> out = List.copyOf(h.extractOutputValues());
    h.close();
    return out;
  }

  @Test
  void reportsStormsAndWaitingDryReportsSurviveRestores() throws Exception {
    double[] mm = {4, 2, 0, 6, 5, 3, 0, 0};
    OperatorSubtaskState[] s = new OperatorSubtaskState[1];
    // id, I = 2 / D, the storm from T0 - 1 h (no report before the first): 0 h: 4 mm / 1 h against 2 -> opens.
    //   Wet to 5 h with one dry report (2 h, counted once 3 h is wet); 6 h: dry, waits; 7 h: the second dry report
    //   ends the storm: 6 h and 7 h judge 0 -> resolved, stamped 6 h.
    // ra, as in RainSeriesConditionTest: 4 h: recent 11 against the line 10 - 0.5 * 6 = 7 -> opens; 5 h: 8 / 6
    //   holds; 6 h: 3 / 4.5 -> resolves. Its windows at 4 h need the reports from before the first restore.
    assertThat(run(null, mm, 0, 3, s)).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::updatedAtMs)
        .containsExactly(tuple("id", AlertState.OPENED, T0));
    assertThat(run(s[0], mm, 3, 7, s)).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::updatedAtMs)
        .containsExactly(tuple("ra", AlertState.OPENED, T0 + 4 * HOUR),
            tuple("ra", AlertState.RESOLVED, T0 + 6 * HOUR));
    // The report at 6 h waited in keyed state across the restore.
    assertThat(run(s[0], mm, 7, 8, s)).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::updatedAtMs)
        .containsExactly(tuple("id", AlertState.RESOLVED, T0 + 6 * HOUR));
  }
}
