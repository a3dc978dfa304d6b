package org.vigil.alerts.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures crowd rules ({@code type: crowd}) can judge, per zone, counting line or camera, with their units: the
 * crowd counterpart of {@link org.vigil.core.HazardMetrics}. How each is worked out from the analysed frames is
 * {@code org.vigil.alerts.crowd.CrowdRules}'s business; this catalogue is what validation and messages need.
 */
public final class CrowdMetrics {

  private CrowdMetrics() {}

  /** What a crowd figure belongs to: its alert subject is the zone, the line or the camera. */
  public enum Target {
    /** {@code site/camera/cameraId/zoneId}. */
    ZONE,
    /** {@code site/camera/cameraId/line/lineId}. */
    LINE,
    /** {@code site/camera/cameraId}. */
    CAMERA
  }

  /** How a figure is taken from the frames of a rule's windows. */
  public enum Reading {
    /** the median (count-like figures) or mean (motion energy) over the condition's {@code recent} window. */
    RECENT,
    /** the change of cumulative counts over the condition's {@code window}, per minute. */
    RATE,
    /** the forecast from the recent count and the net inflow over {@code window}. */
    FORECAST
  }

  /**
   * One crowd figure.
   *
   * @param unit unit, for messages
   * @param target what it belongs to
   * @param reading how it is taken from the frames
   * @param description words for people
   */
  public record Info(String unit, Target target, Reading reading, String description) {}

  public static final String PEOPLE = "people";
  public static final String DENSITY = "density_per_m2";
  public static final String LEVEL_OF_SERVICE = "level_of_service";
  public static final String CAPACITY_SHARE = "capacity_share";
  public static final String ENTRIES = "entries_per_min";
  public static final String EXITS = "exits_per_min";
  public static final String NET_INFLOW = "net_inflow_per_min";
  public static final String MAX_DWELL = "max_dwell_s";
  public static final String MEAN_DWELL = "mean_dwell_s";
  public static final String MINUTES_TO_CAPACITY = "minutes_to_capacity";
  public static final String LINE_IN = "line_in_per_min";
  public static final String LINE_OUT = "line_out_per_min";
  public static final String MOTION_ENERGY = "motion_energy";

  /** Every crowd figure by name, in the order the README lists them. */
  public static final Map<String, Info> CATALOGUE = catalogue();

  /** The entry of a figure, or null when it is not a crowd figure. */
  public static Info info(String metric) {
    return CATALOGUE.get(metric);
  }

  /**
   * Fruin's walkway level of service of a density, as the number rules compare (A = 1 ... F = 6): the same bands as
   * {@code org.vigil.vision.LevelOfService} (A up to 0.31 persons/m², B 0.43, C 0.72, D 1.08, E 2.17, F above).
   */
  public static int levelOfService(double personsPerM2) {
    double[] max = {0.31, 0.43, 0.72, 1.08, 2.17};
    for (int i = 0; i < max.length; i++) {
      if (personsPerM2 <= max[i]) {
        return i + 1;
      }
    }
    return 6;
  }

  /** The letter of a level-of-service number (1 = A). */
  public static String levelOfServiceLetter(double n) {
    int i = (int) Math.round(n);
    return i >= 1 && i <= 6 ? String.valueOf((char) ('A' + i - 1)) : "?";
  }

  private static Map<String, Info> catalogue() {
    Map<String, Info> m = new LinkedHashMap<>();
    m.put(PEOPLE, new Info("persons", Target.ZONE, Reading.RECENT, "people in the zone"));
    m.put(DENSITY, new Info("persons/m²", Target.ZONE, Reading.RECENT, "crowd density"));
    m.put(LEVEL_OF_SERVICE, new Info("", Target.ZONE, Reading.RECENT,
        "Fruin level of service (A = 1 ... F = 6)"));
    m.put(CAPACITY_SHARE, new Info("x", Target.ZONE, Reading.RECENT, "people against the zone's capacity"));
    m.put(ENTRIES, new Info("/min", Target.ZONE, Reading.RATE, "entries into the zone"));
    m.put(EXITS, new Info("/min", Target.ZONE, Reading.RATE, "exits from the zone"));
    m.put(NET_INFLOW, new Info("/min", Target.ZONE, Reading.RATE, "net inflow into the zone"));
    m.put(MAX_DWELL, new Info("s", Target.ZONE, Reading.RECENT, "longest time someone has been in the zone"));
    m.put(MEAN_DWELL, new Info("s", Target.ZONE, Reading.RECENT, "mean time the people in the zone have been in it"));
    m.put(MINUTES_TO_CAPACITY, new Info("min", Target.ZONE, Reading.FORECAST,
        "time until the zone is full at the current net inflow"));
    m.put(LINE_IN, new Info("/min", Target.LINE, Reading.RATE, "crossings of the counting line inwards"));
    m.put(LINE_OUT, new Info("/min", Target.LINE, Reading.RATE, "crossings of the counting line outwards"));
    m.put(MOTION_ENERGY, new Info("px/frame", Target.CAMERA, Reading.RECENT, "motion energy of the camera's view"));
    return Collections.unmodifiableMap(m);
  }
}
