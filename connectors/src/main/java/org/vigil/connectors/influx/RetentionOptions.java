package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.vigil.core.settings.Durations;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.SettingsReader;

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
 * Durations are the one duration syntax ({@code 30d}, {@code 104w}, {@code 1h30m}, ...; at least an hour) or
 * {@code INF}, kept as InfluxQL writes them ({@link InfluxSettings#RETENTION_DURATION}).
 *
 * @param enabled whether the set-up step manages the policies
 * @param raw retention of {@code raw}
 * @param rollup retention of {@code rollup_1m}
 */
public record RetentionOptions(boolean enabled, String raw, String rollup) {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(m|h|d|w)|INF");

  public static final RetentionOptions DEFAULTS = new RetentionOptions(InfluxSettings.RETENTION.defaultValue(),
      InfluxSettings.RAW_RETENTION.defaultValue(), InfluxSettings.ROLLUP_RETENTION.defaultValue());

  public RetentionOptions {
    raw = checked(InfluxSettings.RAW_RETENTION.key(), raw);
    rollup = checked(InfluxSettings.ROLLUP_RETENTION.key(), rollup);
  }

  /** Reads the settings above ({@link InfluxSettings}); unset ones take their defaults. */
  public static RetentionOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    RetentionOptions o = new RetentionOptions(r.get(InfluxSettings.RETENTION), r.get(InfluxSettings.RAW_RETENTION),
        r.get(InfluxSettings.ROLLUP_RETENTION));
    return r.checked(o);
  }

  /** The raw retention as a {@link Duration}; {@code INF} is {@link Duration#ZERO}'s opposite: a very long one. */
  public Duration rawDuration() {
    return toDuration(raw);
  }

  static Duration toDuration(String d) {
    Duration parsed = d.equals("INF") ? null : Durations.parse(d);
    return parsed == null ? Duration.ofDays(365L * 1000) : parsed;
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
