package org.vigil.alerts.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rule files write them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1h30m}, or ISO-8601. */
public final class Durations {

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or null when the text is not one. */
  public static Duration parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.strip();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    Matcher m = PART.matcher(t);
    int end = 0;
    double ms = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      ms += n * switch (m.group(2)) {
        case "ms" -> 1;
        case "s" -> 1_000;
        case "m" -> 60_000;
        case "h" -> 3_600_000;
        default -> 86_400_000;
      };
      end = m.end();
    }
    return end == t.length() && end > 0 ? Duration.ofMillis(Math.round(ms)) : null;
  }
}
