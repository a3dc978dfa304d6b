package org.vigil.analytics.slope;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.core.settings.AnalyticsSettings;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;

/**
 * Settings of the per-sensor slope analytics ({@link SlopeSensor}).
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}; durations as ISO-8601 ({@code PT24H}, {@code P3D}) or
 *   {@code 30m}/{@code 6h}</caption>
 *   <tr><td>{@code VIGIL_SLOPE_VELOCITY_WINDOW}</td><td>PT24H</td><td>least-squares window of the smoothed
 *       velocity</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_ACCELERATION_WINDOW}</td><td>PT24H</td><td>window of smoothed velocities whose slope
 *       is the acceleration</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_ONSET_Z}</td><td>2.0</td><td>acceleration must exceed this many standard errors to
 *       count as significant</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_MIN_ACCELERATION_MM_D2}</td><td>0.01</td><td>and must exceed this, mm/d^2</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_ONSET_PERSISTENCE}</td><td>PT6H</td><td>how long it must stay significant before the
 *       sensor is "accelerating"</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_STEADY_MM_D}</td><td>unset</td><td>steady-state velocity, mm/d; unset: estimated
 *       from the calibration period</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_CALIBRATION}</td><td>P3D</td><td>calm period at the start of a sensor's data whose
 *       least-squares velocity is v_steady</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_TANGENT_Z}</td><td>3.5</td><td>z of the lower velocity bound behind the tangent
 *       level</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_IV_WINDOW}</td><td>P3D</td><td>window of smoothed velocities in the inverse-velocity
 *       fit</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_IV_MIN_R2}</td><td>0.8</td><td>least r^2 of a reported forecast</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_IV_MIN_POINTS}</td><td>8</td><td>least number of velocity points in the
 *       fit</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_MIN_VELOCITY_WINDOW}</td><td>PT2H</td><td>shortest velocity window while
 *       accelerating</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_VELOCITY_WINDOW_SHARE}</td><td>0.5</td><td>while accelerating, the velocity window is
 *       this share of the estimated time to failure (0: never shrinks)</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_IV_MIN_T}</td><td>3.0</td><td>the forecast's line must fall by this many standard
 *       errors</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_IV_MAX_REL_SE}</td><td>0.05</td><td>largest uncertainty of a given failure time, as a
 *       share of the time left (fit error and spread over the plausible alphas)</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_ONSET_SHORT_WINDOW}</td><td>PT6H</td><td>window of the short onset test: the
 *       velocity over it against the steady velocity (PT0S: off)</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE}</td><td>PT2H</td><td>how long the short test must stay
 *       significant before the sensor is "accelerating"</td></tr>
 *   <tr><td>{@code VIGIL_SLOPE_RESOLUTION}</td><td>PT5M</td><td>readings closer together than this are averaged
 *       into one kept point ({@link ResolutionBin}); PT0S keeps every reading</td></tr>
 * </table>
 *
 * <p>The resolution bounds a sensor's state and work per reading whatever its rate. Its default, 5
 * minutes, leaves sensors reporting every 5 minutes or less often (GNSS and crack meters usually report every 10 to
 * 60 minutes) exactly as before, and a 24 h velocity window still fits 288 points; a faster sensor's readings are
 * averaged per 5 minutes, which keeps their information (the mean of n readings has 1/n of their noise variance).
 * A sensor reporting exactly every 5 minutes whose timestamps come early by a few seconds would see pairs averaged:
 * set the resolution below its cadence (e.g. PT4M) for such sensors.
 */
