package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class JobArgumentsTest {

  @Test
  void acceptsTheThreeFormsAndWinsOverTheFallback() {
    JobArguments a = JobArguments.parse("--VIGIL_MQTT_URL=tcp://broker:1883", "--VIGIL_INFLUX_DB", "county",
        "VIGIL_SITES=hill-a,hill-b", "--VIGIL_WEBHOOK_URLS=");
    Function<String, String> env = Map.of("VIGIL_INFLUX_DB", "vigil", "VIGIL_INFLUX_URL", "http://influx:8086")::get;

    Function<String, String> lookup = a.over(env);

    assertThat(lookup.apply("VIGIL_MQTT_URL")).isEqualTo("tcp://broker:1883");
    assertThat(lookup.apply("VIGIL_INFLUX_DB")).isEqualTo("county");
    assertThat(lookup.apply("VIGIL_SITES")).isEqualTo("hill-a,hill-b");
    assertThat(lookup.apply("VIGIL_WEBHOOK_URLS")).isEmpty();
    assertThat(lookup.apply("VIGIL_INFLUX_URL")).isEqualTo("http://influx:8086");
    assertThat(lookup.apply("VIGIL_PARALLELISM")).isNull();
  }

  @Test
  void valuesMayHoldEqualsSigns() {
    assertThat(JobArguments.parse("--VIGIL_INCLINOMETERS=tilt-2=10:0.12:-0.05").values())
        .containsEntry("VIGIL_INCLINOMETERS", "tilt-2=10:0.12:-0.05");
  }

  @Test
  void refusesWhatIsNotASetting() {
    assertThatThrownBy(() -> JobArguments.parse("--parallelism=4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'--parallelism=4' is not a setting");
    assertThatThrownBy(() -> JobArguments.parse("--VIGIL_SITES"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no value");
    assertThatThrownBy(() -> JobArguments.parse("VIGIL_SITES"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no value");
  }

  @Test
  void noArgumentsLeaveTheFallback() {
    assertThat(JobArguments.parse().over(k -> "env:" + k).apply("VIGIL_X")).isEqualTo("env:VIGIL_X");
  }

  @Test
  void theInfluxPasswordIsNotTakenFromTheCommandLine() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JobArguments.parse("--VIGIL_INFLUX_PASSWORD=x"))
        .hasMessageContaining("VIGIL_INFLUX_PASSWORD_FILE").hasMessageNotContaining("=x");
  }
}
