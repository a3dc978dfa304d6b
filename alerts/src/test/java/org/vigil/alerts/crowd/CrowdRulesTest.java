package org.vigil.alerts.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rule.AlertIds;
import org.vigil.alerts.rule.LevelThresholds;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** The crowd rules on constructed series, one frame a second; expected numbers worked out in the comments. */
class CrowdRulesTest {

  private static final long T0 = 1_800_000_000_000L;

  private final CrowdState state = CrowdState.inMemory();

  /** Options with a recent window of 1 s: with a frame a second, "recent" is the frame itself. */
  private static CrowdRuleOptions instant() {
    CrowdRuleOptions d = CrowdRuleOptions.defaults();
    return new CrowdRuleOptions(1_000, d.baselineWindowMs(), d.minBaselineSamples(), d.capacityYellowFraction(),
        d.capacityRedFraction(), d.densityLevels(), d.countSdFloor(), d.surgeK(), d.surgeMinRise(), d.dispersalK(),
        d.dispersalMinDrop(), d.dispersalMinFraction(), d.dispersalEnergyFactor(), d.energySdFloor(), d.motionK(),
        d.motionMinEnergy(), d.clearFactor(), d.surgeLevel(), d.dispersalLevel(), d.motionLevel());
  }

  private static CrowdSnapshot frame(int second, int people, double areaM2, int capacity, double energy) {
    return new CrowdSnapshot("plaza", "cam1", T0 + second * 1000L, energy,
        List.of(new ZoneObservation("gate", people, areaM2, capacity)));
  }

  private static List<AlertEvent> only(List<AlertEvent> events, String rule) {
    return events.stream().filter(e -> e.rule().equals(rule)).toList();
  }

