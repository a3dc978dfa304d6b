package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetDiffTest {

  private static RuleSet defaults() throws Exception {
    return RuleSetLoader.parse(Files.readString(DefaultRulesTest.DEFAULT), "default.yaml");
  }

  @Test
  void changedAddedRemovedAndTheAuditSummary() throws Exception {
    String text = Files.readString(DefaultRulesTest.DEFAULT);
    String changed = text
        .replace("red:    {raise: 250, clear: 200}", "red:    {raise: 200, clear: 160}")
        .replace("    pending: 3h\n", "    pending: 30m\n")
        .replace("""
              - id: water-level
            """, """
              - id: water-rise-2
                scope: {kinds: [level]}
                metric: level_rise_m_h
                condition: {type: threshold}
                levels: {red: 2}

              - id: water-level
            """);
    RuleSetDiff d = RuleSetDiff.diff(defaults(), RuleSetLoader.parse(changed, "new.yaml"));
    assertThat(d.changed()).isEqualTo(Map.of("rain-24h", List.of("levels"), "slope-tangent-angle",
        List.of("pending")));
    assertThat(d.added()).containsExactly("water-rise-2");
    assertThat(d.removed()).isEmpty();
    assertThat(d.unchanged()).containsExactly("rain-1h", "rain-id-guzzetti2008", "rain-id-caine1980",
        "slope-failure-forecast", "water-level", "water-rise", "rain-and-slope", "crowd-capacity", "crowd-density",
        "crowd-filling", "crowd-surge", "crowd-dispersal", "crowd-motion");
    assertThat(d.summary()).isEqualTo(
        "2 changed (rain-24h: levels; slope-tangent-angle: pending), 1 added (water-rise-2)");
  }

  @Test
  void removedAndSeveralFieldsOfOneRule() throws Exception {
    RuleSet now = RuleSetLoader.parse("""
        rules:
          - id: rain-1h
            description: hourly rain
            scope: {sites: [s1], kinds: [rain]}
            metric: rain_1h
            condition: {type: threshold}
            levels: {blue: 10}
        """, "new.yaml");
    RuleSetDiff d = RuleSetDiff.diff(defaults(), now);
    assertThat(d.changed()).containsEntry("rain-1h", List.of("description", "scope", "levels", "explain"));
    assertThat(d.removed()).hasSize(14).startsWith("rain-24h");
    assertThat(d.summary()).isEqualTo("1 changed (rain-1h: description, scope, levels, explain), 14 removed "
        + "(rain-24h, rain-id-guzzetti2008, rain-id-caine1980, slope-tangent-angle, slope-failure-forecast, "
        + "water-level, water-rise, rain-and-slope, crowd-capacity, crowd-density, crowd-filling, crowd-surge, "
        + "crowd-dispersal, crowd-motion), modes (holiday (removed, was: crowd-density at [tourist]: yellow 0.8/0.7, "
        + "orange 1.5/1.3, red 3/2.6); emergency (removed, was: escalation x0.5)), health (region-online removed)");
    // (the new file has no modes: or health: section)
  }

  @Test
  void identicalRulesetsAndAFirstPublication() throws Exception {
    assertThat(RuleSetDiff.diff(defaults(), defaults()).summary()).isEqualTo("no changes");
    assertThat(RuleSetDiff.diff(defaults(), defaults()).isEmpty()).isTrue();
    assertThat(RuleSetDiff.diff(null, defaults()).added()).hasSize(15);
  }
}
