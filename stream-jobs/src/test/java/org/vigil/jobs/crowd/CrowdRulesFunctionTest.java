package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.rules.LiveRulesFunction;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.rules.RulesInput;

/**
 * The crowd rules as a keyed broadcast operator: the default ruleset's crowd rules judge the frames, an open alert and
 * the series survive a snapshot and restore, and a ruleset published while running changes crowd alerting at once.
 */
class CrowdRulesFunctionTest {

  private static final long T0 = 1_800_000_000_000L;

  static final RulesetUpdate V0 = new RulesetUpdate(0, "vigil", "", defaults(), "", "default.yaml");

  static String defaults() {
    try {
      return Files.readString(Path.of("..", "infra", "rules", "default.yaml"));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AnalysedFrame frame(int second, int people) {
    // capacity 10, area 1000 m² (density never matters here)
    return new AnalysedFrame("plaza", "cam1", T0 + second * 1000L, second, 768, 576, people, 0, 0, true, 0,
        new AnalysedFrame.ZoneStat[] {new AnalysedFrame.ZoneStat("gate", people, 1000, people / 1000.0, "A", 10)},
        new AnalysedFrame.Box[0]);
  }

  private static KeyedBroadcastOperatorTestHarness<String, AnalysedFrame, RulesInput, AlertEvent> harness()
      throws Exception {
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new CrowdRulesFunction(V0), List.of(LiveRulesFunction.RULESET, org.vigil.jobs.rules.ModesInForce.MODES)),
        AnalysedFrame::subject, Types.STRING, 1, 1, 0);
  }

  private static List<AlertEvent> capacity(List<AlertEvent> events) {
    return events.stream().filter(e -> e.rule().equals("crowd-capacity")).toList();
  }

  @Test
  void theOpenAlertSurvivesARestoreSoItIsNotOpenedAgain() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      // 5 s recent median: 12 of capacity 10 = 1.2, past orange's 1.01 -> orange opens at the first frame
      for (int i = 0; i < 3; i++) {
        h.processElement(frame(i, 12), 0);
      }
      assertThat(capacity(h.extractOutputValues())).extracting(AlertEvent::state, AlertEvent::level)
          .containsExactly(tuple(AlertState.OPENED, Level.ORANGE));
      snapshot = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(frame(3, 12), 0); // still orange: nothing new
      for (int i = 4; i <= 8; i++) {
        h.processElement(frame(i, 2), 0);
      }
      // median at t=6: samples 2..6 = 12,12,2,2,2 -> 2 (share 0.2): below every clear threshold, resolved at t=6
      assertThat(capacity(h.extractOutputValues())).extracting(AlertEvent::state, AlertEvent::updatedAtMs)
          .containsExactly(tuple(AlertState.RESOLVED, T0 + 6_000));
    }
  }

  @Test
  void aPublishedRulesetChangesCrowdAlertingWithoutARestart() throws Exception {
    // v1 raises orange to 1.5 x capacity: 12 of 10 (1.2) is only yellow (0.9) under it; the open orange alert is
    // kept and judged under the new levels at the next frame: de-escalated to yellow, same id.
    // v2 removes crowd-capacity: its open alert resolves at once.
    RulesetUpdate v1 = new RulesetUpdate(1, "eng", "capacity: orange at 150 %", V0.yaml()
        .replace("orange: {raise: 1.01, clear: 0.96}", "orange: {raise: 1.5, clear: 1.4}")
        .replace("red:    {raise: 1.25, clear: 1.2}", "red:    {raise: 2, clear: 1.9}"), "", "test");
    String withoutCapacity = V0.yaml().substring(0, V0.yaml().indexOf("  - id: crowd-capacity"))
        + V0.yaml().substring(V0.yaml().indexOf("  # Persons/m²"));
    RulesetUpdate v2 = new RulesetUpdate(2, "eng", "no capacity rule", withoutCapacity, "", "test");
    try (var h = harness()) {
      h.open();
      h.processElement(frame(0, 12), 0);
      h.processBroadcastElement(RulesInput.of(v1), 0);
      h.processElement(frame(1, 12), 0);
      h.processBroadcastElement(RulesInput.of(v2), 0);
      h.processElement(frame(2, 30), 0); // 3 x capacity: nothing, the rule is gone
      h.processBroadcastElement(RulesInput.of(v1), 0); // an older version again: ignored
      h.processElement(frame(3, 30), 0);
      List<AlertEvent> events = capacity(h.extractOutputValues());
      assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::updatedAtMs).containsExactly(
          tuple(AlertState.OPENED, Level.ORANGE, T0),
          tuple(AlertState.DE_ESCALATED, Level.YELLOW, T0 + 1_000),
          tuple(AlertState.RESOLVED, Level.NONE, T0 + 1_000));
      assertThat(events).extracting(AlertEvent::id).containsOnly(events.get(0).id());
      assertThat(events.get(2).message()).contains("rule crowd-capacity was removed from the ruleset");
    }
  }

  @Test
  void aTouristSiteInHolidayModeIsJudgedWithTheHolidayCrowdLimits() throws Exception {
    // The default ruleset with its commented modes: section in force: crowd-density yellow from 0.8 persons/m² at
    // tourist sites on holidays (daily 1.08).
    String withModes = V0.yaml().replaceAll("(?m)^# (modes:|  +\\S.*)$", "$1")
        .replaceAll("(?m)^# (escalation:|  red: 5m|  orange: 15m)$", "$1");
    RulesetUpdate v1 = new RulesetUpdate(1, "eng", "modes", withModes, "", "test");
    try (var h = harness()) {
      h.open();
      h.processBroadcastElement(RulesInput.of(v1), 0);
      // 100 people on 100 m²: 1 person/m², below daily yellow's 1.08; capacity 1000 (share 0.1) stays quiet.
      for (int i = 0; i < 3; i++) {
        h.processElement(dense(i), 0);
      }
      assertThat(density(h.extractOutputValues())).isEmpty();
      h.processBroadcastElement(RulesInput.of(new org.vigil.jobs.rules.SiteModes(1, new String[] {"plaza"},
          new String[] {"holiday"}, new String[] {"tourist"})), 0);
      h.processElement(dense(3), 0);
      assertThat(density(h.extractOutputValues())).extracting(AlertEvent::level, AlertEvent::threshold,
              AlertEvent::mode, AlertEvent::updatedAtMs)
          .containsExactly(tuple(Level.YELLOW, 0.8, "holiday", T0 + 3_000));
    }
  }

  private static AnalysedFrame dense(int second) {
    return new AnalysedFrame("plaza", "cam1", T0 + second * 1000L, second, 768, 576, 100, 0, 0, true, 0,
        new AnalysedFrame.ZoneStat[] {new AnalysedFrame.ZoneStat("gate", 100, 100, 1.0, "D", 1000)},
        new AnalysedFrame.Box[0]);
  }

  private static List<AlertEvent> density(List<AlertEvent> events) {
    return events.stream().filter(e -> e.rule().equals("crowd-density")).toList();
  }
}
