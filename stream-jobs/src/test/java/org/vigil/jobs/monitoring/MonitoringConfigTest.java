package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.Level;

class MonitoringConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    MonitoringConfig c = MonitoringConfig.from(Map.<String, String>of()::get);
    assertThat(c.mqttUrl()).isEqualTo("tcp://127.0.0.1:18830");
    assertThat(c.topicFilters()).containsExactly("vigil/+/+/+/data");
    assertThat(c.influxUrl()).isEqualTo("http://127.0.0.1:18086");
    assertThat(c.influxDatabase()).isEqualTo("vigil");
    assertThat(c.sites()).isEmpty();
    assertThat(c.checkpointIntervalMs()).isEqualTo(2000);
    assertThat(c.parallelism()).isEqualTo(2);
    assertThat(c.influxCheckpointBacklog()).isEqualTo(5000);
    // The default ruleset from the jar, version 0 until one is published on the rules topic.
    assertThat(c.rulesTopic()).isEqualTo("vigil/config/rules");
    assertThat(c.rules().version()).isZero();
    RuleSet rules = RuleSetLoader.parse(c.rules().yaml(), "default");
    assertThat(rules.rules()).extracting(RuleDef::id).containsExactly("rain-1h", "rain-24h", "rain-id-guzzetti2008",
        "rain-id-caine1980", "slope-tangent-angle", "slope-failure-forecast", "water-level", "water-rise", "rain-and-slope",
        "crowd-capacity", "crowd-density", "crowd-filling", "crowd-surge", "crowd-dispersal", "crowd-motion");
    // Xu et al. (2009): above 45, 80 and 85 degrees; 45.5 because the engine raises at >= and a steady slope
    // without noise sits at exactly 45.
    assertThat(rules.rule("slope-tangent-angle").orElseThrow().levels()).extracting(b -> b.raise())
        .containsExactly(45.5, 80.0, 85.0);
    assertThat(rules.rule("rain-1h").orElseThrow().levels().get(3)).satisfies(b -> {
      assertThat(b.level()).isEqualTo(Level.RED);
      assertThat(b.raise()).isEqualTo(50.0);
      assertThat(b.clear()).isEqualTo(40.0);
    });
  }

  @Test
  void aRulesFileIsValidatedAtStartWithEveryProblem(@TempDir Path dir) {
    Path bad = TestRules.write(dir, "bad.yaml", """
        rules:
          - id: r1
            metric: rain_1hh
            condition: {type: threshold}
            levels: {yellow: {raise: 10, clear: 12}}
        """);
    assertThatThrownBy(() -> MonitoringConfig.from(Map.of("VIGIL_RULES_FILE", bad.toString())::get))
        .hasMessageContaining("VIGIL_RULES_FILE: the ruleset " + bad.toAbsolutePath() + " is invalid")
        .hasMessageContaining(":3:")
        .hasMessageContaining("rain_1hh");
  }

  @Test
  void theOldThresholdSettingsPointToTheRuleset() {
    assertThatThrownBy(() -> MonitoringConfig.from(Map.of("VIGIL_RAIN_1H_LEVELS", "red:60/50")::get))
        .hasMessageContaining("VIGIL_RAIN_1H_LEVELS: is no longer read (rule thresholds now live in the ruleset");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> bad =
        Map.of(
            "VIGIL_MQTT_URL", "localhost:1883",
            "VIGIL_INFLUX_URL", "127.0.0.1:8086",
            "VIGIL_INFLUX_DB", "my db",
            "VIGIL_PARALLELISM", "zero",
            "VIGIL_INFLUX_CHECKPOINT_BACKLOG", "-1",
            "VIGIL_RULES_TOPIC", "vigil/config/rules");
    assertThatThrownBy(() -> MonitoringConfig.from(bad::get))
        .hasMessageStartingWith("invalid settings (5):")
        .hasMessageContaining("VIGIL_MQTT_URL='localhost:1883': not a URL of tcp://, ssl:// with a host (give a URL"
            + " starting with tcp://, ssl://, or leave it unset for tcp://127.0.0.1:18830)")
        .hasMessageContaining("VIGIL_INFLUX_URL='127.0.0.1:8086': not a URL")
        .hasMessageContaining("VIGIL_INFLUX_DB='my db': not a database name (use letters, digits, _ or -)")
        .hasMessageContaining("VIGIL_PARALLELISM='zero': not a whole number (give a whole number from 1 to 1024")
        .hasMessageContaining("VIGIL_INFLUX_CHECKPOINT_BACKLOG='-1': out of range 0..");
  }

  @Test
  void passwordsAreMasked() {
    MonitoringConfig c =
        MonitoringConfig.from(Map.of("VIGIL_INFLUX_USER", "vigil", "VIGIL_INFLUX_PASSWORD", "s3cret")::get);
    assertThat(c.toString()).contains("user=vigil").contains("****").doesNotContain("s3cret");
  }
}
