package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rule.ThresholdRule;
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
    ThresholdRule rain1h = rule(c, "rain-1h");
    assertThat(rain1h.metric()).isEqualTo("rain_1h");
    assertThat(rain1h.thresholds().band(Level.RED).raise()).isEqualTo(50.0);
    assertThat(rain1h.thresholds().band(Level.RED).clear()).isEqualTo(40.0);
    assertThat(c.checkpointIntervalMs()).isEqualTo(2000);
    assertThat(c.parallelism()).isEqualTo(2);
    // The built-in rules and what they judge.
    assertThat(c.rules().sensorRules()).extracting(ThresholdRule::id, ThresholdRule::metric).containsExactly(
        tuple("rain-1h", "rain_1h"), tuple("rain-24h", "rain_24h"),
        tuple("rain-id-guzzetti2008", "id_guzzetti2008_ratio"), tuple("rain-id-caine1980", "id_caine1980_ratio"),
        tuple("slope-tangent-angle", "tangent_angle_low_deg"), tuple("water-level", "level_m"),
        tuple("water-rise", "level_rise_m_h"));
    // Xu et al. (2009): 45, 80 and 85 degrees.
    assertThat(rule(c, "slope-tangent-angle").thresholds().bands()).extracting(b -> b.raise())
        .containsExactly(45.0, 80.0, 85.0);
    assertThat(c.rules().siteRules()).singleElement().satisfies(r -> {
      assertThat(r.level()).isEqualTo(Level.ORANGE);
      assertThat(r.window()).isEqualTo(Duration.ofHours(12));
    });
  }

  @Test
  void anEmptyLevelSettingSwitchesItsRuleOff() {
    MonitoringConfig c = MonitoringConfig.from(Map.of("VIGIL_WATER_LEVELS", "", "VIGIL_COMPOUND_RAIN_24H_MM", "")::get);
    assertThat(c.rules().sensorRules()).extracting(ThresholdRule::id).doesNotContain("water-level");
    assertThat(c.rules().siteRules()).isEmpty();
  }

  private static ThresholdRule rule(MonitoringConfig c, String id) {
    return c.rules().sensorRules().stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> bad =
        Map.of(
            "VIGIL_MQTT_URL", "localhost:1883",
            "VIGIL_INFLUX_URL", "127.0.0.1:8086",
            "VIGIL_INFLUX_DB", "my db",
            "VIGIL_PARALLELISM", "zero",
            "VIGIL_RAIN_1H_LEVELS", "blue:10/12",
            "VIGIL_COMPOUND_WINDOW", "twelve hours");
    assertThatThrownBy(() -> MonitoringConfig.from(bad::get))
        .hasMessageContaining("VIGIL_MQTT_URL: 'localhost:1883' must start with tcp:// or ssl://")
        .hasMessageContaining("VIGIL_INFLUX_URL: '127.0.0.1:8086' must start with http:// or https://")
        .hasMessageContaining("VIGIL_INFLUX_DB: 'my db'")
        .hasMessageContaining("VIGIL_PARALLELISM: 'zero' is not a positive whole number")
        .hasMessageContaining("VIGIL_RAIN_1H_LEVELS")
        .hasMessageContaining("above the raise threshold")
        .hasMessageContaining("VIGIL_COMPOUND_*: Text cannot be parsed to a Duration");
  }

  @Test
  void passwordsAreMasked() {
    MonitoringConfig c =
        MonitoringConfig.from(Map.of("VIGIL_INFLUX_USER", "vigil", "VIGIL_INFLUX_PASSWORD", "s3cret")::get);
    assertThat(c.toString()).contains("user=vigil").contains("****").doesNotContain("s3cret");
  }
}
