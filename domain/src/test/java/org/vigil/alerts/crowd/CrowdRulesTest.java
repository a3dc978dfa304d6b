package org.vigil.alerts.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * The crowd rules of a ruleset on constructed frames (one a second unless said otherwise); expected numbers worked
 * out in the comments. The default ruleset's crowd rules are the former built-in crowd rules and their defaults.
 */
class CrowdRulesTest {

  private static final long T0 = 1_800_000_000_000L;

  private final CrowdState state = CrowdState.inMemory();

  static RuleSet defaults() {
    try {
      return RuleSetLoader.parse(Files.readString(Path.of("..", "infra", "rules", "default.yaml")), "default.yaml");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A ruleset of these rules (YAML list items at indent 0). */
  static RuleSet rules(String yaml) {
    return RuleSetLoader.parse("rules:\n  " + yaml.strip().replace("\n", "\n  ") + "\n", "test.yaml");
  }

  private static CrowdSnapshot frame(int second, int people, double areaM2, int capacity, double energy) {
    return new CrowdSnapshot("plaza", "cam1", T0 + second * 1000L, energy,
        List.of(new ZoneObservation("gate", people, areaM2, capacity)));
  }

  private static List<AlertEvent> only(List<AlertEvent> events, String rule) {
    return events.stream().filter(e -> e.rule().equals(rule)).toList();
  }

  @Test
  void theShippedHolidayModeTightensCrowdDensityAtTouristSitesOnly() {
    // 100 people on 100 m2 for 6 s: 1.0 persons/m2, below the daily yellow of 1.08 (level of service D, Fruin) but
    // at or above the holiday yellow of 0.8 that the shipped ruleset sets for sites tagged tourist.
    RuleSet shipped = defaults();
    java.util.function.Function<CrowdRules, List<AlertEvent>> run = rules -> {
      CrowdState s = CrowdState.inMemory();
      List<AlertEvent> out = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        out.addAll(rules.evaluate(s, frame(i, 100, 100, 0, 0)));
      }
      return only(out, "crowd-density");
    };
    assertThat(run.apply(new CrowdRules(shipped, Mode.DAILY, List.of("tourist")))).isEmpty();
    assertThat(run.apply(new CrowdRules(shipped, Mode.HOLIDAY, List.of()))).isEmpty();
    assertThat(run.apply(new CrowdRules(shipped, Mode.EMERGENCY, List.of("tourist")))).isEmpty();
    assertThat(run.apply(new CrowdRules(shipped, Mode.HOLIDAY, List.of("tourist"))))
        .extracting(AlertEvent::state, AlertEvent::level, AlertEvent::threshold)
        .containsExactly(tuple(AlertState.OPENED, Level.YELLOW, 0.8));
  }

  @Test
  void capacityLevelsAreSharesOfTheCapacity() {
    // Recent window 1 s: with a frame a second, "recent" is the frame itself. Capacity 10: shares 0.8, 0.9 (yellow
    // from 0.9), 1.1 (orange from 1.01), 1.3 (red from 1.25), 1.2 (not below red's clear 1.2), 1.1 (below it: down
    // to orange, whose clear 0.96 it still reaches), 0.9 (below 0.96: yellow), 0.7 (below yellow's clear 0.85).
    CrowdRules rules = new CrowdRules(rules("""
        - id: crowd-capacity
          metric: capacity_share
          condition: {type: crowd, recent: 1s}
          levels: {yellow: {raise: 0.9, clear: 0.85}, orange: {raise: 1.01, clear: 0.96}, red: {raise: 1.25, clear: 1.2}}
        """));
    int[] counts = {8, 9, 11, 13, 12, 11, 9, 7};
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      events.addAll(rules.evaluate(state, frame(i, counts[i], 1000, 10, 0)));
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::value, AlertEvent::threshold)
        .containsExactly(
            tuple(AlertState.OPENED, Level.YELLOW, 0.9, 0.9),
            tuple(AlertState.ESCALATED, Level.ORANGE, 1.1, 1.01),
            tuple(AlertState.ESCALATED, Level.RED, 1.3, 1.25),
            tuple(AlertState.DE_ESCALATED, Level.ORANGE, 1.1, 1.2),
            tuple(AlertState.DE_ESCALATED, Level.YELLOW, 0.9, 0.96),
            tuple(AlertState.RESOLVED, Level.NONE, 0.7, 0.85));
    AlertEvent opened = events.get(0);
    assertThat(opened.subject()).isEqualTo("plaza/camera/cam1/gate");
    assertThat(opened.id()).isEqualTo(AlertIds.of("crowd-capacity", "plaza/camera/cam1/gate", T0 + 1000));
    assertThat(events).allMatch(e -> e.id().equals(opened.id()));
    assertThat(events.get(1).message())
        .startsWith("11 persons in zone gate of plaza/camera/cam1 (median of the last 1 s), capacity 10 (110%)");
    assertThat(events.get(1).details()).containsEntry("people", 11.0).containsEntry("capacity", 10.0);
  }

