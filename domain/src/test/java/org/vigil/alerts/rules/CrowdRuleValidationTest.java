package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Crowd rules in the ruleset: what parses, and each mistake with the message and the line it points at. */
class CrowdRuleValidationTest {

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
  void aCrowdRuleParsesWithItsScopeAndDefaults() {
    RuleSet rs = RuleSetLoader.parse("""
        rules:
          - id: gate-filling
            scope: {sites: [plaza], cameras: "cam-*", zones: [gate-1, "gate-2?"]}
            metric: minutes_to_capacity
            condition: {type: crowd, direction: below}
            levels: {yellow: 10, orange: {raise: 5, clear: 8}}
            pending: 10s
          - id: surge
            condition: {type: crowd_surge, k: 2.5}
            levels: {red: {raise: 2, clear: 1}}
        """, "rules.yaml");
    RuleDef r = rs.rules().get(0);
    assertThat(r.crowd()).isTrue();
    assertThat(r.scope().cameras()).containsExactly("cam-*");
    assertThat(r.scope().zones()).containsExactly("gate-1", "gate-2?");
    assertThat(r.scope().matchesCamera("plaza", "cam-7", "gate-2b", null)).isTrue();
    assertThat(r.scope().matchesCamera("plaza", "cam-7", "stage", null)).isFalse();
    assertThat(r.condition()).isEqualTo(new Condition.Crowd(Duration.ofSeconds(5), Duration.ofMinutes(1),
        Direction.BELOW));
    assertThat(r.unit()).isEqualTo("min");
    assertThat(r.describe()).isEqualTo("time until the zone is full at the current net inflow");
    RuleDef surge = rs.rules().get(1);
    assertThat(surge.metric()).isEqualTo("people");
    assertThat(surge.condition()).isEqualTo(new Condition.CrowdAnomaly("surge", Duration.ofSeconds(5),
        Duration.ofMinutes(1), 10, 2.5, 1, 5, 0.3, 2, 2));
    // A crowd rule never judges a sensor reading.
    assertThat(new RuleEngine(r).applies(Rules.m("plaza", org.vigil.core.SensorKind.RAIN, "g1", 0, "rain_1h", 5)))
        .isFalse();
  }

  @Test
  void sensorScopeFingerprintsDoNotChangeWithTheCrowdFields() {
    // The state of sensor rules is kept under their fingerprint: the new scope fields must not change its text.
    assertThat(new Scope(List.of("s1"), java.util.Set.of(), List.of("g*")).toString())
        .isEqualTo("Scope[sites=[s1], kinds=[], sensors=[g*]]");
  }

  @Test
  void unknownCrowdFigureNamesTheClosest() {
    onlyProblem("""
        rules:
          - id: c
            metric: net_inflow
            condition: {type: crowd}
            levels: {yellow: 10}
        """, 3, "rule c: unknown crowd figure 'net_inflow'; did you mean net_inflow_per_min?");
  }

  @Test
  void aSensorMetricOnACrowdConditionSaysWhichConditionToUse() {
    onlyProblem("""
        rules:
          - id: c
            metric: rain_24h
            condition: {type: crowd}
            levels: {yellow: 10}
        """, 3, "rule c: unknown crowd figure 'rain_24h' (rain_24h is a sensor metric: use a threshold condition)");
  }

  @Test
  void sensorScopeFieldsOnACrowdRule() {
    onlyProblem("""
        rules:
          - id: c
            scope: {kinds: [rain]}
            metric: people
            condition: {type: crowd}
            levels: {yellow: 10}
        """, 3, "rule c: a crowd condition judges cameras: its scope takes sites, cameras, zones and lines, not kinds "
        + "or sensors");
  }

  @Test
  void crowdScopeFieldsOnASensorRule() {
    onlyProblem("""
        rules:
          - id: r
            scope: {zones: [gate]}
            metric: rain_24h
            condition: {type: threshold}
            levels: {yellow: 10}
        """, 3, "rule r: cameras, zones and lines belong to crowd conditions (crowd, crowd_surge, crowd_dispersal, "
        + "crowd_motion); a threshold condition judges sensors: use sites, kinds, sensors");
  }

