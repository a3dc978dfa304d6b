package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionOptionsTest {

  @Test
  void defaultsAreThirtyDaysRawAndTwoYearsOfRollups() {
    RetentionOptions o = RetentionOptions.fromLookup(Map.<String, String>of()::get);
    assertThat(o).isEqualTo(new RetentionOptions(true, "30d", "104w"));
    assertThat(o.rawDuration()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void settingsAreRead() {
    RetentionOptions o = RetentionOptions.fromLookup(Map.of("VIGIL_INFLUX_RETENTION", "off",
        "VIGIL_INFLUX_RAW_RETENTION", "90d", "VIGIL_INFLUX_ROLLUP_RETENTION", "INF")::get);
    assertThat(o).isEqualTo(new RetentionOptions(false, "90d", "INF"));
    assertThat(RetentionOptions.toDuration("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(RetentionOptions.toDuration("36h")).isEqualTo(Duration.ofHours(36));
  }

  @Test
  void influxDurationsAreParsed() {
    assertThat(Retention.goDuration("720h0m0s")).isEqualTo(Duration.ofDays(30));
    assertThat(Retention.goDuration("17472h0m0s")).isEqualTo(Duration.ofDays(728));
    assertThat(Retention.goDuration("1h30m0s")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Retention.goDuration("0s")).isZero();
  }

  @Test
  void badValuesAreRefusedWithTheSettingsName() {
    assertThatThrownBy(() -> RetentionOptions.fromLookup(Map.of("VIGIL_INFLUX_RAW_RETENTION", "30 days")::get))
        .hasMessageContaining("VIGIL_INFLUX_RAW_RETENTION").hasMessageContaining("30 days");
    assertThatThrownBy(() -> RetentionOptions.fromLookup(Map.of("VIGIL_INFLUX_ROLLUP_RETENTION", "30m")::get))
        .hasMessageContaining("at least 1h");
    assertThatThrownBy(() -> RetentionOptions.fromLookup(Map.of("VIGIL_INFLUX_RETENTION", "maybe")::get))
        .hasMessageContaining("on or off");
  }

  @Test
  void theStatementsCreateBothPoliciesAndThreeContinuousQueries() {
    var s = Retention.statements("vigil", RetentionOptions.DEFAULTS);
    assertThat(s).hasSize(6);
    assertThat(s.get(1)).isEqualTo("CREATE RETENTION POLICY \"raw\" ON \"vigil\" DURATION 30d REPLICATION 1 DEFAULT");
    assertThat(s.get(2)).isEqualTo("CREATE RETENTION POLICY \"rollup_1m\" ON \"vigil\" DURATION 104w REPLICATION 1");
    assertThat(s.get(3)).startsWith("CREATE CONTINUOUS QUERY \"vigil_rollup_1m_stats\" ON \"vigil\" RESAMPLE EVERY 1m"
        + " FOR 10m BEGIN SELECT mean(*), min(*), max(*) INTO \"vigil\".\"rollup_1m\".:MEASUREMENT FROM"
        + " \"vigil\".\"raw\"./^(tilt|gnss|crack|pore|level|derived|crowd)$/ GROUP BY time(1m), * END");
    assertThat(Retention.rollups("vigil").get(1).over(0, 60_000))
        .contains("FROM \"vigil\".\"raw\".\"rain\" WHERE time >= 0ms AND time < 60000ms GROUP BY time(1m), *");
  }
}
