package org.vigil.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Names of the metrics rules can judge: the derived series (InfluxDB {@code derived}, tag {@code metric}) that the
 * monitoring job computes, and the raw reading fields of the payload contract; with their units and the sensor
 * kinds that have them ({@link #CATALOGUE}).
 */
public final class HazardMetrics {

  private HazardMetrics() {}

  // Rain gauges.
  public static final String RAIN_10M = "rain_10m";
  public static final String RAIN_1H = "rain_1h";
  public static final String RAIN_3H = "rain_3h";
  public static final String RAIN_24H = "rain_24h";
  public static final String RAIN_72H = "rain_72h";
  /** Last 24 h plus the decayed antecedent days. */
  public static final String EFFECTIVE_RAIN = "effective_rain";
  /** The decayed antecedent days alone. */
  public static final String ANTECEDENT_RAIN = "antecedent_rain";
  public static final String RAIN_EVENT_MM = "rain_event_mm";
  public static final String RAIN_EVENT_DURATION_H = "rain_event_duration_h";
  public static final String RAIN_EVENT_INTENSITY = "rain_event_intensity_mm_h";

  /** Event mean intensity divided by the curve's threshold intensity at the event's duration. */
  public static String idRatio(String curve) {
    return "id_" + curve + "_ratio";
  }

  /** The curve's threshold intensity at the event's duration, mm/h. */
  public static String idThreshold(String curve) {
    return "id_" + curve + "_threshold_mm_h";
  }

  // Slope displacement sensors.
  public static final String DISPLACEMENT = "displacement_mm";
  public static final String VELOCITY = "velocity_mm_d";
  public static final String VELOCITY_STDERR = "velocity_stderr_mm_d";
  public static final String ACCELERATION = "acceleration_mm_d2";
  public static final String ACCELERATION_ONSET = "acceleration_onset_ts";
  public static final String STEADY_VELOCITY = "steady_velocity_mm_d";
  public static final String TANGENT_ANGLE = "tangent_angle_deg";
  public static final String TANGENT_ANGLE_LOW = "tangent_angle_low_deg";
  public static final String INVERSE_VELOCITY = "inverse_velocity_d_mm";
  public static final String FORECAST_FAILURE = "forecast_failure_ts";
  public static final String FORECAST_R2 = "forecast_r2";
  public static final String FORECAST_LATEST_H = "forecast_latest_h";

  // Water-level gauges.
  public static final String LEVEL_RISE = "level_rise_m_h";

  /**
   * What a metric is: its unit, the sensor kinds that have it, whether it is derived (else a raw payload field), and
   * words for people.
   */
  public record Info(String unit, Set<SensorKind> kinds, boolean derived, String description) {}

  private static final Set<SensorKind> DISPLACEMENT_KINDS = Set.of(SensorKind.GNSS, SensorKind.CRACK, SensorKind.TILT);

  /** Every metric by name, except the per-curve I-D series ({@link #idRatio}, {@link #idThreshold}): see {@link #info}. */
  public static final Map<String, Info> CATALOGUE = catalogue();

  /** The catalogue entry of a metric, including {@code id_<curve>_ratio} and its threshold; null when unknown. */
  public static Info info(String metric) {
    Info i = CATALOGUE.get(metric);
    if (i == null && metric.startsWith("id_") && metric.endsWith("_ratio")) {
      return new Info("", Set.of(SensorKind.RAIN), true, "rain event intensity over an I-D curve's threshold");
    }
    if (i == null && metric.startsWith("id_") && metric.endsWith("_threshold_mm_h")) {
      return new Info("mm/h", Set.of(SensorKind.RAIN), true, "an I-D curve's threshold intensity at the event duration");
    }
    return i;
  }

  private static Map<String, Info> catalogue() {
    Map<String, Info> m = new LinkedHashMap<>();
    Set<SensorKind> rain = Set.of(SensorKind.RAIN);
    m.put("rain_mm", new Info("mm", rain, false, "rain in the report interval"));
    m.put("tilt_x_deg", new Info("deg", Set.of(SensorKind.TILT), false, "tilt, x axis"));
    m.put("tilt_y_deg", new Info("deg", Set.of(SensorKind.TILT), false, "tilt, y axis"));
    m.put("disp_mm", new Info("mm", Set.of(SensorKind.GNSS), false, "GNSS displacement"));
    m.put("crack_mm", new Info("mm", Set.of(SensorKind.CRACK), false, "crack opening"));
    m.put("pore_kpa", new Info("kPa", Set.of(SensorKind.PORE), false, "pore-water pressure"));
    m.put("level_m", new Info("m", Set.of(SensorKind.LEVEL), false, "water level"));
    m.put(RAIN_10M, new Info("mm", rain, true, "rainfall over the last 10 minutes"));
    m.put(RAIN_1H, new Info("mm", rain, true, "rainfall over the last hour"));
    m.put(RAIN_3H, new Info("mm", rain, true, "rainfall over the last 3 hours"));
    m.put(RAIN_24H, new Info("mm", rain, true, "rainfall over the last 24 hours"));
    m.put(RAIN_72H, new Info("mm", rain, true, "rainfall over the last 72 hours"));
    m.put(EFFECTIVE_RAIN, new Info("mm", rain, true, "effective rainfall: last 24 h plus decayed antecedent days"));
    m.put(ANTECEDENT_RAIN, new Info("mm", rain, true, "decayed antecedent rainfall of the days before"));
    m.put(RAIN_EVENT_MM, new Info("mm", rain, true, "rain of the current event"));
    m.put(RAIN_EVENT_DURATION_H, new Info("h", rain, true, "duration of the current rain event"));
    m.put(RAIN_EVENT_INTENSITY, new Info("mm/h", rain, true, "mean intensity of the current rain event"));
    m.put(DISPLACEMENT, new Info("mm", DISPLACEMENT_KINDS, true, "displacement"));
    m.put(VELOCITY, new Info("mm/d", DISPLACEMENT_KINDS, true, "smoothed displacement velocity"));
    m.put(VELOCITY_STDERR, new Info("mm/d", DISPLACEMENT_KINDS, true, "standard error of the velocity"));
    m.put(ACCELERATION, new Info("mm/d2", DISPLACEMENT_KINDS, true, "displacement acceleration"));
    m.put(ACCELERATION_ONSET, new Info("epoch ms", DISPLACEMENT_KINDS, true, "onset of acceleration"));
    m.put(STEADY_VELOCITY, new Info("mm/d", DISPLACEMENT_KINDS, true, "steady-state velocity"));
    m.put(TANGENT_ANGLE, new Info("deg", DISPLACEMENT_KINDS, true, "improved tangent angle"));
    m.put(TANGENT_ANGLE_LOW, new Info("deg", DISPLACEMENT_KINDS, true,
        "improved tangent angle of the velocity's lower confidence bound"));
    m.put(INVERSE_VELOCITY, new Info("d/mm", DISPLACEMENT_KINDS, true, "inverse velocity"));
    m.put(FORECAST_FAILURE, new Info("epoch ms", DISPLACEMENT_KINDS, true, "inverse-velocity failure forecast"));
    m.put(FORECAST_R2, new Info("", DISPLACEMENT_KINDS, true, "fit quality (r2) of the failure forecast"));
    m.put(FORECAST_LATEST_H, new Info("h", DISPLACEMENT_KINDS, true,
        "hours to the bound on the failure time (inverse-velocity fit: the earlier of the latest plausible "
            + "alpha's time and the fitted time plus half its standard error; or the displacement fit's latest "
            + "plausible time)"));
    m.put(LEVEL_RISE, new Info("m/h", Set.of(SensorKind.LEVEL), true, "rate of rise of the water level"));
    return Collections.unmodifiableMap(m);
  }
}