  @Test
  void densityLevelsAreFruinEAndFAndTheCriticalDensity() {
    // Default ruleset, recent window 5 s: a steady count per 5 frames so the median is that count.
    // Area 10 m²: 11 -> 1.1/m² (E, yellow), 22 -> 2.2 (F, orange), 40 -> 4.0 (red), 36 -> 3.6 (not below red's
    // clear 3.5), 34 -> 3.4 (orange), 8 -> 0.8 (below orange's 1.8 and yellow's 0.9).
    CrowdRules rules = new CrowdRules(defaults());
    int[] counts = {10, 11, 22, 40, 36, 34, 8};
    List<AlertEvent> events = new ArrayList<>();
    int second = 0;
    for (int c : counts) {
      for (int k = 0; k < 5; k++) {
        events.addAll(only(rules.evaluate(state, frame(second++, c, 10, 0, 0)), "crowd-density"));
      }
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::level).containsExactly(
        tuple(AlertState.OPENED, Level.YELLOW),
        tuple(AlertState.ESCALATED, Level.ORANGE),
        tuple(AlertState.ESCALATED, Level.RED),
        tuple(AlertState.DE_ESCALATED, Level.ORANGE),
        tuple(AlertState.RESOLVED, Level.NONE));
    assertThat(events.get(2).value()).isCloseTo(4.0, within(1e-12));
    assertThat(events.get(2).message()).startsWith(
        "Density 4.00 persons/m² in zone gate of plaza/camera/cam1: 40 persons on 10 m² (median of the last 5 s), "
            + "level of service F");
    assertThat(events.get(0).message()).contains("level of service E");
  }

  @Test
  void levelOfServiceLevelsMayBeLetters() {
    // 12 persons on 10 m² = 1.2/m²: E (5) -> yellow; 25 -> 2.5/m²: F (6) -> orange.
    CrowdRules rules = new CrowdRules(rules("""
        - id: los
          metric: level_of_service
          condition: {type: crowd, recent: 1s}
          levels: {yellow: E, orange: F}
        """));
    List<AlertEvent> e = new ArrayList<>(rules.evaluate(state, frame(0, 12, 10, 0, 0)));
    e.addAll(rules.evaluate(state, frame(1, 25, 10, 0, 0)));
    assertThat(e).extracting(AlertEvent::level, AlertEvent::value, AlertEvent::threshold)
        .containsExactly(tuple(Level.YELLOW, 5.0, 5.0), tuple(Level.ORANGE, 6.0, 6.0));
  }

  @Test
  void oneMiscountedFrameDoesNotOpenAnAlert() {
    // Default 5 s window: 5, 5, 5, 20, 5, 5 -> medians 5 throughout: nothing for capacity 10 (share 0.5).
    CrowdRules rules = new CrowdRules(defaults());
    int[] counts = {5, 5, 5, 20, 5, 5};
    for (int i = 0; i < counts.length; i++) {
      assertThat(rules.evaluate(state, frame(i, counts[i], 1000, 10, 0))).isEmpty();
    }
  }