  @Test
  void capacityLevelsFollowTheCapacity() {
    // capacity 10: hysteresis max(1, ceil(0.5)) = 1; yellow ceil(9) = 9 (clear 8); orange 11 (clear 10);
    // red max(12, ceil(12.5)) = 13 (clear 12).
    CrowdRules rules = new CrowdRules(instant());
    assertThat(rules.capacityLevels(10)).isEqualTo(LevelThresholds.parse("yellow:9/8,orange:11/10,red:13/12"));
    int[] counts = {8, 9, 11, 13, 12, 11, 9, 7};
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      events.addAll(only(rules.evaluate(state, frame(i, counts[i], 1000, 10, 0)), CrowdRules.CAPACITY));
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::level, AlertEvent::value, AlertEvent::threshold)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertState.OPENED, Level.YELLOW, 9.0, 9.0),
            org.assertj.core.groups.Tuple.tuple(AlertState.ESCALATED, Level.ORANGE, 11.0, 11.0),
            org.assertj.core.groups.Tuple.tuple(AlertState.ESCALATED, Level.RED, 13.0, 13.0),
            // 12 is not below red's clear 12; 11 is, and not below orange's clear 10.
            org.assertj.core.groups.Tuple.tuple(AlertState.DE_ESCALATED, Level.ORANGE, 11.0, 12.0),
            org.assertj.core.groups.Tuple.tuple(AlertState.DE_ESCALATED, Level.YELLOW, 9.0, 10.0),
            org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, Level.NONE, 7.0, 8.0));
    AlertEvent opened = events.get(0);
    assertThat(opened.subject()).isEqualTo("plaza/camera/cam1/gate");
    assertThat(opened.id()).isEqualTo(AlertIds.of(CrowdRules.CAPACITY, "plaza/camera/cam1/gate", T0 + 1000));
    assertThat(events).allMatch(e -> e.id().equals(opened.id()));
    assertThat(events.get(1).message())
        .startsWith("11 persons in zone gate of plaza/camera/cam1 (median of the last 1 s), capacity 10 (110%)")
        .endsWith("escalated yellow -> orange (raised at 11)");
  }

  @Test
  void densityLevelsAreFruinEAndFAndTheCriticalDensity() {
    CrowdRules rules = new CrowdRules(instant());
    // area 10 m²: 10 -> 1.0/m² (D), 11 -> 1.1 (E, yellow), 22 -> 2.2 (F, orange), 40 -> 4.0 (red),
    // 36 -> 3.6 (not below red's clear 3.5), 34 -> 3.4 (orange), 8 -> 0.8 (below orange's 1.8 and yellow's 0.9).
    int[] counts = {10, 11, 22, 40, 36, 34, 8};
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      events.addAll(only(rules.evaluate(state, frame(i, counts[i], 10, 0, 0)), CrowdRules.DENSITY));
    }
    assertThat(events).extracting(AlertEvent::state, AlertEvent::level).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertState.OPENED, Level.YELLOW),
        org.assertj.core.groups.Tuple.tuple(AlertState.ESCALATED, Level.ORANGE),
        org.assertj.core.groups.Tuple.tuple(AlertState.ESCALATED, Level.RED),
        org.assertj.core.groups.Tuple.tuple(AlertState.DE_ESCALATED, Level.ORANGE),
        org.assertj.core.groups.Tuple.tuple(AlertState.RESOLVED, Level.NONE));
    assertThat(events.get(2).value()).isCloseTo(4.0, within(1e-12));
    assertThat(events.get(2).message()).startsWith(
        "Density 4.00 persons/m² in zone gate of plaza/camera/cam1: 40 persons on 10 m² (median of the last 1 s), "
            + "level of service F");
    assertThat(events.get(0).message()).contains("level of service E");
  }

  @Test
  void oneMiscountedFrameDoesNotOpenAnAlert() {
    // Default 5 s window: 5, 5, 5, 20, 5, 5 -> medians 5, 5, 5, 5, 5, 5: nothing for capacity 10.
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    int[] counts = {5, 5, 5, 20, 5, 5};
    for (int i = 0; i < counts.length; i++) {
      assertThat(rules.evaluate(state, frame(i, counts[i], 1000, 10, 0))).isEmpty();
    }
  }

  @Test
  void surgeAgainstASteadyBaselineOpensAndResolvesAsTheBaselineCatchesUp() {
    // 10 persons for 65 s, then 20. Defaults: recent = median of (t-5 s, t], baseline (t-65 s, t-5 s].
    // t=65: [10,10,10,10,20] -> 10; t=66: -> 10; t=67: [10,10,20,20,20] -> 20. Baseline 60 x 10: mean 10, sd 0,
    // spread max(0, 1) = 1, raises at max(3 x 1, 5) = 5: rise 10 opens at t=67 (value 10, threshold 5).
    // From t=70 the baseline holds k = t-69 twenties: mean 10 + k/6, sd sqrt(k(60-k))/6, rise 10 - k/6; clears when
    // the rise < 0.5 x max(3 sd, 5). k=18: 7.0 vs 6.87 stays; k=19: 6.833 vs 0.5 x 3 x sqrt(779)/6 = 6.978 clears:
    // t = 88.
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i <= 120; i++) {
      List<AlertEvent> e = rules.evaluate(state, frame(i, i < 65 ? 10 : 20, 100, 0, 1.0));
      events.addAll(e);
    }
    assertThat(events).extracting(AlertEvent::rule).containsOnly(CrowdRules.SURGE);
    assertThat(events).hasSize(2);
    AlertEvent opened = events.get(0);
    assertThat(opened.state()).isEqualTo(AlertState.OPENED);
    assertThat(opened.level()).isEqualTo(Level.ORANGE);
    assertThat(opened.updatedAtMs()).isEqualTo(T0 + 67_000);
    assertThat(opened.value()).isEqualTo(10.0);
    assertThat(opened.threshold()).isEqualTo(5.0);
    assertThat(opened.details()).containsEntry("people", 20.0).containsEntry("baseline_mean", 10.0)
        .containsEntry("baseline_sd", 0.0);
    assertThat(opened.message()).startsWith("Surge in zone gate of plaza/camera/cam1: 20 persons now against 10 ± 0 "
        + "over the 60 s before, a rise of 10 (raises at 5 = max(3 × max(sd, 1), 5))");
    AlertEvent resolved = events.get(1);
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.updatedAtMs()).isEqualTo(T0 + 88_000);
    assertThat(resolved.value()).isCloseTo(10 - 19 / 6.0, within(1e-9));
    assertThat(resolved.threshold()).isCloseTo(0.5 * 3 * Math.sqrt(779) / 6, within(1e-9));
  }

  @Test
  void dispersalNeedsAFastDropAndHighMotionEnergy() {
    // 30 persons and motion energy 1.0 for 65 s, then 10 persons and energy 5.0.
    // t=67: recent count median [30,30,10,10,10] = 10, drop 20; raises at max(3 x 1, 5, 0.3 x 30 = 9) = 9.
    // Energy: recent mean (2 x 1 + 3 x 5)/5 = 3.4 >= max(2, 2 x 1.0): high -> dispersal opens at t=67.
    // Abnormal motion: t=66 recent (3 + 10)/5 = 2.6, excess 1.6 < 4 x max(0, 0.5) = 2; t=67 excess 2.4 -> opens.
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    List<AlertEvent> events = new ArrayList<>();
    for (int i = 0; i <= 67; i++) {
      events.addAll(rules.evaluate(state, frame(i, i < 65 ? 30 : 10, 100, 0, i < 65 ? 1.0 : 5.0)));
    }
    assertThat(events).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::updatedAtMs).containsExactly(
        org.assertj.core.groups.Tuple.tuple(CrowdRules.DISPERSAL, AlertState.OPENED, T0 + 67_000),
        org.assertj.core.groups.Tuple.tuple(CrowdRules.MOTION, AlertState.OPENED, T0 + 67_000));
    AlertEvent dispersal = events.get(0);
    assertThat(dispersal.value()).isEqualTo(20.0);
    assertThat(dispersal.threshold()).isEqualTo(9.0);
    assertThat(dispersal.level()).isEqualTo(Level.ORANGE);
    assertThat(dispersal.subject()).isEqualTo("plaza/camera/cam1/gate");
    assertThat(dispersal.message()).contains("a drop of 20 (raises at 9) with motion energy 3.40 px/frame (baseline 1");
    assertThat(dispersal.details()).containsEntry("people", 10.0).containsEntry("baseline_mean", 30.0)
        .containsEntry("baseline_sd", 0.0).containsEntry("motion_energy", 3.4).containsEntry("baseline_motion_energy", 1.0);
    assertThat(dispersal.forecastFailureAtMs()).isNull();
    AlertEvent motion = events.get(1);
    assertThat(motion.subject()).isEqualTo("plaza/camera/cam1");
    assertThat(motion.level()).isEqualTo(Level.YELLOW);
    assertThat(motion.value()).isCloseTo(2.4, within(1e-9));
    assertThat(motion.threshold()).isEqualTo(2.0);
  }

  @Test
  void aCalmDropIsNotADispersal() {
    // The same drop with the motion energy staying at 1.0: people leaving, not fleeing.
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    for (int i = 0; i <= 90; i++) {
      assertThat(rules.evaluate(state, frame(i, i < 65 ? 30 : 10, 100, 0, 1.0))).isEmpty();
    }
  }

  @Test
  void weakMotionIsNeverAbnormalHoweverCalmTheBaseline() {
    // Baseline 0.1 px/frame, then 1.5: excess 1.4 >= 4 x 0.5 = 2? no; and 1.5 < the minimum 2 anyway.
    // Then 1.9: excess 1.8 < 2. Nothing opens.
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    for (int i = 0; i <= 80; i++) {
      double energy = i < 65 ? 0.1 : i < 72 ? 1.5 : 1.9;
      assertThat(rules.evaluate(state, frame(i, 5, 100, 0, energy))).isEmpty();
    }
  }

  @Test
  void noBaselineNoAnomalyAndOldFramesAreIgnored() {
    // 9 s of history is below the 10 baseline samples and half the window: a jump from 0 to 50 is not judged as a
    // surge (density 0.5/m² on 100 m² opens nothing either).
    CrowdRules rules = new CrowdRules(CrowdRuleOptions.defaults());
    for (int i = 0; i < 15; i++) {
      assertThat(rules.evaluate(state, frame(i, i < 9 ? 0 : 50, 100, 0, 0))).isEmpty();
    }
    assertThat(rules.evaluate(state, frame(3, 500, 1, 1, 0))).isEmpty();
  }

  @Test
  void invalidOptionsAreAllReported() {
    CrowdRuleOptions d = CrowdRuleOptions.defaults();
    CrowdRuleOptions bad = new CrowdRuleOptions(0, -1, 1, 0, 1, d.densityLevels(), 0, d.surgeK(), d.surgeMinRise(),
        d.dispersalK(), d.dispersalMinDrop(), 1.5, d.dispersalEnergyFactor(), d.energySdFloor(), d.motionK(),
        d.motionMinEnergy(), 2, Level.NONE, d.dispersalLevel(), d.motionLevel());
    // recent, baseline, samples, yellow, red, floors, dispersal fraction, clear factor, level: 9 problems.
    assertThat(bad.problems()).hasSize(9);
  }
}
