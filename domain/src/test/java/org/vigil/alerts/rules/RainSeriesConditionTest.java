package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.vigil.alerts.rules.Rules.HOUR;
import static org.vigil.alerts.rules.Rules.T0;
import static org.vigil.alerts.rules.Rules.m;
import static org.vigil.alerts.rules.Rules.rule;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.SensorKind;

/**
 * recent_antecedent, running_intensity and intensity_duration with a storm, on hourly rain reports ({@code rain_mm})
 * at T0, T0 + 1 h, ...; every number worked out by hand in the comments.
 */
class RainSeriesConditionTest {

  /** Feeds hourly reports; returns every transition. */
  private static List<AlertEvent> run(RuleDef rule, double... mm) {
    RuleEngine e = new RuleEngine(rule);
    RuleState s = new RuleState(rule.id(), "hill", "hill/rain/rg-1");
    List<AlertEvent> out = new ArrayList<>();
    for (int i = 0; i < mm.length; i++) {
      out.addAll(e.onMetrics(s, m("hill", SensorKind.RAIN, "rg-1", i * HOUR, "rain_mm", mm[i])));
    }
    return out;
  }

  @Test
  void recentAgainstAntecedentCountsTheLastReports() {
    RuleDef r = rule("""
        - id: ra
          condition: {type: recent_antecedent, unit: mm, recent: 2h, antecedent: 3h, intercept: 10, slope: -0.5,
                      count: reports}
          levels: {yellow: 1}
        """);
    // Reports 4, 2, 0, 6, 5, 3, 0. Judged from the 5th (2 + 3 reports):
    //   5th (4 h): recent 6 + 5 = 11, antecedent 4 + 2 + 0 = 6, line 10 - 0.5 * 6 = 7: 11 / 7 -> opens.
    //   6th (5 h): recent 5 + 3 = 8, antecedent 2 + 0 + 6 = 8, line 6: 8 / 6 = 1.33 -> stays.
    //   7th (6 h): recent 3 + 0 = 3, antecedent 0 + 6 + 5 = 11, line 4.5: 0.67 -> resolves.
    List<AlertEvent> out = run(r, 4, 2, 0, 6, 5, 3, 0);
    assertThat(out).extracting(AlertEvent::state).containsExactly(AlertState.OPENED, AlertState.RESOLVED);
    assertThat(out.get(0).updatedAtMs()).isEqualTo(T0 + 4 * HOUR);
    assertThat(out.get(0).value()).isCloseTo(11.0 / 7, within(1e-9));
    assertThat(out.get(1).updatedAtMs()).isEqualTo(T0 + 6 * HOUR);
    assertThat(out.get(1).value()).isCloseTo(3 / 4.5, within(1e-9));
  }

