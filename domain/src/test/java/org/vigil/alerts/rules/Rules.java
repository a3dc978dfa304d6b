package org.vigil.alerts.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/** Test utilities: rules from YAML snippets, readings with derived values. */
final class Rules {

  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  /** 2026-11-28T00:00:00Z. */
  static final long T0 = 1_795_824_000_000L;

  private Rules() {}

  /** The single rule of a file whose {@code rules:} list holds this one rule (written at indent 0, "- id: ..."). */
  static RuleDef rule(String yamlRule) {
    String indented = "  " + yamlRule.strip().replace("\n", "\n  ");
    return RuleSetLoader.parse("rules:\n" + indented + "\n", "test.yaml").rules().get(0);
  }

  /**
   * Bands written {@code "blue:10/6,yellow:20/15"}: per level the raise threshold, a slash and the clear threshold
   * (clear = raise when left out), lowest level first.
   */
  static List<LevelBand> bands(String spec) {
    List<LevelBand> bands = new ArrayList<>();
    for (String part : spec.split(",")) {
      String[] lv = part.trim().split(":");
      String[] nums = lv[1].split("/");
      double raise = Double.parseDouble(nums[0].trim());
      bands.add(new LevelBand(Level.fromWire(lv[0].trim()), raise,
          nums.length > 1 ? Double.parseDouble(nums[1].trim()) : raise));
    }
    return bands;
  }

  /** A reading of one sensor at T0 + offset with these values (raw and derived alike). */
  static SensorMetrics m(String site, SensorKind kind, String sensor, long offsetMs, Object... nameValue) {
    Map<String, Double> d = new HashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      d.put((String) nameValue[i], ((Number) nameValue[i + 1]).doubleValue());
    }
    return new SensorMetrics(site, kind, sensor, T0 + offsetMs, Map.of(), d);
  }
}
