package org.vigil.alerts.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rule files write them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, {@code 1h30m}, or ISO-8601; at
 * most {@link #MAX} (no rule waits or looks back longer, and every time plus a duration stays far from overflow).
 */
public final class Durations {

  /** Longest duration a rule may give: ten years of 365 days. */
  public static final Duration MAX = Duration.ofDays(3650);

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or null when the text is not one (or one longer than {@link #MAX}, or negative). */
  public static Duration parse(String text) {
    Duration d = parseUnbounded(text);
    return d == null || d.isNegative() || d.compareTo(MAX) > 0 ? null : d;
  }

  private static Duration parseUnbounded(String text) {
    if (text == null || text.length() > 64) {
      return null;
    }
    String t = text.strip();
    if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException | ArithmeticException e) {
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
    return end == t.length() && end > 0 && ms <= MAX.toMillis() ? Duration.ofMillis(Math.round(ms)) : null;
  }
}
