package org.vigil.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One parser per type, with hand-chosen values at and beyond the bounds. */
class SettingTypeTest {

  @Test
  void durationsAreTheRulesetsSyntax() {
    SettingType<Duration> t = SettingType.duration();
    assertThat(t.parse("1d")).isEqualTo(Duration.ofSeconds(86_400));
    assertThat(t.parse(" 90s ")).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(t.parse("PT12H")).isEqualTo(Duration.ofHours(12));
    assertThat(t.parse("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> t.parse("5 minutes")).hasMessage("not a duration");
    assertThatThrownBy(() -> SettingType.duration(Duration.ofHours(1)).parse("59m")).hasMessage("shorter than 1h");
  }

  @Test
  void wholeNumbersHaveRanges() {
    SettingType<Long> t = SettingType.longRange(1, 10);
    assertThat(t.parse("1")).isEqualTo(1L);
    assertThat(t.parse("10")).isEqualTo(10L);
    assertThatThrownBy(() -> t.parse("0")).hasMessage("out of range 1..10");
    assertThatThrownBy(() -> t.parse("11")).hasMessage("out of range 1..10");
    assertThatThrownBy(() -> t.parse("2.5")).hasMessage("not a whole number");
    assertThat(SettingType.intRange(0, 65535).parse("65535")).isEqualTo(65535);
    assertThatThrownBy(() -> SettingType.intRange(0, 65535).parse("65536")).hasMessageContaining("out of range");
    assertThat(SettingType.longRange(1, Long.MAX_VALUE).name()).isEqualTo("integer 1..");
  }

  @Test
  void decimalsHaveRangesAndRefuseNonFiniteValues() {
    SettingType<Double> t = SettingType.decimal(0, true, Double.MAX_VALUE);
    assertThat(t.parse("0.5")).isEqualTo(0.5);
    assertThatThrownBy(() -> t.parse("0")).hasMessage("out of range");
    assertThatThrownBy(() -> t.parse("NaN")).hasMessage("out of range");
    assertThatThrownBy(() -> SettingType.number().parse("Infinity")).hasMessage("not a number");
    assertThatThrownBy(() -> SettingType.number().parse("a lot")).hasMessage("not a number");
  }

  @Test
  void booleansUrlsEnumsAndLists() {
    assertThat(SettingType.bool().parse("TRUE")).isTrue();
    assertThat(SettingType.bool().parse("off")).isFalse();
    assertThatThrownBy(() -> SettingType.bool().parse("yes")).hasMessage("neither true nor false");
    assertThat(SettingType.url("tcp", "ssl").parse("ssl://broker:8883")).isEqualTo(URI.create("ssl://broker:8883"));
    assertThatThrownBy(() -> SettingType.url("tcp", "ssl").parse("http://broker:1883"))
        .hasMessageContaining("tcp://, ssl://");
    assertThatThrownBy(() -> SettingType.url("tcp").parse("tcp://")).hasMessageContaining("not a URL");
    assertThatThrownBy(() -> SettingType.url("tcp").parse("tcp:/x")).hasMessageContaining("with a host");
    assertThat(SettingType.oneOf("none", "red").parse("RED")).isEqualTo("red");
    assertThat(SettingType.enumOf(Thread.State.class).parse("blocked")).isEqualTo(Thread.State.BLOCKED);
    assertThat(SettingType.list().parse(" a, b ,,c ")).isEqualTo(List.of("a", "b", "c"));
  }

  @Test
  void retentionsAreDurationsWrittenAsInfluxQlOrInf() {
    SettingType<String> t = InfluxSettings.RETENTION_DURATION;
    assertThat(t.parse("30d")).isEqualTo("30d");
    assertThat(t.parse("104w")).isEqualTo("104w");
    assertThat(t.parse("P14D")).isEqualTo("2w");
    assertThat(t.parse("90m")).isEqualTo("90m");
    assertThat(t.parse("inf")).isEqualTo("INF");
    assertThatThrownBy(() -> t.parse("30m")).hasMessage("shorter than 1h");
  }
}