  @Test
  void linesOnAZoneFigureAndZonesOnALineFigure() {
    List<Problem> p = problems("""
        rules:
          - id: a
            scope: {lines: [door]}
            metric: people
            condition: {type: crowd}
            levels: {yellow: 10}
          - id: b
            scope: {zones: [gate]}
            metric: line_in_per_min
            condition: {type: crowd}
            levels: {yellow: 10}
        """);
    assertThat(p).extracting(Problem::line, Problem::message).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, "rule a: people is not a figure of counting lines, so 'lines' in the "
            + "scope would never match; remove it (line figures: line_in_per_min, line_out_per_min)"),
        org.assertj.core.groups.Tuple.tuple(8, "rule b: line_in_per_min is a figure of each line, so 'zones' in the "
            + "scope would never match; remove it"));
  }

  @Test
  void minutesToCapacityMustBeJudgedBelow() {
    onlyProblem("""
        rules:
          - id: c
            metric: minutes_to_capacity
            condition: {type: crowd}
            levels: {yellow: 10}
        """, 4, "rule c: minutes_to_capacity is a hazard when it falls: write direction: below (levels are minutes, "
        + "e.g. yellow: 10, orange: 5)");
  }

  @Test
  void sensorOnlyOptionsAndWrongParameters() {
    List<Problem> p = problems("""
        rules:
          - id: c
            condition: {type: crowd_dispersal, minFraction: 1.5, k: 0, window: 1m}
            levels: {orange: {raise: 1, clear: 0.5}}
            deadman: {after: 1h, level: blue}
            explain: [people]
          - id: d
            metric: people
            condition: {type: crowd, recent: 2h}
            levels: {yellow: 10}
        """);
    assertThat(p).extracting(Problem::line, Problem::message).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(3, "rule c: crowd_dispersal: 'window' does not apply to this condition "
            + "type (it takes baseline, energyFactor, k, minChange, minEnergy, minFraction, minSamples, recent, "
            + "sdFloor)"),
        org.assertj.core.groups.Tuple.tuple(3, "rule c: crowd_dispersal: k must be above zero, not 0.0"),
        org.assertj.core.groups.Tuple.tuple(3, "rule c: crowd_dispersal: minFraction is a share of the baseline mean, "
            + "from 0 to below 1"),
        org.assertj.core.groups.Tuple.tuple(5, "rule c: deadman does not apply to crowd conditions: they are judged "
            + "at each analysed frame of the camera, and a silent camera's alerts stay as they are"),
        org.assertj.core.groups.Tuple.tuple(6, "rule c: explain does not apply to crowd conditions: their alerts "
            + "carry the figures of the zone, line or camera already (people, capacity, area, entries, exits, "
            + "inflow)"),
        org.assertj.core.groups.Tuple.tuple(9, "rule d: crowd: recent must be longer than zero and at most 60 "
            + "minutes (crowd series are kept in memory per camera)"));
  }

  @Test
  void levelOfServiceLettersOnlyForThatFigureAndInOrder() {
    List<Problem> p = problems("""
        rules:
          - id: a
            metric: level_of_service
            condition: {type: crowd}
            levels: {yellow: F, orange: E}
          - id: b
            metric: people
            condition: {type: crowd}
            levels: {yellow: E}
        """);
    assertThat(p).extracting(Problem::line).containsExactly(5, 9);
    assertThat(p.get(0).message()).startsWith("rule a: orange: raise threshold 5 must be above yellow's raise 6");
    assertThat(p.get(1).message()).isEqualTo("rule b: yellow must be a number, not 'E'");
  }

  @Test
  void theDiffNamesAChangedCrowdRule() {
    RuleSet a = RuleSetLoader.parse("""
        rules:
          - id: c
            metric: people
            condition: {type: crowd}
            levels: {yellow: 10}
        """, "a.yaml");
    RuleSet b = RuleSetLoader.parse("""
        rules:
          - id: c
            scope: {zones: [gate]}
            metric: people
            condition: {type: crowd}
            levels: {yellow: 12}
        """, "b.yaml");
    assertThat(RuleSetDiff.diff(a, b).summary()).contains("c: scope, levels");
  }
}
