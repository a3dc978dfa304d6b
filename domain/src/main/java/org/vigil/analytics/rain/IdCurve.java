package org.vigil.analytics.rain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vigil.core.settings.ConfigException;

/**
 * A rainfall intensity–duration (I–D) threshold {@code I = alpha * D^-beta}, with I the mean rainfall intensity in mm/h
 * and D the rain event's duration in hours, valid for {@code minDurationH <= D <= maxDurationH}. Rain at or above the
 * curve is the kind of rain that has triggered shallow landslides and debris flows in the curve's data set.
 *
 * <p>Built in:
 *
 * <ul>
 *   <li>{@link #CAINE_1980}: {@code I = 14.82 D^-0.39}, 10 minutes to 10 days (0.167 h to 240 h). Caine, N. (1980). The
 *       rainfall intensity–duration control of shallow landslides and debris flows. Geografiska Annaler: Series A,
 *       Physical Geography 62(1/2), 23–27.
 *   <li>{@link #GUZZETTI_2008}: the global curve {@code I = 2.20 D^-0.44}, 0.1 h to 1000 h. Guzzetti, F., Peruccacci,
 *       S., Rossi, M., Stark, C. P. (2008). The rainfall intensity–duration control of shallow landslides and debris
 *       flows: an update. Landslides 5(1), 3–17.
 * </ul>
 *
 * <p>Both are global lower bounds: conservative for most sites, and no substitute for a curve fitted to local
 * landslide records. The name is used in metric names ({@code id_<name>_ratio}), so it is lower case letters, digits
 * and underscores. The constructor checks every parameter and reports all problems at once ({@link
 * ConfigException}).
 *
 * @param name curve id, {@code [a-z][a-z0-9_]*}
 * @param alpha scale, mm/h at D = 1 h; positive
 * @param beta exponent; zero or positive
 * @param minDurationH shortest duration the curve is valid for, hours; positive
 * @param maxDurationH longest duration the curve is valid for, hours; above {@code minDurationH}
 */
public record IdCurve(String name, double alpha, double beta, double minDurationH, double maxDurationH)
    implements Serializable {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  /** Caine (1980): world-wide, 10 min to 10 days. */
  public static final IdCurve CAINE_1980 = new IdCurve("caine1980", 14.82, 0.39, 10.0 / 60.0, 240.0);

  /** Guzzetti et al. (2008): global, 0.1 h to 1000 h. */
  public static final IdCurve GUZZETTI_2008 = new IdCurve("guzzetti2008", 2.20, 0.44, 0.1, 1000.0);

  public IdCurve {
    List<String> problems = problems(name, alpha, beta, minDurationH, maxDurationH);
    if (!problems.isEmpty()) {
      throw new ConfigException("I-D curve '" + name + "'", problems);
    }
  }

  /** Every problem with these parameters; empty when they make a valid curve. */
  public static List<String> problems(String name, double alpha, double beta, double minH, double maxH) {
    List<String> p = new ArrayList<>();
    if (name == null || !NAME.matcher(name).matches()) {
      p.add("name must match [a-z][a-z0-9_]* (it becomes part of a metric name), got '" + name + "'");
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      p.add("alpha must be positive and finite, got " + alpha);
    }
    if (!(beta >= 0) || Double.isInfinite(beta)) {
      p.add("beta must be zero or positive and finite, got " + beta);
    }
    if (!(minH > 0) || Double.isInfinite(minH)) {
      p.add("min duration must be positive hours, got " + minH);
    }
    if (!(maxH > 0) || Double.isInfinite(maxH)) {
      p.add("max duration must be positive finite hours, got " + maxH);
    }
    if (minH >= maxH) {
      p.add("min duration " + minH + " h must be below max duration " + maxH + " h");
    }
    return p;
  }

  /** {@code alpha * D^-beta}, mm/h, for a duration in hours (also outside the valid range; see {@link #inRange}). */
  public double thresholdIntensity(double durationH) {
    return alpha * Math.pow(durationH, -beta);
  }

  /** Whether the curve was fitted for this duration: {@code minDurationH <= D <= maxDurationH}. */
  public boolean inRange(double durationH) {
    return durationH >= minDurationH && durationH <= maxDurationH;
  }

  /**
   * Judges an event of this duration and mean intensity against the curve. Outside the curve's duration range the
   * check is reported with {@code inRange = false} and never counts as exceeded: extrapolating a power law beyond
   * its data is not evidence.
   */
  public IdCheck check(double durationH, double intensityMmH) {
    double threshold = thresholdIntensity(durationH);
    boolean in = inRange(durationH);
    return new IdCheck(this, durationH, intensityMmH, threshold, in, in && intensityMmH >= threshold);
  }
}
