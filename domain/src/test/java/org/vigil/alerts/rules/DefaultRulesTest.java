package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/**
 * infra/rules/default.yaml parses and validates clean, and holds exactly the built-in rules of the monitoring job
 * (stream-jobs HazardRules: ids, metrics and the default VIGIL_*_LEVELS strings copied here).
 */
class DefaultRulesTest {

  static final Path DEFAULT = Path.of("..", "infra", "rules", "default.yaml");

  @Test
  void defaultRulesetIsTheBuiltInRules() throws Exception {
    Inventory inv = Inventory.parse("s1/rain/g1\ns1/gnss/n1\ns1/level/w1\n");
    RuleSetLoader.Loaded loaded = RuleSetLoader.load(Files.readString(DEFAULT), "default.yaml", inv);
    assertThat(loaded.notes()).isEmpty();
    RuleSet rs = loaded.ruleSet();
    assertThat(rs.rules()).extracting(RuleDef::id).containsExactly("rain-1h", "rain-24h", "rain-id-guzzetti2008",
        "rain-id-caine1980", "slope-tangent-angle", "slope-failure-forecast", "water-level", "water-rise",
        "rain-and-slope", "crowd-capacity", "crowd-density", "crowd-filling", "crowd-surge", "crowd-dispersal",
        "crowd-motion");
    // The crowd rules, formerly VIGIL_CROWD_* settings, with those settings' defaults.
    assertLevels(rs, "crowd-capacity", "capacity_share", "yellow:0.9/0.85,orange:1.01/0.96,red:1.25/1.2");
    assertLevels(rs, "crowd-density", "density_per_m2", "yellow:1.08/0.9,orange:2.17/1.8,red:4/3.5");
    RuleDef filling = rs.rule("crowd-filling").orElseThrow();
    assertThat(filling.metric()).isEqualTo("minutes_to_capacity");
    assertThat(filling.condition()).isEqualTo(new Condition.Crowd(Duration.ofSeconds(5), Duration.ofMinutes(1),
        Direction.BELOW));
    assertThat(rs.rule("crowd-surge").orElseThrow().condition()).isEqualTo(new Condition.CrowdAnomaly("surge",
        Duration.ofSeconds(5), Duration.ofSeconds(60), 10, 3, 1, 5, 0.3, 2, 2));
    assertThat(rs.rule("crowd-dispersal").orElseThrow().condition()).isEqualTo(new Condition.CrowdAnomaly(
        "dispersal", Duration.ofSeconds(5), Duration.ofSeconds(60), 10, 3, 1, 5, 0.3, 2, 2));
    assertThat(rs.rule("crowd-motion").orElseThrow().condition()).isEqualTo(new Condition.CrowdAnomaly("motion",
        Duration.ofSeconds(5), Duration.ofSeconds(60), 10, 4, 0.5, 5, 0.3, 2, 2));
    assertLevels(rs, "crowd-surge", "people", "orange:1/0.5");
    assertLevels(rs, "crowd-dispersal", "people", "orange:1/0.5");
    assertLevels(rs, "crowd-motion", "motion_energy", "yellow:1/0.5");
    assertLevels(rs, "rain-1h", "rain_1h", "blue:10/6,yellow:20/15,orange:30/24,red:50/40");
    assertLevels(rs, "rain-24h", "rain_24h", "yellow:50/40,orange:100/80,red:250/200");
    assertLevels(rs, "rain-id-guzzetti2008", "rain_event_intensity_mm_h", "yellow:1/0.9");
    assertLevels(rs, "rain-id-caine1980", "rain_event_intensity_mm_h", "orange:1/0.9");
    assertLevels(rs, "slope-tangent-angle", "tangent_angle_low_deg", "yellow:45.5/44,orange:80/78,red:85/83");
    // Hours to the latest plausible failure of a falling, straight fit: orange under 5 days, red under 3 (clears 6
    // and 3.5 days).
    RuleDef forecast = rs.rule("slope-failure-forecast").orElseThrow();
    assertThat(forecast.metric()).isEqualTo("forecast_latest_h");
    assertThat(forecast.condition().direction()).isEqualTo(Direction.BELOW);
    assertThat(forecast.levels()).extracting(b -> b.level() + ":" + b.raise() + "/" + b.clear())
        .containsExactly("ORANGE:120.0/144.0", "RED:72.0/84.0");
    assertLevels(rs, "water-level", "level_m", "yellow:2.5/2.4,orange:3.0/2.9,red:3.5/3.4");
    assertLevels(rs, "water-rise", "level_rise_m_h", "yellow:0.2/0.1,orange:0.5/0.3,red:1.0/0.6");
    assertThat(rs.rule("rain-id-caine1980").orElseThrow().condition())
        .isEqualTo(Condition.IntensityDuration.CAINE_1980);
    assertThat(rs.rule("rain-id-guzzetti2008").orElseThrow().condition())
        .isEqualTo(Condition.IntensityDuration.GUZZETTI_2008);
    RuleDef compound = rs.rule("rain-and-slope").orElseThrow();
    assertThat(compound.condition()).isEqualTo(new Condition.Compound(Condition.Match.ALL, List.of("rain", "slope"),
        Duration.ofHours(12), List.of(
            new Condition.Part("rain", "rain_24h", Set.of(SensorKind.RAIN), Direction.ABOVE, 50),
            new Condition.Part("slope", "tangent_angle_low_deg",
                Set.of(SensorKind.GNSS, SensorKind.CRACK, SensorKind.TILT), Direction.ABOVE, 45))));
    assertThat(compound.levels()).singleElement().satisfies(b -> assertThat(b.level()).isEqualTo(Level.ORANGE));
    for (RuleDef r : rs.rules()) {
      // Only the slope rules wait: 3 h (tangent angle) or 30 min (forecast) before raising, a day before lowering
      // (noise, see default.yaml).
      boolean slope = r.id().startsWith("slope-");
      Duration pending = r.id().equals("slope-tangent-angle") ? Duration.ofHours(3)
          : slope ? Duration.ofMinutes(30) : Duration.ZERO;
      assertThat(r.pending()).isEqualTo(pending);
      assertThat(r.keepFiring()).isEqualTo(slope ? java.time.Duration.ofDays(1) : java.time.Duration.ZERO);
      new RuleEngine(r); // every rule builds an engine
    }
  }

  private static void assertLevels(RuleSet rs, String id, String metric, String spec) {
    RuleDef r = rs.rule(id).orElseThrow();
    assertThat(r.metric()).isEqualTo(metric);
    assertThat(r.levels()).as(id).isEqualTo(Rules.bands(spec));
  }
}
