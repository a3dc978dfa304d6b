package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rule files' duration syntax and its bounds. */
class DurationsTest {

  @Test
  void theShortFormsAndIsoAreRead() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2d")).isEqualTo(Duration.ofHours(48));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("5 min")).isNull();
  }

  /** Ten years of 365 days (3,650 d) is the longest; beyond, and values that overflow, are not durations. */
  @Test
  void durationsBeyondTenYearsOrThatOverflowAreRefused() {
    assertThat(Durations.parse("3650d")).isEqualTo(Duration.ofDays(3650));
    assertThat(Durations.parse("3651d")).isNull();
    assertThat(Durations.parse("99999999999999999999999d")).isNull();
    assertThat(Durations.parse("PT9999999999999999999H")).isNull();
    assertThat(Durations.parse("P-1D")).isNull();
    assertThat(Durations.parse("1" + "0".repeat(100) + "s")).isNull();
  }
}
