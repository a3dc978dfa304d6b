package org.vigil.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one duration syntax (rule files and settings) and its bounds; values worked out by hand. */
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

  @Test
  void oneDayIsEightySixThousandFourHundredSeconds() {
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofSeconds(86_400));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofSeconds(5_400));
    assertThat(Durations.parse("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse("P3D")).isEqualTo(Duration.ofHours(72));
    assertThat(Durations.parse("pt6h")).isEqualTo(Duration.ofHours(6));
    assertThat(Durations.parse("5M")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
  }

  @Test
  void textThatIsNotADurationIsNull() {
    assertThat(Durations.parse("")).isNull();
    assertThat(Durations.parse("5")).isNull();
    assertThat(Durations.parse("h")).isNull();
    assertThat(Durations.parse("1x")).isNull();
    assertThat(Durations.parse("-5s")).isNull();
    assertThat(Durations.parse(null)).isNull();
  }

  @Test
  void formatWritesTheShortestTextThatReadsBack() {
    assertThat(Durations.format(Duration.ofSeconds(5_400))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofDays(728))).isEqualTo("104w");
    assertThat(Durations.format(Duration.ofMillis(1_250))).isEqualTo("1s250ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0");
  }

  @Test
  void problemSaysWhyATextIsNotADuration() {
    assertThat(Durations.problem("90s")).isNull();
    assertThat(Durations.problem("0")).isNull();
    assertThat(Durations.problem("-5s")).isEqualTo("is negative");
    assertThat(Durations.problem("-PT5S")).isEqualTo("is negative");
    assertThat(Durations.problem("PT-5S")).isEqualTo("is negative");
    // 3,650 days is the longest; 3,651 days (or 522 weeks = 3,654 days) is over it.
    assertThat(Durations.problem("3650d")).isNull();
    assertThat(Durations.problem("3651d")).isEqualTo("is longer than 521w3d");
    assertThat(Durations.problem("522w")).isEqualTo("is longer than 521w3d");
    assertThat(Durations.problem("soon")).isEqualTo("is not " + Durations.SYNTAX);
    assertThat(Durations.problem("--5s")).isEqualTo("is not " + Durations.SYNTAX);
    assertThat(Durations.problem(null)).isEqualTo("is not " + Durations.SYNTAX);
  }
}
