package org.vigil.jobs.monitoring;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vigil.alerts.rule.LevelThresholds;
import org.vigil.alerts.rule.ThresholdRule;
import org.vigil.alerts.site.CompoundRule;
import org.vigil.core.HazardMetrics;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/**
 * The built-in hazard rules of the monitoring job and their settings: per-sensor threshold rules on raw fields and
 * derived series, and the site-level compound rule. Every setting, default and meaning is in {@link #KEYS}; a level
 * setting left empty switches its rule off.
 *
 * @param sensorRules threshold rules judged per sensor
 * @param siteRules compound rules judged per site
 */
public record HazardRules(List<ThresholdRule> sensorRules, List<CompoundRule> siteRules) implements Serializable {

  /** Setting, default, description. */
  public static final String[][] KEYS = {
    {"VIGIL_RAIN_1H_LEVELS", "blue:10/6,yellow:20/15,orange:30/24,red:50/40",
        "rolling 1-hour rainfall levels, mm: level:raise/clear"},
    {"VIGIL_RAIN_24H_LEVELS", "yellow:50/40,orange:100/80,red:250/200",
        "rolling 24-hour rainfall levels, mm (China Meteorological Administration daily categories: heavy 50, "
            + "torrential 100, extraordinary 250)"},
    {"VIGIL_RAIN_ID_LEVELS", "yellow:1/0.9",
        "rain event mean intensity as a multiple of the Guzzetti et al. (2008) global I-D threshold at the event's "
            + "duration"},
    {"VIGIL_RAIN_ID_CAINE_LEVELS", "orange:1/0.9",
        "rain event mean intensity as a multiple of the Caine (1980) I-D threshold at the event's duration"},
    {"VIGIL_SLOPE_TANGENT_LEVELS", "yellow:45/40,orange:80/78,red:85/83",
        "improved tangent angle (Xu et al. 2009) of the lower confidence bound of velocity, degrees"},
    {"VIGIL_WATER_LEVELS", "yellow:2.5/2.4,orange:3.0/2.9,red:3.5/3.4",
        "water level of flood gauges, m above the gauge datum (an example: set per installation)"},
    {"VIGIL_WATER_RISE_LEVELS", "yellow:0.2/0.1,orange:0.5/0.3,red:1.0/0.6",
        "rate of rise of water level, m/h (an example: set per river)"},
    {"VIGIL_COMPOUND_RAIN_24H_MM", "50", "compound rule: a gauge's 24-hour rainfall at or above this counts as heavy "
        + "rain (empty: rule off)"},
    {"VIGIL_COMPOUND_SLOPE_ANGLE_DEG", "45", "compound rule: a slope sensor's tangent angle (lower bound) at or above "
        + "this counts as accelerating"},
    {"VIGIL_COMPOUND_WINDOW", "PT12H", "compound rule: both must have held within this window"},
    {"VIGIL_COMPOUND_LEVEL", "orange", "compound rule: the level its alert opens at"},
  };

  /** Slope sensor kinds whose displacement is analysed. */
  public static final Set<SensorKind> SLOPE_KINDS = Set.of(SensorKind.GNSS, SensorKind.CRACK, SensorKind.TILT);

  public HazardRules {
    sensorRules = List.copyOf(sensorRules);
    siteRules = List.copyOf(siteRules);
  }

