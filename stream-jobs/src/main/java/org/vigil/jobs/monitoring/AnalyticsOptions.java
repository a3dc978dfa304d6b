package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vigil.analytics.rain.RainOptions;
import org.vigil.analytics.slope.InclinometerGeometry;
import org.vigil.analytics.slope.SlopeOptions;
import org.vigil.analytics.water.WaterOptions;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.SettingsReader;

/**
 * Settings of the per-sensor hazard analytics: rain, slope displacement, water level, and the geometry that turns an
 * inclinometer's tilt into displacement.
 *
 * @param rain rain gauges
 * @param slope displacement sensors
 * @param water water-level gauges
 * @param inclinometers geometry per inclinometer, by sensor id or {@code site/sensorId}; an inclinometer without one
 *     is stored but not analysed
 * @param derivedIntervalMs device time between two stored {@code derived} points of one sensor (0: every reading);
 *     the rules still judge every reading
 * @param burstGapMs a sensor's readings arriving closer together than this (processing time) are held to be put in
 *     device-time order; one arriving later, with no more lag than its predecessor, goes to the analytics at once
 *     ({@link SensorTimeFunction})
 */
public record AnalyticsOptions(
    RainOptions rain, SlopeOptions slope, WaterOptions water, Map<String, InclinometerGeometry> inclinometers,
    long derivedIntervalMs, long burstGapMs)
    implements Serializable {

  /** Default of {@code VIGIL_DERIVED_INTERVAL}. */
  public static final String DEFAULT_DERIVED_INTERVAL = JobSettings.DERIVED_INTERVAL.defaultText();

  /** Default of {@code VIGIL_ANALYTICS_BURST_GAP_MS}. */
  public static final long DEFAULT_BURST_GAP_MS = JobSettings.ANALYTICS_BURST_GAP_MS.defaultValue();

  public AnalyticsOptions {
    inclinometers = Map.copyOf(inclinometers);
    if (derivedIntervalMs < 0) {
      throw new IllegalArgumentException("derivedIntervalMs must be >= 0, got " + derivedIntervalMs);
    }
    if (burstGapMs < 0) {
      throw new IllegalArgumentException("burstGapMs must be >= 0, got " + burstGapMs);
    }
  }

  /** The same settings with another interval between stored derived points (0: every reading). */
  public AnalyticsOptions withDerivedIntervalMs(long ms) {
    return new AnalyticsOptions(rain, slope, water, inclinometers, ms, burstGapMs);
  }

  /** The geometry of the inclinometer with this subject ({@code site/kind/sensorId}), or null. */
  public InclinometerGeometry geometry(String subject) {
    int first = subject.indexOf('/');
    int last = subject.lastIndexOf('/');
    String site = subject.substring(0, first);
    String id = subject.substring(last + 1);
    InclinometerGeometry g = inclinometers.get(site + "/" + id);
    return g != null ? g : inclinometers.get(id);
  }

  /**
   * Reads the analytics' settings; reports every problem at once.
   *
   * @throws ConfigException listing the problems
   */
  public static AnalyticsOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    AnalyticsOptions o = read(r);
    return r.checked(o);
  }

  /** Reads the settings into {@code r}, which collects the problems; null when a part cannot be read. */
  public static AnalyticsOptions read(SettingsReader r) {
    RainOptions rain = r.part(() -> RainOptions.fromLookup(r.lookup()), null);
    SlopeOptions slope = r.part(() -> SlopeOptions.fromLookup(r.lookup()), null);
    WaterOptions water = r.part(() -> WaterOptions.fromLookup(r.lookup()), null);
    Map<String, InclinometerGeometry> geometry = new LinkedHashMap<>();
    String spec = r.get(JobSettings.INCLINOMETERS);
    for (String part : spec == null ? new String[0] : spec.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      try {
        if (eq <= 0) {
          throw new IllegalArgumentException("no '='");
        }
        String[] nums = p.substring(eq + 1).split(":");
        if (nums.length != 1 && nums.length != 3) {
          throw new IllegalArgumentException("give the length alone or length:zeroX:zeroY");
        }
        double length = Double.parseDouble(nums[0].trim());
        if (!(length > 0)) {
          throw new IllegalArgumentException("the length must be > 0 m");
        }
        double zx = nums.length == 3 ? Double.parseDouble(nums[1].trim()) : 0;
        double zy = nums.length == 3 ? Double.parseDouble(nums[2].trim()) : 0;
        geometry.put(p.substring(0, eq).trim(), new InclinometerGeometry(length, zx, zy));
      } catch (IllegalArgumentException e) {
        r.problem(JobSettings.INCLINOMETERS, "'" + p + "': " + e.getMessage(),
            "expected <sensorId>=<length m>[:<zero x deg>:<zero y deg>], e.g. tilt-2=10:0.12:-0.05");
      }
    }
    long derivedIntervalMs = r.get(JobSettings.DERIVED_INTERVAL).toMillis();
    long burstGapMs = r.get(JobSettings.ANALYTICS_BURST_GAP_MS);
    return rain == null || slope == null || water == null ? null
        : new AnalyticsOptions(rain, slope, water, geometry, derivedIntervalMs, burstGapMs);
  }
}
