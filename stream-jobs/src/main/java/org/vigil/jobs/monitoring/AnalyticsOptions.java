package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vigil.jobs.analytics.rain.RainOptions;
import org.vigil.jobs.analytics.slope.InclinometerGeometry;
import org.vigil.jobs.analytics.slope.SlopeOptions;
import org.vigil.jobs.analytics.water.WaterOptions;

/**
 * Settings of the per-sensor hazard analytics: rain, slope displacement, water level, and the geometry that turns an
 * inclinometer's tilt into displacement.
 *
 * @param rain rain gauges
 * @param slope displacement sensors
 * @param water water-level gauges
 * @param inclinometers geometry per inclinometer, by sensor id or {@code site/sensorId}; an inclinometer without one
 *     is stored but not analysed
 */
public record AnalyticsOptions(
    RainOptions rain, SlopeOptions slope, WaterOptions water, Map<String, InclinometerGeometry> inclinometers)
    implements Serializable {

  /** Setting, default, description (the rain, slope and water settings are documented by their own options). */
  public static final String[][] KEYS = {
    {"VIGIL_INCLINOMETERS", "",
        "geometry of in-place inclinometers, comma-separated <sensorId or site/sensorId>=<length m>[:<zero x deg>:"
            + "<zero y deg>], e.g. tilt-2=10:0.12:-0.05; only these are converted to displacement"},
  };

  public AnalyticsOptions {
    inclinometers = Map.copyOf(inclinometers);
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
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new AnalyticsOptions(rain, slope, water, geometry);
  }
}
