package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vigil.analytics.rain.RainOptions;
import org.vigil.analytics.slope.InclinometerGeometry;
import org.vigil.analytics.slope.SlopeOptions;
import org.vigil.analytics.water.WaterOptions;

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
  public static final String DEFAULT_DERIVED_INTERVAL = "PT5M";

  /** Default of {@code VIGIL_ANALYTICS_BURST_GAP_MS}. */
  public static final long DEFAULT_BURST_GAP_MS = 250;

  /** Setting, default, description (the rain, slope and water settings are documented by their own options). */
  public static final String[][] KEYS = {
    {"VIGIL_INCLINOMETERS", "",
        "geometry of in-place inclinometers, comma-separated <sensorId or site/sensorId>=<length m>[:<zero x deg>:"
            + "<zero y deg>], e.g. tilt-2=10:0.12:-0.05; only these are converted to displacement"},
    {"VIGIL_DERIVED_INTERVAL", DEFAULT_DERIVED_INTERVAL,
        "device time between two stored derived points of one sensor (ISO-8601 duration; PT0S: every reading). "
            + "A reading at least this long after the sensor's last stored derived point gets one, so sensors "
            + "reporting this seldom or less often get one per reading; the rules judge every reading regardless"},
    {"VIGIL_ANALYTICS_BURST_GAP_MS", String.valueOf(DEFAULT_BURST_GAP_MS),
        "a sensor's readings arriving closer together than this (a backfill, a replay) are held "
            + "VIGIL_ANALYTICS_MAX_WAIT_MS after arrival so the analytics see them in device-time order; a reading "
            + "arriving later than this after the sensor's previous one, in order and with no more lag, goes on at once"},
  };

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

  /** Reads every analytics setting; reports every problem at once. */
  public static AnalyticsOptions fromLookup(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    RainOptions rain = null;
    SlopeOptions slope = null;
    WaterOptions water = null;
    try {
      rain = RainOptions.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      slope = SlopeOptions.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    try {
      water = WaterOptions.fromLookup(lookup);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    Map<String, InclinometerGeometry> geometry = new LinkedHashMap<>();
    String spec = lookup.apply("VIGIL_INCLINOMETERS");
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
        problems.add("VIGIL_INCLINOMETERS: '" + p + "': " + e.getMessage()
            + " (expected <sensorId>=<length m>[:<zero x deg>:<zero y deg>], e.g. tilt-2=10:0.12:-0.05)");
      }
    }
    long derivedIntervalMs = 0;
    String interval = lookup.apply("VIGIL_DERIVED_INTERVAL");
    interval = interval == null || interval.isBlank() ? DEFAULT_DERIVED_INTERVAL : interval.trim();
    try {
      derivedIntervalMs = Duration.parse(interval).toMillis();
      if (derivedIntervalMs < 0) {
        problems.add("VIGIL_DERIVED_INTERVAL: must not be negative: '" + interval + "'");
        derivedIntervalMs = 0;
      }
    } catch (DateTimeParseException e) {
      problems.add("VIGIL_DERIVED_INTERVAL: not an ISO-8601 duration such as PT5M: '" + interval + "'");
    }
    long burstGapMs = DEFAULT_BURST_GAP_MS;
    String gap = lookup.apply("VIGIL_ANALYTICS_BURST_GAP_MS");
    if (gap != null && !gap.isBlank()) {
      try {
        burstGapMs = Long.parseLong(gap.trim());
        if (burstGapMs < 0) {
          problems.add("VIGIL_ANALYTICS_BURST_GAP_MS: must not be negative: '" + gap + "'");
          burstGapMs = DEFAULT_BURST_GAP_MS;
        }
      } catch (NumberFormatException e) {
        problems.add("VIGIL_ANALYTICS_BURST_GAP_MS: not a whole number of milliseconds: '" + gap + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new AnalyticsOptions(rain, slope, water, geometry, derivedIntervalMs, burstGapMs);
  }
}
