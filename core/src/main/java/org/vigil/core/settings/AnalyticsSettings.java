package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.duration;
import static org.vigil.core.settings.SettingType.intRange;
import static org.vigil.core.settings.SettingType.number;
import static org.vigil.core.settings.SettingType.text;

import java.time.Duration;

/** The hazard analytics: rainfall, slope displacement and water level (see README, For engineers). */
public final class AnalyticsSettings {

  public static final Setting<Duration> RAIN_DRY_GAP = Setting.of("VIGIL_RAIN_DRY_GAP", duration(), "6h",
      "a rain event ends after this long without rain");
  public static final Setting<Double> RAIN_ANTECEDENT_DECAY = Setting.of("VIGIL_RAIN_ANTECEDENT_DECAY", number(),
      "0.8", "daily decay factor of the antecedent precipitation index");
  public static final Setting<Integer> RAIN_ANTECEDENT_DAYS = Setting.of("VIGIL_RAIN_ANTECEDENT_DAYS",
      intRange(Integer.MIN_VALUE, Integer.MAX_VALUE), "10", "days of rain the antecedent index looks back");
  public static final Setting<String> RAIN_ID_CURVES = Setting.of("VIGIL_RAIN_ID_CURVES", text(),
      "caine1980,guzzetti2008", "intensity-duration threshold curves: built-in names or"
          + " `name:alpha=A;beta=B;min=MIN_H;max=MAX_H`, comma-separated; `none`: no curves");
  public static final Setting<Duration> RAIN_MAX_REPORT_INTERVAL = Setting.of("VIGIL_RAIN_MAX_REPORT_INTERVAL",
      duration(), "1h", "a gauge report covering more than this is not spread over its interval");
  public static final Setting<Duration> RAIN_RESOLUTION = Setting.of("VIGIL_RAIN_RESOLUTION", duration(), "1m",
      "a rain report less than this after the newest kept entry's start is merged into it");
  public static final Setting<Duration> RAIN_FINE_HISTORY = Setting.of("VIGIL_RAIN_FINE_HISTORY", duration(), "24h",
      "rain entries older than this are merged into hour buckets (bounded state)");

  public static final Setting<Duration> SLOPE_VELOCITY_WINDOW = Setting.of("VIGIL_SLOPE_VELOCITY_WINDOW", duration(),
      "24h", "window of the displacement velocity fit");
  public static final Setting<Duration> SLOPE_ACCELERATION_WINDOW = Setting.of("VIGIL_SLOPE_ACCELERATION_WINDOW",
      duration(), "24h", "window of the acceleration fit");
  public static final Setting<Double> SLOPE_ONSET_Z = Setting.of("VIGIL_SLOPE_ONSET_Z", number(), "2.0",
      "z-score of the acceleration that marks an onset");
  public static final Setting<Double> SLOPE_MIN_ACCELERATION_MM_D2 = Setting.of("VIGIL_SLOPE_MIN_ACCELERATION_MM_D2",
      number(), "0.01", "least acceleration that counts as an onset").unit("mm/d²");
  public static final Setting<Duration> SLOPE_ONSET_PERSISTENCE = Setting.of("VIGIL_SLOPE_ONSET_PERSISTENCE",
      duration(), "6h", "how long the acceleration must last to be an onset");
  public static final Setting<Duration> SLOPE_ONSET_SHORT_WINDOW = Setting.of("VIGIL_SLOPE_ONSET_SHORT_WINDOW",
      duration(), "6h", "window of the short onset test (fast accelerations)");
  public static final Setting<Duration> SLOPE_ONSET_SHORT_PERSISTENCE = Setting.of(
      "VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE", duration(), "2h", "persistence of the short onset test");
  public static final Setting<Double> SLOPE_STEADY_MM_D = Setting.of("VIGIL_SLOPE_STEADY_MM_D", number(), "",
      "steady (pre-failure) velocity of the slope").unit("mm/d").shownDefault("estimated");
  public static final Setting<Duration> SLOPE_CALIBRATION = Setting.of("VIGIL_SLOPE_CALIBRATION", duration(), "3d",
      "how long a sensor's steady velocity is estimated before tangent angles are judged");
  public static final Setting<Double> SLOPE_TANGENT_Z = Setting.of("VIGIL_SLOPE_TANGENT_Z", number(), "3.5",
      "z-score of the velocity used for the tangent angle");
  public static final Setting<Duration> SLOPE_MIN_VELOCITY_WINDOW = Setting.of("VIGIL_SLOPE_MIN_VELOCITY_WINDOW",
      duration(), "2h", "the velocity window while accelerating is not shorter than this");
  public static final Setting<Double> SLOPE_VELOCITY_WINDOW_SHARE = Setting.of("VIGIL_SLOPE_VELOCITY_WINDOW_SHARE",
      number(), "0.5", "while accelerating, the velocity window is this share of the time to failure (`0`: fixed)");
  public static final Setting<Duration> SLOPE_IV_WINDOW = Setting.of("VIGIL_SLOPE_IV_WINDOW", duration(), "3d",
      "window of the inverse-velocity forecast");
  public static final Setting<Double> SLOPE_IV_MIN_R2 = Setting.of("VIGIL_SLOPE_IV_MIN_R2", number(), "0.8",
      "least r² of the inverse-velocity fit that gives a failure time");
  public static final Setting<Integer> SLOPE_IV_MIN_POINTS = Setting.of("VIGIL_SLOPE_IV_MIN_POINTS",
      intRange(Integer.MIN_VALUE, Integer.MAX_VALUE), "8", "least points of the inverse-velocity fit");
  public static final Setting<Double> SLOPE_IV_MIN_T = Setting.of("VIGIL_SLOPE_IV_MIN_T", number(), "3.0",
      "least t statistic of the inverse-velocity slope (clearly falling)");
  public static final Setting<Double> SLOPE_IV_MAX_REL_SE = Setting.of("VIGIL_SLOPE_IV_MAX_REL_SE", number(), "0.05",
      "a failure time only when known to this share of the time left");
  public static final Setting<Duration> SLOPE_RESOLUTION = Setting.of("VIGIL_SLOPE_RESOLUTION", duration(), "5m",
      "displacement readings closer together than this are averaged into one kept point (`0`: keep every reading)");

  public static final Setting<Duration> WATER_RISE_WINDOW = Setting.of("VIGIL_WATER_RISE_WINDOW", duration(), "1h",
      "window of the water level's rate of rise");
  public static final Setting<Duration> WATER_RESOLUTION = Setting.of("VIGIL_WATER_RESOLUTION", duration(), "30s",
      "water-level readings closer together than this are averaged into one kept point (at most a tenth of the rise"
          + " window)");

  private AnalyticsSettings() {}
}
