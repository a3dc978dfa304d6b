package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.vigil.core.settings.Durations;
import picocli.CommandLine;

/** A command line's durations read as the ruleset's: the short units, their combinations and ISO-8601 alike. */
class DurationOptionTest {

  @Test
  void takesTheRulesetsSyntax() {
    DurationOption o = new DurationOption();
    assertThat(o.convert("60s")).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.convert("1m")).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.convert("PT60S")).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(o.convert("11d")).isEqualTo(Duration.ofDays(11));
    assertThat(o.convert("0")).isZero();
  }

  @Test
  void refusesAnythingElseSayingWhatToGive() {
    assertThatThrownBy(() -> DurationOption.parse("soon")).isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessage("'soon' is not " + Durations.SYNTAX);
    assertThatThrownBy(() -> DurationOption.parse("-PT5S")).hasMessage("'-PT5S' is negative");
    assertThatThrownBy(() -> DurationOption.parse("-5m")).hasMessage("'-5m' is negative");
    assertThatThrownBy(() -> DurationOption.parse("3651d")).hasMessage("'3651d' is longer than 521w3d");
    assertThatThrownBy(() -> DurationOption.parse("60")).hasMessage("'60' is not " + Durations.SYNTAX);
  }
}
