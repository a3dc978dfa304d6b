package org.vigil.jobs.monitoring;

import java.util.LinkedHashMap;
import java.util.Map;

/** Rule settings for tests that follow one rule through its life and must not see the others fire. */
public final class TestRules {

  private TestRules() {}

  /** Settings that switch off every built-in rule except {@code rain-1h} (an empty level setting disables a rule). */
  public static Map<String, String> onlyRain1h() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String[] k : HazardRules.KEYS) {
      if (k[0].endsWith("_LEVELS") && !k[0].equals("VIGIL_RAIN_1H_LEVELS")) {
        m.put(k[0], "");
      }
    }
    m.put("VIGIL_COMPOUND_RAIN_24H_MM", "");
    return m;
  }
}