public record SlopeOptions(
    Duration velocityWindow,
    Duration accelerationWindow,
    double onsetZ,
    double minAccelerationMmD2,
    Duration onsetPersistence,
    double steadyVelocityMmD,
    Duration calibration,
    double tangentZ,
    Duration inverseVelocityWindow,
    double inverseVelocityMinR2,
    int inverseVelocityMinPoints,
    Duration resolution,
    Duration minVelocityWindow,
    double velocityWindowShare,
    double inverseVelocityMinT,
    double inverseVelocityMaxRelSe,
    Duration onsetShortWindow,
    Duration onsetShortPersistence)
    implements Serializable {

  public static final Duration DEFAULT_VELOCITY_WINDOW = AnalyticsSettings.SLOPE_VELOCITY_WINDOW.defaultValue();
  public static final Duration DEFAULT_ACCELERATION_WINDOW = AnalyticsSettings.SLOPE_ACCELERATION_WINDOW.defaultValue();
  public static final double DEFAULT_ONSET_Z = AnalyticsSettings.SLOPE_ONSET_Z.defaultValue();
  public static final double DEFAULT_MIN_ACCELERATION_MM_D2 = AnalyticsSettings.SLOPE_MIN_ACCELERATION_MM_D2.defaultValue();
  public static final Duration DEFAULT_ONSET_PERSISTENCE = AnalyticsSettings.SLOPE_ONSET_PERSISTENCE.defaultValue();
  public static final Duration DEFAULT_CALIBRATION = AnalyticsSettings.SLOPE_CALIBRATION.defaultValue();
  public static final double DEFAULT_TANGENT_Z = AnalyticsSettings.SLOPE_TANGENT_Z.defaultValue();
  public static final Duration DEFAULT_IV_WINDOW = AnalyticsSettings.SLOPE_IV_WINDOW.defaultValue();
  public static final double DEFAULT_IV_MIN_R2 = AnalyticsSettings.SLOPE_IV_MIN_R2.defaultValue();
  public static final int DEFAULT_IV_MIN_POINTS = AnalyticsSettings.SLOPE_IV_MIN_POINTS.defaultValue();
  public static final Duration DEFAULT_RESOLUTION = AnalyticsSettings.SLOPE_RESOLUTION.defaultValue();
  public static final Duration DEFAULT_MIN_VELOCITY_WINDOW = AnalyticsSettings.SLOPE_MIN_VELOCITY_WINDOW.defaultValue();
  public static final double DEFAULT_VELOCITY_WINDOW_SHARE = AnalyticsSettings.SLOPE_VELOCITY_WINDOW_SHARE.defaultValue();
  public static final double DEFAULT_IV_MIN_T = AnalyticsSettings.SLOPE_IV_MIN_T.defaultValue();
  public static final double DEFAULT_IV_MAX_REL_SE = AnalyticsSettings.SLOPE_IV_MAX_REL_SE.defaultValue();
  public static final Duration DEFAULT_ONSET_SHORT_WINDOW = AnalyticsSettings.SLOPE_ONSET_SHORT_WINDOW.defaultValue();
  public static final Duration DEFAULT_ONSET_SHORT_PERSISTENCE = AnalyticsSettings.SLOPE_ONSET_SHORT_PERSISTENCE.defaultValue();

  /** Options with the default short onset test. */
  public SlopeOptions(
      Duration velocityWindow,
      Duration accelerationWindow,
      double onsetZ,
      double minAccelerationMmD2,
      Duration onsetPersistence,
      double steadyVelocityMmD,
      Duration calibration,
      double tangentZ,
      Duration inverseVelocityWindow,
      double inverseVelocityMinR2,
      int inverseVelocityMinPoints,
      Duration resolution,
      Duration minVelocityWindow,
      double velocityWindowShare,
      double inverseVelocityMinT,
      double inverseVelocityMaxRelSe) {
    this(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence, steadyVelocityMmD,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution,
        minVelocityWindow, velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe,
        DEFAULT_ONSET_SHORT_WINDOW, DEFAULT_ONSET_SHORT_PERSISTENCE);
  }

  /** Options with the default adaptive-window and forecast-judging settings. */
  public SlopeOptions(
      Duration velocityWindow,
      Duration accelerationWindow,
      double onsetZ,
      double minAccelerationMmD2,
      Duration onsetPersistence,
      double steadyVelocityMmD,
      Duration calibration,
      double tangentZ,
      Duration inverseVelocityWindow,
      double inverseVelocityMinR2,
      int inverseVelocityMinPoints,
      Duration resolution) {
    this(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence, steadyVelocityMmD,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution,
        DEFAULT_MIN_VELOCITY_WINDOW, DEFAULT_VELOCITY_WINDOW_SHARE, DEFAULT_IV_MIN_T, DEFAULT_IV_MAX_REL_SE);
  }

  /** Options with the default resolution. */
  public SlopeOptions(
      Duration velocityWindow,
      Duration accelerationWindow,
      double onsetZ,
      double minAccelerationMmD2,
      Duration onsetPersistence,
      double steadyVelocityMmD,
      Duration calibration,
      double tangentZ,
      Duration inverseVelocityWindow,
      double inverseVelocityMinR2,
      int inverseVelocityMinPoints) {
    this(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence, steadyVelocityMmD,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints,
        DEFAULT_RESOLUTION);
  }

  public static SlopeOptions defaults() {
    return new SlopeOptions(
        DEFAULT_VELOCITY_WINDOW,
        DEFAULT_ACCELERATION_WINDOW,
        DEFAULT_ONSET_Z,
        DEFAULT_MIN_ACCELERATION_MM_D2,
        DEFAULT_ONSET_PERSISTENCE,
        Double.NaN,
        DEFAULT_CALIBRATION,
        DEFAULT_TANGENT_Z,
        DEFAULT_IV_WINDOW,
        DEFAULT_IV_MIN_R2,
        DEFAULT_IV_MIN_POINTS,
        DEFAULT_RESOLUTION,
        DEFAULT_MIN_VELOCITY_WINDOW,
        DEFAULT_VELOCITY_WINDOW_SHARE,
        DEFAULT_IV_MIN_T,
        DEFAULT_IV_MAX_REL_SE,
        DEFAULT_ONSET_SHORT_WINDOW,
        DEFAULT_ONSET_SHORT_PERSISTENCE);
  }

  /** A copy with another short onset test (window zero: off). */
  public SlopeOptions withOnsetShortTest(Duration window, Duration persistence) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, resolution, minVelocityWindow, velocityWindowShare, inverseVelocityMinT,
        inverseVelocityMaxRelSe, window, persistence);
  }

  public SlopeOptions withVelocityWindow(Duration d) {
    return new SlopeOptions(d, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  public SlopeOptions withAccelerationWindow(Duration d) {
    return new SlopeOptions(velocityWindow, d, onsetZ, minAccelerationMmD2, onsetPersistence, steadyVelocityMmD,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  public SlopeOptions withOnsetPersistence(Duration d) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, d, steadyVelocityMmD,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  public SlopeOptions withSteadyVelocityMmD(double v) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence, v,
        calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  public SlopeOptions withCalibration(Duration d) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, d, tangentZ, inverseVelocityWindow, inverseVelocityMinR2, inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  public SlopeOptions withInverseVelocityWindow(Duration d) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, d, inverseVelocityMinR2, inverseVelocityMinPoints, resolution, minVelocityWindow,
        velocityWindowShare, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  /** A copy with another resolution (zero: every reading is kept). */
  public SlopeOptions withResolution(Duration d) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, d, minVelocityWindow, velocityWindowShare, inverseVelocityMinT,
        inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  /** A copy with another forecast judgement: least |t| of the falling trend and largest relative error. */
  public SlopeOptions withForecastJudgement(double minT, double maxRelSe) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, resolution, minVelocityWindow, velocityWindowShare, minT, maxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  /** A copy with another tangent z. */
  public SlopeOptions withTangentZ(double z) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, z, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, resolution, minVelocityWindow, velocityWindowShare, inverseVelocityMinT,
        inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  /** A copy with other adaptive velocity windows (share 0: the configured window always). */
  public SlopeOptions withAdaptiveVelocityWindow(Duration min, double share) {
    return new SlopeOptions(velocityWindow, accelerationWindow, onsetZ, minAccelerationMmD2, onsetPersistence,
        steadyVelocityMmD, calibration, tangentZ, inverseVelocityWindow, inverseVelocityMinR2,
        inverseVelocityMinPoints, resolution, min, share, inverseVelocityMinT, inverseVelocityMaxRelSe, onsetShortWindow, onsetShortPersistence);
  }

  /** Every problem, empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    atLeastOneMinute(p, "velocity window", velocityWindow);
    atLeastOneMinute(p, "acceleration window", accelerationWindow);
    atLeastOneMinute(p, "calibration period", calibration);
    atLeastOneMinute(p, "inverse-velocity window", inverseVelocityWindow);
    if (onsetPersistence == null || onsetPersistence.isNegative()) {
      p.add("onset persistence must be zero or more, got " + onsetPersistence);
    }
    if (!(onsetZ >= 0) || Double.isInfinite(onsetZ)) {
      p.add("onset z must be a number >= 0, got " + onsetZ);
    }
    if (!(minAccelerationMmD2 >= 0) || Double.isInfinite(minAccelerationMmD2)) {
      p.add("minimum acceleration must be a number >= 0 mm/d^2, got " + minAccelerationMmD2);
    }
    if (!Double.isNaN(steadyVelocityMmD) && !(steadyVelocityMmD > 0 && Double.isFinite(steadyVelocityMmD))) {
      p.add("steady velocity must be a positive number of mm/d or unset (estimated), got " + steadyVelocityMmD);
    }
    if (!(tangentZ >= 0) || Double.isInfinite(tangentZ)) {
      p.add("tangent z must be a number >= 0, got " + tangentZ);
    }
    if (!(inverseVelocityMinR2 >= 0 && inverseVelocityMinR2 <= 1)) {
      p.add("inverse-velocity minimum r2 must be in [0, 1], got " + inverseVelocityMinR2);
    }
    if (resolution == null || resolution.isNegative() || resolution.compareTo(Duration.ofHours(1)) > 0) {
      p.add("resolution must be zero to 1 hour, got " + resolution);
    }
    if (minVelocityWindow == null || minVelocityWindow.compareTo(Duration.ofMinutes(1)) < 0) {
      p.add("minimum velocity window must be at least 1 minute, got " + minVelocityWindow);
    }
    if (!(velocityWindowShare >= 0 && velocityWindowShare <= 10)) {
      p.add("velocity window share must be in [0, 10], got " + velocityWindowShare);
    }
    if (!(inverseVelocityMinT >= 0) || Double.isInfinite(inverseVelocityMinT)) {
      p.add("inverse-velocity minimum t must be a number >= 0, got " + inverseVelocityMinT);
    }
    if (!(inverseVelocityMaxRelSe > 0)) {
      p.add("inverse-velocity maximum relative error must be > 0, got " + inverseVelocityMaxRelSe);
    }
    if (onsetShortWindow == null || onsetShortWindow.isNegative()
        || (!onsetShortWindow.isZero() && onsetShortWindow.compareTo(Duration.ofMinutes(1)) < 0)) {
      p.add("short onset window must be zero (off) or at least 1 minute, got " + onsetShortWindow);
    }
    if (onsetShortPersistence == null || onsetShortPersistence.isNegative()) {
      p.add("short onset persistence must be zero or more, got " + onsetShortPersistence);
    }
    if (inverseVelocityMinPoints < 3) {
      p.add("inverse-velocity minimum points must be at least 3, got " + inverseVelocityMinPoints);
    }
    return p;
  }

  /** Returns this, or throws {@link ConfigException} listing every problem. */
  public SlopeOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new ConfigException("invalid slope analytics configuration", p);
    }
    return this;
  }

  /** Reads the keys in the class documentation (blank or unset: the default); a test passes {@code Map::get}. */
  public static SlopeOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    SlopeOptions o =
        new SlopeOptions(
            r.get(AnalyticsSettings.SLOPE_VELOCITY_WINDOW),
            r.get(AnalyticsSettings.SLOPE_ACCELERATION_WINDOW),
            r.get(AnalyticsSettings.SLOPE_ONSET_Z),
            r.get(AnalyticsSettings.SLOPE_MIN_ACCELERATION_MM_D2),
            r.get(AnalyticsSettings.SLOPE_ONSET_PERSISTENCE),
            orNaN(r.get(AnalyticsSettings.SLOPE_STEADY_MM_D)),
            r.get(AnalyticsSettings.SLOPE_CALIBRATION),
            r.get(AnalyticsSettings.SLOPE_TANGENT_Z),
            r.get(AnalyticsSettings.SLOPE_IV_WINDOW),
            r.get(AnalyticsSettings.SLOPE_IV_MIN_R2),
            r.get(AnalyticsSettings.SLOPE_IV_MIN_POINTS),
            r.get(AnalyticsSettings.SLOPE_RESOLUTION),
            r.get(AnalyticsSettings.SLOPE_MIN_VELOCITY_WINDOW),
            r.get(AnalyticsSettings.SLOPE_VELOCITY_WINDOW_SHARE),
            r.get(AnalyticsSettings.SLOPE_IV_MIN_T),
            r.get(AnalyticsSettings.SLOPE_IV_MAX_REL_SE),
            r.get(AnalyticsSettings.SLOPE_ONSET_SHORT_WINDOW),
            r.get(AnalyticsSettings.SLOPE_ONSET_SHORT_PERSISTENCE));
    // Name the key with the problem: map each field problem back to its key.
    List<String> p = new ArrayList<>();
    for (String problem : o.problems()) {
      p.add(keyOf(problem) + ": " + problem);
    }
    r.check("invalid slope analytics configuration", p);
    return o;
  }

  private static double orNaN(Double d) {
    return d == null ? Double.NaN : d;
  }

  private static String keyOf(String problem) {
    if (problem.startsWith("velocity window share")) return "VIGIL_SLOPE_VELOCITY_WINDOW_SHARE";
    if (problem.startsWith("velocity window")) return "VIGIL_SLOPE_VELOCITY_WINDOW";
    if (problem.startsWith("acceleration window")) return "VIGIL_SLOPE_ACCELERATION_WINDOW";
    if (problem.startsWith("calibration")) return "VIGIL_SLOPE_CALIBRATION";
    if (problem.startsWith("inverse-velocity window")) return "VIGIL_SLOPE_IV_WINDOW";
    if (problem.startsWith("onset persistence")) return "VIGIL_SLOPE_ONSET_PERSISTENCE";
    if (problem.startsWith("onset z")) return "VIGIL_SLOPE_ONSET_Z";
    if (problem.startsWith("minimum acceleration")) return "VIGIL_SLOPE_MIN_ACCELERATION_MM_D2";
    if (problem.startsWith("steady velocity")) return "VIGIL_SLOPE_STEADY_MM_D";
    if (problem.startsWith("tangent z")) return "VIGIL_SLOPE_TANGENT_Z";
    if (problem.startsWith("inverse-velocity minimum r2")) return "VIGIL_SLOPE_IV_MIN_R2";
    if (problem.startsWith("resolution")) return "VIGIL_SLOPE_RESOLUTION";
    if (problem.startsWith("minimum velocity window")) return "VIGIL_SLOPE_MIN_VELOCITY_WINDOW";
    if (problem.startsWith("inverse-velocity minimum t")) return "VIGIL_SLOPE_IV_MIN_T";
    if (problem.startsWith("inverse-velocity maximum")) return "VIGIL_SLOPE_IV_MAX_REL_SE";
    if (problem.startsWith("short onset window")) return "VIGIL_SLOPE_ONSET_SHORT_WINDOW";
    if (problem.startsWith("short onset persistence")) return "VIGIL_SLOPE_ONSET_SHORT_PERSISTENCE";
    return "VIGIL_SLOPE_IV_MIN_POINTS";
  }

  private static void atLeastOneMinute(List<String> p, String what, Duration d) {
    if (d == null || d.compareTo(Duration.ofMinutes(1)) < 0) {
      p.add(what + " must be at least 1 minute, got " + d);
    }
  }

}