  /** Reads the rules from a lookup; reports every problem at once, naming the setting. */
  public static HazardRules fromLookup(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    List<ThresholdRule> rules = new ArrayList<>();
    threshold(lookup, problems, rules, "VIGIL_RAIN_1H_LEVELS", "rain-1h", HazardMetrics.RAIN_1H,
        "rainfall over the last hour", "mm", List.of(HazardMetrics.RAIN_10M, HazardMetrics.RAIN_3H));
    threshold(lookup, problems, rules, "VIGIL_RAIN_24H_LEVELS", "rain-24h", HazardMetrics.RAIN_24H,
        "rainfall over the last 24 hours", "mm",
        List.of(HazardMetrics.RAIN_72H, HazardMetrics.EFFECTIVE_RAIN, HazardMetrics.RAIN_EVENT_MM));
    List<String> idExplain = List.of(HazardMetrics.RAIN_EVENT_DURATION_H, HazardMetrics.RAIN_EVENT_INTENSITY,
        HazardMetrics.RAIN_EVENT_MM);
    threshold(lookup, problems, rules, "VIGIL_RAIN_ID_LEVELS", "rain-id-guzzetti2008",
        HazardMetrics.idRatio("guzzetti2008"), "rain event intensity against the Guzzetti (2008) I-D threshold",
        "x", append(idExplain, HazardMetrics.idThreshold("guzzetti2008")));
    threshold(lookup, problems, rules, "VIGIL_RAIN_ID_CAINE_LEVELS", "rain-id-caine1980",
        HazardMetrics.idRatio("caine1980"), "rain event intensity against the Caine (1980) I-D threshold", "x",
        append(idExplain, HazardMetrics.idThreshold("caine1980")));
    threshold(lookup, problems, rules, "VIGIL_SLOPE_TANGENT_LEVELS", "slope-tangent-angle",
        HazardMetrics.TANGENT_ANGLE_LOW, "tangent angle of the slope's displacement", "deg",
        List.of(HazardMetrics.TANGENT_ANGLE, HazardMetrics.VELOCITY, HazardMetrics.STEADY_VELOCITY,
            HazardMetrics.ACCELERATION, HazardMetrics.DISPLACEMENT, HazardMetrics.FORECAST_R2));
    threshold(lookup, problems, rules, "VIGIL_WATER_LEVELS", "water-level", "level_m", "water level", "m",
        List.of(HazardMetrics.LEVEL_RISE));
    threshold(lookup, problems, rules, "VIGIL_WATER_RISE_LEVELS", "water-rise", HazardMetrics.LEVEL_RISE,
        "rate of rise of the water level", "m/h", List.of());

    List<CompoundRule> site = new ArrayList<>();
    String rain = value(lookup, "VIGIL_COMPOUND_RAIN_24H_MM");
    if (!rain.isBlank()) {
      try {
        double rainMm = Double.parseDouble(rain.trim());
        double angle = Double.parseDouble(value(lookup, "VIGIL_COMPOUND_SLOPE_ANGLE_DEG").trim());
        Duration window = Duration.parse(value(lookup, "VIGIL_COMPOUND_WINDOW").trim());
        Level level = Level.fromWire(value(lookup, "VIGIL_COMPOUND_LEVEL").trim());
        site.add(new CompoundRule("rain-and-slope", "heavy rain and an accelerating slope", level, window, List.of(
            new CompoundRule.Condition("rain", HazardMetrics.RAIN_24H, rainMm, Set.of(SensorKind.RAIN)),
            new CompoundRule.Condition("slope", HazardMetrics.TANGENT_ANGLE_LOW, angle, SLOPE_KINDS))));
      } catch (NumberFormatException | DateTimeParseException e) {
        problems.add("VIGIL_COMPOUND_*: " + e.getMessage()
            + " (numbers for the thresholds, an ISO-8601 duration such as PT12H for the window)");
      } catch (IllegalArgumentException e) {
        problems.add("VIGIL_COMPOUND_*: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid rule settings: " + String.join("; ", problems));
    }
    return new HazardRules(rules, site);
  }

  private static void threshold(Function<String, String> lookup, List<String> problems, List<ThresholdRule> rules,
      String key, String id, String metric, String description, String unit, List<String> explain) {
    String spec = value(lookup, key);
    if (spec.isBlank()) {
      return;
    }
    try {
      rules.add(new ThresholdRule(id, metric, description, unit, LevelThresholds.parse(spec), explain));
    } catch (IllegalArgumentException e) {
      problems.add(key + ": " + e.getMessage());
    }
  }

  private static String value(Function<String, String> lookup, String key) {
    String v = lookup.apply(key);
    if (v != null) {
      return v;
    }
    for (String[] k : KEYS) {
      if (k[0].equals(key)) {
        return k[1];
      }
    }
    throw new IllegalStateException("no default for " + key);
  }

  private static List<String> append(List<String> list, String more) {
    List<String> out = new ArrayList<>(list);
    out.add(more);
    return out;
  }
}
