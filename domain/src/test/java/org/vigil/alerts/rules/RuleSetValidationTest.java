package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per class of mistake: the message an engineer reads, and the line it points at. */
class RuleSetValidationTest {

  private static List<Problem> problems(String yaml) {
    return problems(yaml, null);
  }

  private static List<Problem> problems(String yaml, Inventory inventory) {
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class,
        () -> RuleSetLoader.load(yaml, "rules.yaml", inventory));
    assertThat(e).as("expected the ruleset to be refused").isNotNull();
    return e.problems();
  }

  private static void onlyProblem(String yaml, int line, String message) {
    assertThat(problems(yaml)).singleElement().satisfies(p -> {
      assertThat(p.message()).isEqualTo(message);
      assertThat(p.line()).isEqualTo(line);
      assertThat(p.file()).isEqualTo("rules.yaml");
    });
  }

  @Test
  void unknownMetricNamesTheClosestKnownOnes() {
    onlyProblem("""
        rules:
          - id: rain-24h
            metric: rain_24
            condition: {type: threshold}
            levels: {yellow: 50}
        """, 3, "rule rain-24h: unknown metric 'rain_24'; did you mean rain_24h, rain_1h, rain_3h?");
  }

  @Test
  void metricNotProducedByTheKindsInScope() {
    onlyProblem("""
        rules:
          - id: rain-on-gnss
            scope: {kinds: [rain, gnss]}
            metric: rain_24h
            condition: {type: threshold}
            levels: {yellow: 50}
        """, 4, "rule rain-on-gnss: metric 'rain_24h' is not produced by gnss sensors (it comes from rain sensors)");
  }

  @Test
  void misorderedLevels() {
    onlyProblem("""
        rules:
          - id: water
            metric: level_m
            condition: {type: threshold}
            levels:
              yellow: {raise: 3.5, clear: 3.4}
              orange: {raise: 3.0, clear: 2.9}
        """, 7, "rule water: orange: raise threshold 3 must be above yellow's raise 3.5: levels are misordered "
            + "(a higher level needs a value further up)");
  }

  @Test
  void overlappingLevels() {
    onlyProblem("""
        rules:
          - id: water
            metric: level_m
            condition: {type: threshold}
            levels:
              yellow: {raise: 2.5, clear: 2.4}
              orange: {raise: 3.0, clear: 2.0}
        """, 7, "rule water: orange: clear threshold 2 must be above yellow's raise 2.5: the levels overlap "
            + "(a value between them would keep orange where yellow has not even begun)");
  }

  @Test
  void clearThresholdOnTheWrongSideOfRaise() {
    onlyProblem("""
        rules:
          - id: water
            metric: level_m
            condition: {type: threshold}
            levels:
              yellow: {raise: 2.5, clear: 2.6}
        """, 6, "rule water: yellow: clear threshold 2.6 is on the wrong side of raise 2.5: for a hazard above "
            + "its threshold the clear threshold must be at or below the raise threshold");
    onlyProblem("""
        rules:
          - id: pore-drop
            metric: pore_kpa
            condition: {type: threshold, direction: below}
            levels:
              yellow: {raise: 50, clear: 45}
        """, 6, "rule pore-drop: yellow: clear threshold 45 is on the wrong side of raise 50: for a hazard below "
            + "its threshold the clear threshold must be at or above the raise threshold");
  }

  @Test
  void duplicateRuleId() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
          - id: rain-1h
            metric: rain_3h
            condition: {type: threshold}
            levels: {yellow: 40}
        """, 6, "rule id 'rain-1h' is used twice (first at line 2): ids must be unique");
  }

  @Test
  void badRuleId() {
    onlyProblem("""
        rules:
          - id: Rain 1h
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
        """, 2, "rule id 'Rain 1h' may only hold lower-case letters, digits and '-'");
  }

  @Test
  void theNoDataWatchsRuleIdIsNotARulesets() {
    // Alerts of rule no-data are ops alerts (no site risk, no public warning): a hazard rule of that id would be too.
    onlyProblem("""
        rules:
          - id: no-data
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
        """, 2, "rule id 'no-data' is reserved for the job's own alerts (no-data: the registry's no-data watch of a"
        + " silent device): give the rule another id");
  }

  @Test
  void unknownConditionType() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: thresold}
            levels: {yellow: 20}
        """, 4, "rule rain-1h: unknown condition type 'thresold'; did you mean threshold?");
  }

  @Test
  void missingFields() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            levels: {yellow: 20}
        """, 2, "rule rain-1h: missing field 'condition'");
    onlyProblem("""
        rules:
          - id: rise
            metric: level_m
            condition: {type: rate_of_change}
            levels: {yellow: 0.2}
        """, 4, "rule rise: rate_of_change: missing field 'window'");
  }

  @Test
  void wrongType() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels:
              yellow: {raise: twenty}
        """, 6, "rule rain-1h: yellow raise must be a number, not 'twenty'");
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels: [20, 30]
        """, 5, "rule rain-1h: levels must be a mapping of names to values (key: value), not a list");
  }

  @Test
  void badDuration() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
            pending: 5 min
        """, 6, "rule rain-1h: pending: '5 min' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 "
            + "such as PT5M");
  }

  @Test
  void compoundReferringToAnUnknownCondition() {
    onlyProblem("""
        rules:
          - id: rain-and-slope
            condition:
              type: compound
              window: 12h
              when:
                rain: {metric: rain_24h, kinds: [rain], above: 50}
                slope: {metric: tangent_angle_low_deg, kinds: [gnss], above: 45}
              all: [rain, slope, pore]
            level: orange
        """, 9, "rule rain-and-slope: compound: all refers to 'pore', which is not one of its conditions "
            + "(rain, slope)");
  }

  @Test
  void unknownFieldNamesTheClosest() {
    onlyProblem("""
        rules:
          - id: rain-1h
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
            keep_firing: 10m
        """, 6, "rule rain-1h: unknown field 'keep_firing'; did you mean keepFiring?");
  }

  @Test
  void scopeMatchingNoKnownSensorNeedsAnInventory() {
    String yaml = """
        rules:
          - id: rain-1h
            scope: {sites: [s9]}
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: 20}
        """;
    Inventory inv = Inventory.parse("# site/kind/sensor\ns1/rain/g1\ns1/gnss/n1\n");
    assertThat(problems(yaml, inv)).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(3);
      assertThat(p.message()).isEqualTo("rule rain-1h: scope matches no known sensor (sites [s9], kinds *, "
          + "sensors *; 2 known sensors)");
    });
    // Without an inventory the check is skipped, and the result says so.
    RuleSetLoader.Loaded loaded = RuleSetLoader.load(yaml, "rules.yaml", null);
    assertThat(loaded.notes()).containsExactly(
        "scopes were not checked against known sensors: no inventory was given");
    // A site with sensors, but only of a kind without the metric, is no match either.
    assertThat(problems(yaml.replace("s9", "s1").replace("rain_1h", "rain_1h\n    explain: [rain_3h]"),
        Inventory.parse("s1/gnss/n1"))).hasSize(1);
    assertThat(RuleSetLoader.load(yaml.replace("s9", "s1"), "rules.yaml", inv).notes()).isEmpty();
  }

  @Test
  void invalidYamlNamesTheLine() {
    assertThat(problems("rules:\n  - id: a\n    levels: {yellow: 20\n")).singleElement()
        .satisfies(p -> {
          assertThat(p.message()).startsWith("not valid YAML: ");
          assertThat(p.line()).isEqualTo(4);
        });
  }

  @Test
  void everyProblemIsReportedAtOnceInFileOrder() {
    List<Problem> all = problems("""
        author: me
        rulez: []
        rules:
          - id: a
            metric: rain_24
            condition: {type: threshold}
            levels: {yellow: 20}
          - id: b
            metric: rain_1h
            condition: {type: threshold}
            levels: {yellow: {raise: 20, clear: 25}}
            pending: soon
        """);
    assertThat(all).extracting(Problem::line).containsExactly(2, 5, 11, 12);
    assertThat(all.get(0).toString()).isEqualTo("rules.yaml:2:1: ruleset: unknown field 'rulez'; did you mean rules?");
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class,
        () -> RuleSetLoader.parse("rules: []\nversion: 0\n", "x.yaml"));
    assertThat(e.getMessage()).isEqualTo("1 problem in the ruleset:\n"
        + "x.yaml:2:10: version must be a whole number from 1 to 9007199254740991 (it is assigned on publish), not '0'");
    // 1e300 is not a whole number written out; 2^53 = 9,007,199,254,740,992 is one past the largest exact in JSON.
    for (String v : new String[] {"1e300", "9007199254740992", "9223372036854775807", "1.0", "-3"}) {
      assertThat(catchThrowableOfType(RuleSetInvalidException.class,
          () -> RuleSetLoader.parse("rules: []\nversion: " + v + "\n", "x.yaml")).getMessage())
          .contains("version must be a whole number from 1 to 9007199254740991");
    }
    assertThat(RuleSetLoader.parse("rules: []\nversion: 9007199254740991\n", "x.yaml").version())
        .isEqualTo(9_007_199_254_740_991L);
  }
}
