package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistakes in the rain conditions' options: the message an engineer reads, and the line it points at. */
class RainConditionValidationTest {

  private static List<Problem> problems(String yaml) {
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class,
        () -> RuleSetLoader.load(yaml, "rules.yaml", null));
    assertThat(e).as("expected the ruleset to be refused").isNotNull();
    return e.problems();
  }

  private static void onlyProblem(String yaml, int line, String message) {
    assertThat(problems(yaml)).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo(message);
      assertThat(p.line()).isEqualTo(line);
    });
  }

  @Test
  void theUnitMustBeWritten() {
    onlyProblem("""
        rules:
          - id: p3
            condition:
              type: recent_antecedent
              recent: 72h
              antecedent: 360h
              intercept: 3.5
              slope: -0.67
            levels: {yellow: 1}
        """, 4, "rule p3: recent_antecedent: missing field 'unit' (mm or in: the unit of its rain amounts, "
        + "thresholds and levels)");
  }

  @Test
  void aRisingLineIsRefusedAtTheSlope() {
    onlyProblem("""
        rules:
          - id: p3
            condition:
              type: recent_antecedent
              unit: in
              recent: 72h
              antecedent: 360h
              intercept: 3.5
              slope: 0.67
            levels: {yellow: 1}
        """, 9, "rule p3: recent_antecedent: slope must be zero or negative (more antecedent rain, less recent "
        + "rain needed), not 0.67");
  }

  @Test
  void unknownUnitAndCount() {
    assertThat(problems("""
        rules:
          - id: ri
            condition:
              type: running_intensity
              window: 6h
              unit: inch
              count: lines
            levels: {yellow: 0.12}
        """)).extracting(Problem::line, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(6, "rule ri: running_intensity: unit must be mm or in, not 'inch'"),
        org.assertj.core.groups.Tuple.tuple(7, "rule ri: running_intensity: count must be clock (windows of time) "
            + "or reports (windows of so many reports), not 'lines'"));
  }

  @Test
  void stormEndsAfterADurationOrSoManyReports() {
    onlyProblem("""
        rules:
          - id: ri
            condition:
              type: running_intensity
              unit: in
              window: 6h
              storm: {endsAfter: three}
            levels: {yellow: 0.12}
        """, 7, "rule ri: running_intensity: storm endsAfter (a duration such as 3h, or '3 reports'): 'three' is "
        + "not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 such as PT5M");
  }

  @Test
  void aCumulativeThresholdHasNoStorm() {
    onlyProblem("""
        rules:
          - id: p3
            condition: {type: recent_antecedent, unit: in, recent: 72h, antecedent: 360h, intercept: 3.5,
                        slope: -0.67, storm: {endsAfter: 3h}}
            levels: {yellow: 1}
        """, 4, "rule p3: recent_antecedent: 'storm' does not apply to this condition type (it takes antecedent, "
        + "count, intercept, recent, reportInterval, slope, strict, unit)");
  }

  @Test
  void seriesOptionsOfAnIntensityDurationRuleNeedAStorm() {
    onlyProblem("""
        rules:
          - id: id
            condition: {type: intensity_duration, curve: caine1980, unit: in}
            levels: {yellow: 1}
        """, 3, "rule id: intensity_duration: unit apply only with a storm (storm: {endsAfter: 3h} or "
        + "{endsAfter: 3 reports}); without one the job's rain events are judged, in mm");
  }

  @Test
  void countingReportsNeedsWholeReportIntervals() {
    onlyProblem("""
        rules:
          - id: ri
            condition: {type: running_intensity, unit: mm, window: 90m, count: reports}
            levels: {yellow: 10}
        """, 3, "rule ri: running_intensity: window 1h30m is not a whole number of report intervals (1h) "
        + "for count: reports");
  }

  @Test
  void aChangedStormShowsInTheDiff() {
    String yaml = """
        rules:
          - id: id
            condition: {type: intensity_duration, curve: custom, alpha: 3.257, beta: 1.13, unit: in,
                        storm: {endsAfter: %s}}
            levels: {yellow: 1}
        """;
    RuleSet a = RuleSetLoader.parse(String.format(yaml, "3 reports"), "a.yaml");
    RuleSet b = RuleSetLoader.parse(String.format(yaml, "3h"), "b.yaml");
    RuleSetDiff d = RuleSetDiff.diff(a, b);
    assertThat(d.changed()).isEqualTo(java.util.Map.of("id", List.of("condition")));
    assertThat(RuleSetDiff.field(a.rules().get(0), "condition").toString())
        .contains("series=RainSeries[unit=in, count=clock, reportInterval=PT1H, storm=3 reports, strict=false]");
    assertThat(RuleSetDiff.field(b.rules().get(0), "condition").toString()).contains("storm=PT3H");
  }
}
