package org.vigil.core.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of Vigil, for rule files and settings alike: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 2d}, {@code 1w}, combinations such as {@code 1h30m}, decimals such as {@code 1.5h}, a bare
 * {@code 0}, or ISO-8601 ({@code PT5M}, {@code P3D}); letters in either case. At most {@link #MAX} (no rule waits or
 * looks back longer, and every time plus a duration stays far from overflow); never negative.
 */
public final class Durations {

  /** Longest duration: ten years of 365 days. */
  public static final Duration MAX = Duration.ofDays(3650);

  /** How the syntax is described to a person who wrote something else. */
  public static final String SYNTAX = "a duration such as 500ms, 30s, 5m, 1h, 1d, 1w, 1h30m or PT5M";

  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");

  private Durations() {}

  /** The duration, or null when the text is not one (or one longer than {@link #MAX}, or negative). */
  public static Duration parse(String text) {
    Duration d = parseUnbounded(text);
    return d == null || d.isNegative() || d.compareTo(MAX) > 0 ? null : d;
  }

  /**
   * Why {@code text} is not a duration of this syntax, as words that follow the quoted text ("'-60s' is negative"), or
   * null when it is one. A leading minus is read as a negative duration, which is never allowed, rather than as
   * something else altogether.
   */
  public static String problem(String text) {
    if (parse(text) != null) {
      return null;
    }
    String t = text == null ? "" : text.strip();
    Duration d = parseUnbounded(t.startsWith("-") ? t.substring(1) : t);
    if (d != null && (t.startsWith("-") || d.isNegative())) {
      return "is negative";
    }
    if (d != null && d.compareTo(MAX) > 0) {
      return "is longer than " + format(MAX);
    }
    return "is not " + SYNTAX;
  }

  /** The shortest text of this syntax that reads back as {@code d} (whole milliseconds). */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0";
    }
    StringBuilder b = new StringBuilder();
    long[] sizes = {604_800_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    String[] units = {"w", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        b.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return b.toString();
  }

  private static Duration parseUnbounded(String text) {
    if (text == null || text.length() > 64) {
      return null;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (t.startsWith("p")) {
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
        case "d" -> 86_400_000;
        default -> 604_800_000;
      };
      end = m.end();
    }
    // Far above MAX (so a text a little over it is refused for its length, not its form) and far from overflow.
    return end == t.length() && end > 0 && ms <= 1000.0 * MAX.toMillis() ? Duration.ofMillis(Math.round(ms)) : null;
  }
}