  @Test
  void minutesToCapacityWarnsBeforeTheZoneIsFull() {
    // Capacity 100, 80 people throughout, a frame every 15 s. Entries: one per frame (4/min); exits none until
    // 120 s, then one per frame. Default crowd-filling: window 1 min, judged once the frames in it span 30 s.
    // t=15: span 15 s, not judged. t=30: frames 0, 15, 30 span 30 s: entries (2 - 0) / 0.5 min = 4/min, net 4:
    // (100 - 80) / 4 = 5 min -> orange (at or below 5) at once.
    // t=135: frames 90..135 (45 s): entries 3 / 0.75 = 4, exits 1 / 0.75 = 1.33: net 2.67 -> 7.5 min, within
    // orange's clear 8: stays. t=150: exits 2 / 0.75 = 2.67, net 1.33 -> 15 min: past 8, within yellow's clear 15:
    // de-escalates to yellow. t=165: exits 3 / 0.75 = 4, net 0: never full (infinite) -> resolved.
    CrowdRules rules = new CrowdRules(defaults());
    List<AlertEvent> events = new ArrayList<>();
    for (int t = 0; t <= 180; t += 15) {
      long exits = t <= 120 ? 0 : (t - 120) / 15;
      CrowdSnapshot s = new CrowdSnapshot("plaza", "cam1", T0 + t * 1000L, 0,
          List.of(new ZoneObservation("gate", 80, 1000, 100, t / 15, exits, 0, 0)));
      events.addAll(only(rules.evaluate(state, s), "crowd-filling"));
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::updatedAtMs)
        .containsExactly(
            tuple(AlertState.OPENED, Level.ORANGE, T0 + 30_000),
            tuple(AlertState.DE_ESCALATED, Level.YELLOW, T0 + 150_000),
            tuple(AlertState.RESOLVED, Level.NONE, T0 + 165_000));
    assertThat(events.get(0).value()).isCloseTo(5.0, within(1e-9));
    assertThat(events.get(0).threshold()).isEqualTo(5.0);
    assertThat(events.get(0).details()).containsEntry("net_inflow_per_min", 4.0).containsEntry("people", 80.0)
        .containsEntry("capacity", 100.0);
    assertThat(events.get(0).message()).startsWith("Zone gate of plaza/camera/cam1 full in 5 min at the current net "
        + "inflow: 80 persons (median of the last 5 s) of a capacity of 100, net inflow 4 persons/min over the last "
        + "60 s, at or below the orange level of 5.00 min");
    assertThat(events.get(1).value()).isCloseTo(15.0, within(1e-9));
    assertThat(CrowdRules.minutesToCapacity(100, 80, 4)).isEqualTo(5.0);
    assertThat(CrowdRules.minutesToCapacity(100, 100, 4)).isZero();
    assertThat(CrowdRules.minutesToCapacity(100, 80, -1)).isInfinite();
    assertThat(CrowdRules.minutesToCapacity(0, 80, 4)).isInfinite();
  }

  @Test
  void aRestartedCountIsNotANegativeRate() {
    // Cumulative entries 10, 20, 30 then the analyser restarts: 0, 2. At t=40 s only the frames since the restart
    // (30 s, 40 s) count: 2 in 10 s, and 10 s is less than half the minute: not judged (NaN), not -28/min.
    Samples s = Samples.empty();
    long[] ts = {0, 10_000, 20_000, 30_000, 40_000};
    double[] v = {10, 20, 30, 0, 2};
    for (int i = 0; i < ts.length; i++) {
      s = s.append(T0 + ts[i], v[i], 120_000);
    }
    assertThat(CrowdRules.rate(s, T0 + 40_000, 60_000)).isNaN();
    // Without the restart: 0..40 s, 40 entries over 40 s = 60/min.
    Samples steady = Samples.empty();
    for (int i = 0; i <= 4; i++) {
      steady = steady.append(T0 + i * 10_000L, i * 10, 120_000);
    }
    assertThat(CrowdRules.rate(steady, T0 + 40_000, 60_000)).isEqualTo(60.0);
  }

  @Test
  void linesDwellAndScopeGlobs() {
    // Line door-1: 3 crossings in per frame every 10 s = 18/min (span 30 s at t=30). Loitering: max dwell 320 s
    // in zone stage-1 (not in scope gate-*: only gate-1 is judged for people).
    CrowdRules rules = new CrowdRules(rules("""
        - id: door-in
          scope: {cameras: "cam*", lines: "door-*"}
          metric: line_in_per_min
          condition: {type: crowd, window: 1m}
          levels: {yellow: 15}
        - id: loitering
          scope: {zones: [stage-1]}
          metric: max_dwell_s
          condition: {type: crowd, recent: 1s}
          levels: {blue: 300}
        - id: gate-people
          scope: {sites: [plaza], zones: "gate-*"}
          metric: people
          condition: {type: crowd, recent: 1s}
          levels: {yellow: 10}
        """));
    List<AlertEvent> events = new ArrayList<>();
    for (int t = 0; t <= 30; t += 10) {
      CrowdSnapshot s = new CrowdSnapshot("plaza", "cam1", T0 + t * 1000L, 0,
          List.of(new ZoneObservation("gate-1", 12, 100, 0), new ZoneObservation("stage-1", 12, 100, 0, 0, 0,
              t == 30 ? 320 : 100, 50)),
          List.of(new LineObservation("door-1", 3L * t / 10, 0), new LineObservation("exit", 3L * t / 10, 0)));
      events.addAll(rules.evaluate(state, s));
    }
    assertThat(events).extracting(AlertEvent::rule, AlertEvent::subject, AlertEvent::level, AlertEvent::updatedAtMs)
        .containsExactly(
            tuple("gate-people", "plaza/camera/cam1/gate-1", Level.YELLOW, T0),
            tuple("door-in", "plaza/camera/cam1/line/door-1", Level.YELLOW, T0 + 30_000),
            tuple("loitering", "plaza/camera/cam1/stage-1", Level.BLUE, T0 + 30_000));
    assertThat(events.get(1).value()).isEqualTo(18.0);
    assertThat(events.get(1).message()).startsWith("18 crossings/min inwards over counting line door-1 of "
        + "plaza/camera/cam1 (over the last 60 s)");
    assertThat(events.get(2).message()).startsWith("Someone has been in zone stage-1 of plaza/camera/cam1 for 320 s");
    // Another site is out of the people rule's scope.
    CrowdRules sameRules = new CrowdRules(rules("""
        - id: gate-people
          scope: {sites: [plaza], zones: "gate-*"}
          metric: people
          condition: {type: crowd, recent: 1s}
          levels: {yellow: 10}
        """));
    assertThat(sameRules.evaluate(CrowdState.inMemory(), new CrowdSnapshot("harbour", "cam1", T0, 0,
        List.of(new ZoneObservation("gate-1", 50, 100, 0))))).isEmpty();
  }

