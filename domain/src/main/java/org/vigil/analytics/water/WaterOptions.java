package org.vigil.analytics.water;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.core.settings.AnalyticsSettings;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;

/**
 * Settings of the water-level analytics ({@link WaterGauge}).
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}; durations ISO-8601 ({@code PT1H}) or {@code 30m}/{@code 1h}</caption>
 *   <tr><td>{@code VIGIL_WATER_RISE_WINDOW}</td><td>PT1H</td><td>least-squares window of the rate of rise</td></tr>
 *   <tr><td>{@code VIGIL_WATER_RESOLUTION}</td><td>PT30S</td><td>readings closer together than this are averaged
 *       into one kept point; PT0S keeps every reading</td></tr>
 * </table>
 *
 * @param riseWindow window of the rate of rise, at least 1 minute
 * @param resolution readings closer together than this are averaged into one kept point ({@link
 *     org.vigil.analytics.slope.ResolutionBin}), so a gauge keeps at most about {@code riseWindow / resolution}
 *     points (121 with the defaults, 2 KB) whatever its rate (before, a 1 Hz gauge kept 3,600, and refitted them all
 *     on each reading). Default 30 s: gauges reporting every 30 s or less often are unchanged; 0 to {@code
 *     riseWindow / 10}
 */
public record WaterOptions(Duration riseWindow, Duration resolution) implements Serializable {

  public static final Duration DEFAULT_RISE_WINDOW = AnalyticsSettings.WATER_RISE_WINDOW.defaultValue();
  public static final Duration DEFAULT_RESOLUTION = AnalyticsSettings.WATER_RESOLUTION.defaultValue();

  /** Options with the default resolution. */
  public WaterOptions(Duration riseWindow) {
    this(riseWindow, DEFAULT_RESOLUTION);
  }

  public static WaterOptions defaults() {
    return new WaterOptions(DEFAULT_RISE_WINDOW, DEFAULT_RESOLUTION);
  }

  /** Every problem, empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (riseWindow == null || riseWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      p.add("VIGIL_WATER_RISE_WINDOW: rise window must be at least 1 minute, got " + riseWindow);
    } else if (resolution == null || resolution.isNegative() || resolution.compareTo(riseWindow.dividedBy(10)) > 0) {
      p.add("VIGIL_WATER_RESOLUTION: resolution must be zero to a tenth of the rise window, got " + resolution);
    }
    return p;
  }

  /** Returns this, or throws {@link ConfigException} listing every problem. */
  public WaterOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new ConfigException("invalid water-level analytics configuration", p);
    }
    return this;
  }

  /** Reads the keys in the class documentation (blank or unset: the default); a test passes {@code Map::get}. */
  public static WaterOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    Duration window = r.get(AnalyticsSettings.WATER_RISE_WINDOW);
    Duration resolution = r.get(AnalyticsSettings.WATER_RESOLUTION);
    r.check("invalid water-level analytics configuration", List.of());
    return new WaterOptions(window, resolution).validate();
  }

}