  @Test
  void whereTheLineIsAtZeroAnyRecentRainExceedsAndNoneDoesNot() {
    RuleDef r = rule("""
        - id: ra
          condition: {type: recent_antecedent, unit: mm, recent: 1h, antecedent: 2h, intercept: 10, slope: -1,
                      count: reports, strict: true}
          levels: {yellow: 1}
        """);
    // 3rd report: antecedent 6 + 6 = 12 puts the line at 10 - 12 < 0: recent 0 -> 0, recent 0.2 -> infinite.
    assertThat(run(r, 6, 6, 0)).isEmpty();
    assertThat(run(r, 6, 6, 0.2)).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(AlertState.OPENED);
      assertThat(e.updatedAtMs()).isEqualTo(T0 + 2 * HOUR);
      assertThat(e.value()).isInfinite();
    });
  }

  @Test
  void clockWindowsWaitForAWholeWindowOfHistory() {
    RuleDef r = rule("""
        - id: ra
          condition: {type: recent_antecedent, unit: mm, recent: 1h, antecedent: 2h, intercept: 5, slope: 0}
          levels: {yellow: 1}
        """);
    // Windows (t - 1 h, t] and (t - 3 h, t - 1 h]: complete once the first report (T0) is within an hour of
    // t - 3 h, i.e. from T0 + 2 h. 9 mm at T0 + 1 h is over the line 5 but not yet judged; at T0 + 2 h recent is
    // 0: 0 / 5. 6 mm at T0 + 3 h: 6 / 5 -> opens.
    List<AlertEvent> out = run(r, 0, 9, 0, 6);
    assertThat(out).singleElement().satisfies(e -> {
      assertThat(e.updatedAtMs()).isEqualTo(T0 + 3 * HOUR);
      assertThat(e.value()).isCloseTo(1.2, within(1e-9));
    });
  }

  @Test
  void strictComparisonNeedsMoreThanTheThreshold() {
    String yaml = """
        - id: ri
          condition: {type: running_intensity, unit: mm, window: 2h%s}
          levels: {yellow: 3}
        """;
    // (t - 2 h, t]: at 1 h, 0 + 6 = 6 mm over 2 h = 3 mm/h, on the threshold; at 2 h, 6 + 0: 3; at 3 h, 0 + 6.5:
    // 3.25 mm/h.
    assertThat(run(rule(String.format(yaml, "")), 0, 6, 0, 6.5)).first()
        .satisfies(e -> assertThat(e.updatedAtMs()).isEqualTo(T0 + HOUR));
    assertThat(run(rule(String.format(yaml, ", strict: true")), 0, 6, 0, 6.5)).singleElement().satisfies(e -> {
      assertThat(e.updatedAtMs()).isEqualTo(T0 + 3 * HOUR);
      assertThat(e.value()).isCloseTo(3.25, within(1e-9));
    });
  }

  @Test
  void inchesAreMillimetresOver25Point4() {
    RuleDef r = rule("""
        - id: ri
          condition: {type: running_intensity, unit: in, window: 1h}
          levels: {yellow: 1}
        """);
    // 25.39 mm in an hour is 0.9996 in/h; 25.4 mm is 1 in/h.
    assertThat(run(r, 25.39, 0, 25.4)).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(AlertState.OPENED);
      assertThat(e.updatedAtMs()).isEqualTo(T0 + 2 * HOUR);
      assertThat(e.value()).isEqualTo(1.0);
    });
  }

  @Test
  void aStormThatEndsAfterDryReportsJudgesItsDryTailZeroWithHindsight() {
    RuleDef r = rule("""
        - id: id
          condition: {type: intensity_duration, curve: custom, alpha: 2, beta: 1, unit: mm,
                      storm: {endsAfter: 2 reports}}
          levels: {yellow: 1}
        """);
    // I = 2 / D. Reports 0, 4, 0, 1, 0, 0. The storm starts at the report before its first wet one (T0):
    //   1 h: 4 mm over 1 h = 4 mm/h against 2: 2 -> opens at 1 h.
    //   2 h: dry, waits; 3 h: wet, so 2 h counts inside the storm: 4 / 2 h = 2 against 1: 2; 3 h: 5 / 3 against 2/3:
    //   2.5. 4 h: dry, waits; 5 h: second dry report, the storm has ended: 4 h and 5 h judge 0 -> resolved,
    //   stamped 4 h (Thresh zeroes the storm's dry tail).
    List<AlertEvent> out = run(r, 0, 4, 0, 1, 0, 0);
    assertThat(out).extracting(AlertEvent::state).containsExactly(AlertState.OPENED, AlertState.RESOLVED);
    assertThat(out).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + HOUR, T0 + 4 * HOUR);
    assertThat(out.get(0).value()).isEqualTo(2.0);
  }

  @Test
  void aStormThatEndsAfterADrySpellKeepsItsLastValuesUntilThen() {
    RuleDef r = rule("""
        - id: id
          condition: {type: intensity_duration, curve: custom, alpha: 2, beta: 1, unit: mm, storm: {endsAfter: 2h}}
          levels: {yellow: 1}
        """);
    // Same reports. The storm runs from T0 (one report interval before the first wet report) to its last wet
    // report: 1 h: 4 / 1 h against 2: 2 -> opens; 2 h: as at 1 h; 3 h: 5 / 3 h against 2/3: 2.5; 4 h: as at 3 h;
    // 5 h: 2 h without rain since 3 h, the storm is over: 0 -> resolved at 5 h.
    List<AlertEvent> out = run(r, 0, 4, 0, 1, 0, 0);
    assertThat(out).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + HOUR, T0 + 5 * HOUR);
  }

  @Test
  void runningIntensityInsideStormsOnly() {
    RuleDef r = rule("""
        - id: ri
          condition: {type: running_intensity, unit: mm, window: 3h, count: reports, storm: {endsAfter: 1 report}}
          levels: {yellow: 2}
        """);
    // Reports 0, 0, 9, 0, 0. Means of the last 3: 3 at 2 h (storm) -> opens; 3 at 3 h, but the dry report ends the
    // storm (1 report): 0 -> resolved at 3 h although the mean is still above 2.
    List<AlertEvent> out = run(r, 0, 0, 9, 0, 0);
    assertThat(out).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + 2 * HOUR, T0 + 3 * HOUR);
  }

  @Test
  void builtInCurvesAreConvertedToTheUnit() {
    Condition.IntensityDuration id = (Condition.IntensityDuration) rule("""
        - id: id
          condition: {type: intensity_duration, curve: caine1980, unit: in, storm: {endsAfter: 6h}}
          levels: {yellow: 1}
        """).condition();
    assertThat(id.alpha()).isCloseTo(14.82 / 25.4, within(1e-12));
  }

  @Test
  void withoutTheStormOptionTheFingerprintIsAsBefore() {
    // The text hashed for fingerprints: unchanged for an I-D rule that does not use the new options.
    assertThat(Condition.IntensityDuration.CAINE_1980.toString()).isEqualTo(
        "IntensityDuration[curve=caine1980, alpha=14.82, beta=0.39, minDurationH=0.16666666666666666, "
            + "maxDurationH=240.0]");
  }

  @Test
  void aFastGaugeKeepsOneEntryPerReportIntervalCountingByClock() {
    RuleDef r = rule("""
        - id: ra
          condition: {type: recent_antecedent, unit: mm, recent: 3h, antecedent: 9h, intercept: 100, slope: 0,
                      reportInterval: 1h}
          levels: {yellow: 1}
        """);
    RuleEngine e = new RuleEngine(r);
    RuleState s = new RuleState("ra", "hill", "hill/rain/rg-1");
    // A report every 10 s for a day, 0.01 mm each (3.6 mm an hour): at most one entry per clock hour of the
    // 12 h the windows reach back, plus the hour in progress.
    for (long t = 10_000; t <= 24 * HOUR; t += 10_000) {
      e.onMetrics(s, m("hill", SensorKind.RAIN, "rg-1", t, "rain_mm", 0.01));
    }
    assertThat(s.sampleTimesMs.length).isLessThanOrEqualTo(13);
    // At 24 h (on the hour): the last 3 h hold 3 x 360 reports = 10.8 mm; the line is 100: 0.108.
    assertThat(s.lastValue).isCloseTo(0.108, within(1e-9));
  }
}
