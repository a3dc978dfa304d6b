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
 * The rule operator's per-key clock in Flink's broadcast harness, processing time set by hand and no watermark at all:
 * a backfill handed over in one burst, a slow clock, a silent sensor, and a restore after downtime.
 */
class LiveRulesClockTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long NOW = 1_795_852_800_000L; // the job's clock: 2026-11-28T08:00:00Z

  /** A gauge silent for 30 min is yellow; rain_1h at 20 mm for 5 min is yellow. */
  private static final RulesetUpdate RULES = new RulesetUpdate(0, "test", "", """
      rules:
        - id: gauge-silent
          scope: {kinds: [rain]}
          condition: {type: deadman}
          levels: {yellow: 30m}
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels: {yellow: {raise: 20, clear: 15}}
          pending: 5m
      """, "", "test");

  private static SensorMetrics rain(long ts, double mm1h) {
    return new SensorMetrics("hill-a", SensorKind.RAIN, "rg-1", ts, Map.of("rain_mm", 1.0), Map.of("rain_1h", mm1h));
  }

  private static KeyedBroadcastOperatorTestHarness<String, SensorMetrics, RulesInput, AlertEvent> harness()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new LiveRulesFunction(LiveRulesFunction.Scope.SENSOR, RULES),
            List.of(LiveRulesFunction.RULESET, org.vigil.jobs.rules.ModesInForce.MODES)),
        SensorMetrics::subject, Types.STRING, 1, 1, 0);
  }

  private static List<org.assertj.core.groups.Tuple> events(KeyedBroadcastOperatorTestHarness<String, SensorMetrics, RulesInput, AlertEvent> h) {
    return h.extractOutputValues().stream()
        .map(e -> tuple(e.rule(), e.state(), e.updatedAtMs())).toList();
  }

  /**
   * Two days ago the gauge reported every 10 min, with rain_1h above 20 mm from the start and a 40-minute gap after
   * the fourth report. Handed over in one burst, it is judged as it happened: yellow 5 min after the first report
   * (before the second is judged), a deadman 30 min into the gap, resolved by the report that ends it, and no deadman
   * between reports 10 min apart although the job's clock is two days ahead.
   */
  @Test
  void aBackfillInOneBurstIsJudgedAsItHappened() throws Exception {
    var h = harness();
    h.open();
    h.setProcessingTime(NOW);
    long t0 = NOW - 48 * HOUR;
    long[] times = {t0, t0 + 10 * MIN, t0 + 20 * MIN, t0 + 30 * MIN, t0 + 70 * MIN, t0 + 80 * MIN};
    for (long t : times) {
      h.processElement(rain(t, 25), t);
    }
    h.setProcessingTime(NOW + 1); // any timer due by the key's own clock would fire now
    assertThat(events(h)).containsExactly(
        tuple("rain-1h", AlertState.OPENED, t0 + 5 * MIN),
        tuple("gauge-silent", AlertState.OPENED, t0 + 60 * MIN),
        tuple("gauge-silent", AlertState.RESOLVED, t0 + 70 * MIN));
    // Then silence: 29 min of wall clock later nothing; at 30 min past the last report's arrival, its deadman.
    h.setProcessingTime(NOW + 29 * MIN);
    assertThat(h.extractOutputValues()).hasSize(3);
    h.setProcessingTime(NOW + 30 * MIN);
    assertThat(events(h)).hasSize(4).last().isEqualTo(tuple("gauge-silent", AlertState.OPENED, t0 + 110 * MIN));
    h.close();
  }

  /** A clock three hours slow, reporting every minute: no deadman while it reports, one 30 min after it stops. */
  @Test
  void aSlowClockIsSilentOnlyWhenItStopsReporting() throws Exception {
    var h = harness();
    h.open();
    long behind = 3 * HOUR;
    for (int i = 0; i <= 60; i++) {
      h.setProcessingTime(NOW + i * MIN);
      h.processElement(rain(NOW + i * MIN - behind, 0), NOW + i * MIN - behind);
    }
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(NOW + 60 * MIN + 30 * MIN);
    assertThat(events(h)).containsExactly(tuple("gauge-silent", AlertState.OPENED, NOW + 90 * MIN - behind));
    h.close();
  }

  /**
   * A job restored after two hours down does not count its own downtime as the sensors' silence (the broker replays
   * their backlog): the deadman comes 30 min after the restart unless a reading comes first.
   */
  @Test
  void aRestoreCountsSilenceFromTheRestart() throws Exception {
    var h = harness();
    h.open();
    h.setProcessingTime(NOW);
    h.processElement(rain(NOW, 0), NOW);
    OperatorSubtaskState snapshot = h.snapshot(1, NOW);
    h.close();

    var restored = harness();
    restored.initializeState(snapshot);
    restored.open();
    restored.setProcessingTime(NOW + 2 * HOUR); // the restored timer fires at once: not due by the key's clock
    assertThat(restored.extractOutputValues()).isEmpty();
    restored.setProcessingTime(NOW + 2 * HOUR + 30 * MIN);
    assertThat(events(restored)).containsExactly(tuple("gauge-silent", AlertState.OPENED, NOW + 30 * MIN));
    restored.close();
  }
}
