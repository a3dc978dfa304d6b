package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
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
    assertThat(c.rain1hLevels().band(Level.RED).raise()).isEqualTo(50.0);
    assertThat(c.rain1hLevels().band(Level.RED).clear()).isEqualTo(40.0);
    assertThat(c.checkpointIntervalMs()).isEqualTo(2000);
    assertThat(c.parallelism()).isEqualTo(2);
    assertThat(c.rain1hRule().metric()).isEqualTo(RainfallFunction.METRIC_1H);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, String> bad =
        Map.of(
            "VIGIL_MQTT_URL", "localhost:1883",
            "VIGIL_INFLUX_URL", "127.0.0.1:8086",
            "VIGIL_INFLUX_DB", "my db",
            "VIGIL_PARALLELISM", "zero",
            "VIGIL_RAIN_1H_LEVELS", "blue:10/12");
    assertThatThrownBy(() -> MonitoringConfig.from(bad::get))
        .hasMessageContaining("VIGIL_MQTT_URL: 'localhost:1883' must start with tcp:// or ssl://")
        .hasMessageContaining("VIGIL_INFLUX_URL: '127.0.0.1:8086' must start with http:// or https://")
        .hasMessageContaining("VIGIL_INFLUX_DB: 'my db'")
        .hasMessageContaining("VIGIL_PARALLELISM: 'zero' is not a positive whole number")
        .hasMessageContaining("VIGIL_RAIN_1H_LEVELS")
        .hasMessageContaining("above the raise threshold");
  }

  @Test
  void passwordsAreMasked() {
    MonitoringConfig c =
        MonitoringConfig.from(Map.of("VIGIL_INFLUX_USER", "vigil", "VIGIL_INFLUX_PASSWORD", "s3cret")::get);
    assertThat(c.toString()).contains("user=vigil").contains("****").doesNotContain("s3cret");
  }
}
