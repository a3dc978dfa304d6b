package org.vigil.jobs.analytics.slope.eval;

/**
 * Whether a series' acceleration can be told from steady creep, at any method's best, by the time red is due
 * ({@link ForecastReport#TARGET_RED_SHARE_LEFT} of the acceleration phase left): the signal-to-noise ratio of the
 * ideal detector, which knows the onset, alpha and the steady velocity exactly and sees only the noise. Its statistic
 * is the matched filter {@code sum e_k y_k / sigma}, with {@code y_k} the readings less the steady creep and {@code e_k}
 * the acceleration's excess displacement; with independent Gaussian noise of deviation {@code sigma} it is normal with
 * unit variance and mean
 *
 * <pre>  SNR = sqrt(sum_k e_k^2) / sigma,   e(t) = d(t) - v0 t = v0 L [ (1 - u^q)/q - (1 - u) ],  u = (t_f - t)/L</pre>
 *
 * ({@code q = 1 - 1/(alpha - 1)}; {@code -ln u - (1 - u)} at alpha = 2), summed over the readings from the onset to
 * {@code t_f - 0.15 L}. For readings every {@code dt} the sum is about {@code (v0^2 L^3 / dt) I(alpha)} with
 * {@code I(alpha) = integral from 0.15 to 1 of [(1 - u^q)/q - (1 - u)]^2 du}, so
 *
 * <pre>  SNR ~ v0 L^1.5 sqrt(I(alpha)) / (sigma sqrt(dt))</pre>
 *
 * ({@code sqrt(I)} is 0.608, 0.478, 0.393, 0.333, 0.289, 0.255 for alpha 1.7 to 2.2). A series is <em>detectable</em>
 * when the SNR reaches {@link #Z}, the bar that keeps the levels quiet over 900 sensor-days of steady creep (the
 * tangent level's {@code tangentZ}: at 2 or 3 standard errors it raised yellow there). Below it, no method can raise
 * red in time without raising levels in steady creep as well; above it, a miss is the method's. The ideal detector
 * also ignores the rules' pending time, so the limit is generous to the method.
 */
public final class DetectionLimit {

  /** The bar, standard errors: the levels' multiple-comparison-safe {@code VIGIL_SLOPE_TANGENT_Z} default. */
  public static final double Z = 3.5;

  private static final double DAY_MS = 86_400_000.0;

  private DetectionLimit() {}

  /** The ideal detector's SNR at the red deadline; infinite for a noise-free series, NaN for a steady one. */
  public static double snr(ForecastGrid.Series s) {
    if (s.steady()) {
      return Double.NaN;
    }
    VoightLaw law = s.law();
    double deadline = law.failureDays() - ForecastReport.TARGET_RED_SHARE_LEFT * law.accelerationDays();
    double step = s.stepMinutes() / 1440.0;
    double sum = 0;
    // The generator's reading times: the origin plus whole steps (SeriesRun), in days from the origin.
    for (long k = 0; k * step <= deadline + 1e-12; k++) {
      double t = k * step;
      if (t > law.creepDays()) {
        double e = excess(law, t);
        sum += e * e;
      }
    }
    return s.noiseMm() > 0 ? Math.sqrt(sum) / s.noiseMm() : Double.POSITIVE_INFINITY;
  }

  /** Whether the series is detectable at the red deadline ({@link #snr} at least {@link #Z}). */
  public static boolean detectable(ForecastGrid.Series s) {
    return snr(s) >= Z;
  }

  /** Excess displacement over the steady creep at t days, mm (0 before the onset). */
  static double excess(VoightLaw law, double t) {
    if (t <= law.creepDays()) {
      return 0;
    }
    double u = (law.failureDays() - t) / law.accelerationDays();
    return law.v0MmD() * law.accelerationDays() * (shape(u, law.alpha()) - (1 - u));
  }

  /** {@code (1 - u^q)/q}, {@code -ln u} at q = 0. */
  static double shape(double u, double alpha) {
    double q = 1 - 1 / (alpha - 1);
    return Math.abs(q) < 1e-12 ? -Math.log(u) : (1 - Math.pow(u, q)) / q;
  }

  /** {@code I(alpha)} of the continuous approximation (midpoint rule, 20,000 steps). */
  static double integral(double alpha) {
    int n = 20_000;
    double a = ForecastReport.TARGET_RED_SHARE_LEFT;
    double h = (1 - a) / n;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double u = a + (i + 0.5) * h;
      double e = shape(u, alpha) - (1 - u);
      sum += e * e;
    }
    return sum * h;
  }
}