  @Test
  void pendingDelaysAnAlertAsForSensorRules() {
    // pending 10s: 12 people from t=0 on; raised once it held 10 s, at the frame of t=10 (what falls due between
    // frames is made at the next frame, stamped when it fell due).
    CrowdRules rules = new CrowdRules(rules("""
        - id: gate-people
          metric: people
          condition: {type: crowd, recent: 1s}
          levels: {yellow: 10}
          pending: 10s
        """));
    List<AlertEvent> events = new ArrayList<>();
    for (int t = 0; t <= 20; t += 4) {
      events.addAll(rules.evaluate(state, frame(t, 12, 100, 0, 0)));
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::updatedAtMs)
        .containsExactly(tuple(AlertState.OPENED, T0 + 10_000));
    assertThat(events.get(0).message()).endsWith("at or above the yellow level of 10.0 persons for at least 10s");
  }

  @Test
  void surgeAgainstASteadyBaselineOpensAndResolvesAsTheBaselineCatchesUp() {
    // 10 persons for 65 s, then 20. Defaults: recent = median of (t-5 s, t], baseline (t-65 s, t-5 s].
    // t=65: [10,10,10,10,20] -> 10; t=66: -> 10; t=67: [10,10,20,20,20] -> 20. Baseline 60 x 10: mean 10, sd 0,
    // spread max(0, 1) = 1, threshold max(3 x 1, 5) = 5: rise 10 is 2 thresholds, opens at t=67.
    // From t=70 the baseline holds k = t-69 twenties: mean 10 + k/6, sd sqrt(k(60-k))/6, rise 10 - k/6; clears when
    // the rise < 0.5 x max(3 sd, 5). k=18: 7.0 vs 0.5 x 13.75 = 6.87 stays; k=19: 6.833 vs 0.5 x 3 x sqrt(779)/6 =
    // 6.978 clears: t = 88.
    CrowdRules rules = new CrowdRules(defaults());
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i <= 120; i++) {
      events.addAll(rules.evaluate(state, frame(i, i < 65 ? 10 : 20, 100, 0, 1.0)));
    }
    assertThat(events).extracting(AlertEvent::rule).containsOnly("crowd-surge");
    assertThat(events).hasSize(2);
    AlertEvent opened = events.get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.level()).isEqualTo(Level.ORANGE);
    assertThat(opened.updatedAtMs()).isEqualTo(T0 + 67_000);
    assertThat(opened.value()).isEqualTo(2.0);
    assertThat(opened.threshold()).isEqualTo(1.0);
    assertThat(opened.details()).containsEntry("people", 20.0).containsEntry("baseline_mean", 10.0)
        .containsEntry("baseline_sd", 0.0);
    assertThat(opened.message()).startsWith("Surge in zone gate of plaza/camera/cam1: 20 persons now against 10 ± 0 "
        + "over the 60 s before, a rise of 10 (threshold 5 = max(3 × max(sd, 1), 5))");
    AlertEvent resolved = events.get(1);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.updatedAtMs()).isEqualTo(T0 + 88_000);
    assertThat(resolved.value()).isCloseTo((10 - 19 / 6.0) / (3 * Math.sqrt(779) / 6), within(1e-9));
    assertThat(resolved.threshold()).isEqualTo(0.5);
  }

  @Test
  void dispersalNeedsAFastDropAndHighMotionEnergy() {
    // 30 persons and motion energy 1.0 for 65 s, then 10 persons and energy 5.0.
    // t=67: recent count median [30,30,10,10,10] = 10, drop 20; threshold max(3 x 1, 5, 0.3 x 30 = 9) = 9: 2.22.
    // Energy: recent mean (2 x 1 + 3 x 5)/5 = 3.4 >= max(2, 2 x 1.0): high -> dispersal opens at t=67.
    // Abnormal motion: t=66 recent (3 + 10)/5 = 2.6, excess 1.6 < 4 x max(0, 0.5) = 2; t=67 excess 2.4 = 1.2 x 2.
    CrowdRules rules = new CrowdRules(defaults());
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i <= 67; i++) {
      events.addAll(rules.evaluate(state, frame(i, i < 65 ? 30 : 10, 100, 0, i < 65 ? 1.0 : 5.0)));
    }
    assertThat(events).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::updatedAtMs).containsExactly(
        tuple("crowd-dispersal", AlertState.OPENED, T0 + 67_000),
        tuple("crowd-motion", AlertState.OPENED, T0 + 67_000));
    AlertEvent dispersal = events.get(0);
    assertThat(dispersal.value()).isCloseTo(20 / 9.0, within(1e-12));
    assertThat(dispersal.threshold()).isEqualTo(1.0);
    assertThat(dispersal.level()).isEqualTo(Level.ORANGE);
    assertThat(dispersal.subject()).isEqualTo("plaza/camera/cam1/gate");
    assertThat(dispersal.message()).contains("a drop of 20 (threshold 9) with motion energy 3.40 px/frame (baseline 1");
    assertThat(dispersal.details()).containsEntry("people", 10.0).containsEntry("baseline_mean", 30.0)
        .containsEntry("baseline_sd", 0.0).containsEntry("motion_energy", 3.4)
        .containsEntry("baseline_motion_energy", 1.0);
    AlertEvent motion = events.get(1);
    assertThat(motion.subject()).isEqualTo("plaza/camera/cam1");
    assertThat(motion.level()).isEqualTo(Level.YELLOW);
    assertThat(motion.value()).isCloseTo(1.2, within(1e-9));
  }

  @Test
  void aCalmDropIsNotADispersal() {
    CrowdRules rules = new CrowdRules(defaults());
    for (int i = 0; i <= 90; i++) {
      assertThat(rules.evaluate(state, frame(i, i < 65 ? 30 : 10, 100, 0, 1.0))).isEmpty();
    }
  }

  @Test
  void weakMotionIsNeverAbnormalHoweverCalmTheBaseline() {
    // Baseline 0.1 px/frame, then 1.5 (below the minimum 2), then 1.9: excess 1.8 < 4 x 0.5 = 2. Nothing opens.
    CrowdRules rules = new CrowdRules(defaults());
    for (int i = 0; i <= 80; i++) {
      double energy = i < 65 ? 0.1 : i < 72 ? 1.5 : 1.9;
      assertThat(rules.evaluate(state, frame(i, 5, 100, 0, energy))).isEmpty();
    }
  }

  @Test
  void noBaselineNoAnomalyAndOldFramesAreIgnored() {
    CrowdRules rules = new CrowdRules(defaults());
    for (int i = 0; i < 15; i++) {
      assertThat(rules.evaluate(state, frame(i, i < 9 ? 0 : 50, 100, 0, 0))).isEmpty();
    }
    assertThat(rules.evaluate(state, frame(3, 500, 1, 1, 0))).isEmpty();
  }

  @Test
  void aChangedRuleKeepsItsOpenAlertAndJudgesUnderTheNewLevels() {
    // people >= 10 yellow opens; the rule is republished with yellow at 20: the next frame (12) resolves the same
    // alert (same id), as a changed sensor rule does.
    String v1 = """
        - id: gate-people
          metric: people
          condition: {type: crowd, recent: 1s}
          levels: {yellow: 10}
        """;
    List<AlertEvent> a = new CrowdRules(rules(v1)).evaluate(state, frame(0, 12, 100, 0, 0));
    List<AlertEvent> b = new CrowdRules(rules(v1.replace("yellow: 10", "yellow: 20")))
        .evaluate(state, frame(1, 12, 100, 0, 0));
    assertThat(a).extracting(AlertEvent::state).containsExactly(AlertState.OPENED);
    assertThat(b).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
    assertThat(b.get(0).id()).isEqualTo(a.get(0).id());
  }
}
