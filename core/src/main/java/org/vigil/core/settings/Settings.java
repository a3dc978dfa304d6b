package org.vigil.core.settings;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of every {@code VIGIL_*} setting, by area: each key is declared once, in the {@code *Settings} class
 * of its area, with its type, default, unit, description and secret flag. The README's settings table and
 * {@code --help} are made from it ({@link SettingsDoc}).
 */
public final class Settings {

  /** The areas, in documentation order, and the class declaring each one's settings. */
  public static final Map<String, Class<?>> AREAS = areas();

  /**
   * Keys that are no longer settings, and what to do instead: a start with one of them set is refused with that
   * word, rather than the value being silently ignored.
   */
  public static final Map<String, String> REMOVED = removed();

  private static final List<Setting<?>> ALL = collect();

  private Settings() {}

  /** Every setting, area by area, each in its declaration order. */
  public static List<Setting<?>> all() {
    return ALL;
  }

  /** The settings of one area. */
  public static List<Setting<?>> of(String area) {
    return declared(AREAS.get(area));
  }

  /** The setting of this key (or a former name of it). */
  public static Optional<Setting<?>> find(String key) {
    return ALL.stream().filter(s -> s.key().equals(key) || s.formerKeys().contains(key)).findFirst();
  }

  private static Map<String, Class<?>> areas() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("MQTT broker", MqttSettings.class);
    m.put("InfluxDB", InfluxSettings.class);
    m.put("Monitoring job", JobSettings.class);
    m.put("Analytics", AnalyticsSettings.class);
    m.put("Crowds", CrowdSettings.class);
    m.put("Notifications", NotifySettings.class);
    m.put("Webhooks", WebhookSettings.class);
    m.put("Public warnings", WarningSettings.class);
    m.put("Loudspeaker broadcast", BroadcastSettings.class);
    m.put("Console", ConsoleSettings.class);
    m.put("Local services", LocalSettings.class);
    return m;
  }

  private static Map<String, String> removed() {
    Map<String, String> m = new LinkedHashMap<>();
    String thresholds = "rule thresholds now live in the ruleset (VIGIL_RULES_FILE, default infra/rules/default.yaml),"
        + " changed live with `vigil rules publish`; remove the setting";
    for (String k : List.of("VIGIL_RAIN_1H_LEVELS", "VIGIL_RAIN_24H_LEVELS", "VIGIL_SLOPE_TANGENT_LEVELS",
        "VIGIL_WATER_LEVELS", "VIGIL_COMPOUND_RAIN_24H_MM")) {
      m.put(k, thresholds);
    }
    String lateness = "lateness is judged per sensor by what its analytics can take; VIGIL_DUPLICATE_HORIZON_MS sets"
        + " how far back copies are recognised; remove the setting";
    m.put("VIGIL_ALLOWED_LATENESS_MS", lateness);
    m.put("VIGIL_RAIN_LATENESS_MS", lateness);
    String crowd = "crowd thresholds are rules of the ruleset now, see %s in infra/rules/default.yaml; set it there"
        + " (vigil rules publish) and remove the setting";
    m.put("VIGIL_CROWD_BASELINE_WINDOW_MS", crowd.formatted("crowd-surge, crowd-dispersal, crowd-motion (condition"
        + " baseline)"));
    m.put("VIGIL_CROWD_DENSITY_LEVELS", crowd.formatted("crowd-density (levels)"));
    m.put("VIGIL_CROWD_DISPERSAL_MIN_DROP", crowd.formatted("crowd-dispersal (condition minChange)"));
    m.put("VIGIL_CROWD_MOTION_MIN_ENERGY", crowd.formatted("crowd-motion (condition minEnergy)"));
    m.put("VIGIL_CROWD_RECENT_WINDOW_MS", crowd.formatted("the crowd rules (condition recent)"));
    m.put("VIGIL_CROWD_SURGE_MIN_RISE", crowd.formatted("crowd-surge (condition minChange)"));
    return m;
  }

  private static List<Setting<?>> collect() {
    List<Setting<?>> all = new ArrayList<>();
    for (Class<?> c : AREAS.values()) {
      for (Setting<?> s : declared(c)) {
        if (all.stream().anyMatch(o -> o.key().equals(s.key()))) {
          throw new IllegalStateException(s.key() + " is declared twice");
        }
        all.add(s);
      }
    }
    return List.copyOf(all);
  }

  private static List<Setting<?>> declared(Class<?> c) {
    List<Setting<?>> out = new ArrayList<>();
    for (Field f : c.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && Setting.class.isAssignableFrom(f.getType())) {
        try {
          out.add((Setting<?>) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return out;
  }
}
