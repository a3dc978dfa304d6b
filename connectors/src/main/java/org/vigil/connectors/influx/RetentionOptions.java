package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long InfluxDB keeps Vigil's data ({@link Retention}), from the job's settings:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><td>{@code VIGIL_INFLUX_RETENTION}</td><td>{@code on}</td><td>{@code on}: {@code vigil influx setup}
 *   ({@link InfluxSetup}, run before the job) creates and updates the retention policies and continuous queries;
 *   {@code off}: it leaves the database's policies alone (a database administrator manages them)</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_RAW_RETENTION}</td><td>{@code 30d}</td><td>how long raw points (readings, derived
 *   series, alerts, ...) are kept: retention policy {@code raw}, the default one, which the job writes to</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_ROLLUP_RETENTION}</td><td>{@code 104w}</td><td>how long the 1-minute rollups are
 *   kept: retention policy {@code rollup_1m}</td></tr>
 * </table>
 *
 * Durations are InfluxQL durations: a whole number with {@code m}, {@code h}, {@code d} or {@code w}, or {@code INF}.
 *
 * @param enabled whether the set-up step manages the policies
 * @param raw retention of {@code raw}
 * @param rollup retention of {@code rollup_1m}
 */
public record RetentionOptions(boolean enabled, String raw, String rollup) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(m|h|d|w)|INF");

  public static final RetentionOptions DEFAULTS = new RetentionOptions(true, "30d", "104w");

  public RetentionOptions {
    raw = checked("VIGIL_INFLUX_RAW_RETENTION", raw);
    rollup = checked("VIGIL_INFLUX_ROLLUP_RETENTION", rollup);
  }

  /** Reads the settings above; unset ones take their defaults. */
  public static RetentionOptions fromLookup(Function<String, String> lookup) {
    String on = lookup.apply("VIGIL_INFLUX_RETENTION");
    boolean enabled = true;
    if (on != null && !on.isBlank()) {
      switch (on.trim().toLowerCase(Locale.ROOT)) {
        case "on", "true" -> enabled = true;
        case "off", "false" -> enabled = false;
        default -> throw new IllegalArgumentException("VIGIL_INFLUX_RETENTION must be on or off, was '" + on + "'");
      }
    }
    return new RetentionOptions(enabled, orDefault(lookup.apply("VIGIL_INFLUX_RAW_RETENTION"), DEFAULTS.raw()),
        orDefault(lookup.apply("VIGIL_INFLUX_ROLLUP_RETENTION"), DEFAULTS.rollup()));
  }

  /** The raw retention as a {@link Duration}; {@code INF} is {@link Duration#ZERO}'s opposite: a very long one. */
  public Duration rawDuration() {
    return toDuration(raw);
  }

  static Duration toDuration(String d) {
    Matcher m = DURATION.matcher(d);
    if (!m.matches() || d.equals("INF")) {
      return Duration.ofDays(365L * 1000);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v.trim();
  }

  private static String checked(String key, String v) {
    if (v == null || !DURATION.matcher(v).matches()) {
      throw new IllegalArgumentException(key + " must be an InfluxQL duration such as 30d, 104w or INF, was '" + v
          + "'");
    }
    if (!v.equals("INF") && toDuration(v).compareTo(Duration.ofHours(1)) < 0) {
      throw new IllegalArgumentException(key + " must be at least 1h (InfluxDB's minimum), was '" + v + "'");
    }
    return v;
  }
}
