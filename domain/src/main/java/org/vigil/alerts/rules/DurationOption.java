package org.vigil.alerts.rules;

import java.time.Duration;
import org.vigil.core.settings.Durations;
import picocli.CommandLine;

/**
 * A command-line option's duration, written as the ruleset and the settings write durations ({@link Durations}:
 * {@code 60s}, {@code 2m}, {@code 1d}, {@code 1h30m}, ISO-8601 {@code PT60S}): the one picocli converter of every
 * Vigil command with a duration option, so that {@code ./vigil run --duration 2m} reads as a rule file would.
 */
public final class DurationOption implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * The duration, or a {@link CommandLine.TypeConversionException} that says what was given and what to give (picocli
   * prefixes the option's name).
   */
  public static Duration parse(String value) {
    String problem = Durations.problem(value);
    if (problem != null) {
      throw new CommandLine.TypeConversionException("'" + value + "' " + problem);
    }
    return Durations.parse(value);
  }
}
