package org.vigil.analytics.slope;

/**
 * The generalised inverse-velocity fit (Voight 1989; Cornelius and Voight 1995): Voight's law {@code dv/dt = A
 * v^alpha} integrates, for alpha &gt; 1, to {@code v^(1-alpha) = A (alpha-1) (t_f - t)}, a straight line in time that
 * reaches zero at the failure time {@code t_f}. Alpha = 2 is Fukuzono's (1985) linear inverse velocity; observed
 * alphas run from about 1.5 to 2.5 (Voight 1989), and a line through {@code 1/v} when alpha is not 2 is curved:
 * extrapolated, it comes early for alpha &lt; 2 and late for alpha &gt; 2 (by about 30 % and 20 % of the time left at
 * alpha 1.7 and 2.2).
 *
 * <p>For each alpha in {@code [ALPHA_MIN, ALPHA_MAX]} this fits {@code y = (v/v_max)^(1-alpha)} against time by
 * weighted least squares, with weights the inverse variance of y, {@code (v/v_max)^(2 alpha) Sxx}, where {@code Sxx}
 * is the time spread of the velocity's own window (a velocity's variance is {@code sigma^2 / Sxx}); and it keeps the
 * alpha whose line misfits the velocities least: the weighted residual sum of y divided by {@code (alpha-1)^2} is the
 * sum of squared velocity residuals in units of their standard errors (to first order), so it compares fits across
 * alphas. Coarse steps of 0.05, then a golden-section search in the best step's neighbourhood.
 *
 * <p>Returned with the line: its weighted r^2 (how straight the transformed velocities are), the failure time where
 * it crosses zero, that time's standard error from the fit (delta method; velocities from overlapping windows are
 * correlated, so it is a relative figure rather than a calibrated one), the slope's t statistic, and the trend of
 * {@code 1/v} now.
 */
public final class VoightFit {

  /**
   * Range of alpha searched: 1.7 to 2.2, the range of most cases Voight (1989) and Cornelius and Voight (1995)
   * report (wider ranges, 1.5 to 2.5, leave the failure time undetermined for much longer on noisy data).
   */
  public static final double ALPHA_MIN = 1.7;

  public static final double ALPHA_MAX = 2.2;

  /** Chi-square margin (about 2 standard errors of alpha) within which an alpha stays plausible. */
  public static final double ALPHA_EVIDENCE = 4.0;

  private static final double COARSE_STEP = 0.05;
  private static final double GOLDEN = 0.6180339887498949;

  /**
   * One fit.
   *
   * @param alpha fitted alpha
   * @param failureMs time where the line reaches zero, epoch ms (NaN when the line does not fall)
   * @param failureStdErrMs its standard error, ms
   * @param r2 weighted r^2 of the line through {@code (v/v_max)^(1-alpha)}
   * @param slopeT the line's slope over its standard error (negative when falling)
   * @param inverseVelocityTrend {@code d(1/v)/dt} at the newest point implied by the line, (day/mm) per day
   * @param points number of points
   * @param failureLowMs earliest failure time over the plausible alphas (those whose misfit is within
   *     {@link #ALPHA_EVIDENCE} residual variances of the best), epoch ms; NaN when some plausible line does not fall
   * @param failureHighMs latest such failure time, epoch ms
   */
  public record Result(double alpha, double failureMs, double failureStdErrMs, double r2, double slopeT,
      double inverseVelocityTrend, int points, double failureLowMs, double failureHighMs) {

    /** The same fit with the range of failure times over the plausible alphas. */
    Result withRange(double lowMs, double highMs) {
      return new Result(alpha, failureMs, failureStdErrMs, r2, slopeT, inverseVelocityTrend, points, lowMs, highMs);
    }
  }

  private VoightFit() {}

  /**
   * Fits the points {@code [from, to)} with v &gt; 0 (others are skipped); null for fewer than 3 such points.
   *
   * @param timesMs velocity times, epoch ms, ascending
   * @param v velocities, mm/day
   * @param sxx time spread {@code sum (t - mean)^2} of each velocity's window, days^2 (relative weights)
   */
  public static Result fit(long[] timesMs, double[] v, double[] sxx, int from, int to) {
    return fit(timesMs, v, sxx, from, to, Double.NaN);
  }

  /**
   * As {@link #fit(long[], double[], double[], int, int)}, and with the range of failure times over the plausible
   * alphas ({@link Result#failureLowMs()}), judged with {@code independentPoints} the number of non-overlapping
   * velocity windows in the fit (velocities from overlapping windows share their errors). NaN: no range.
   */
  public static Result fit(long[] timesMs, double[] v, double[] sxx, int from, int to, double independentPoints) {
    int n = 0;
    double vMax = 0;
    for (int i = from; i < to; i++) {
      if (v[i] > 0) {
        n++;
        vMax = Math.max(vMax, v[i]);
      }
    }
    if (n < 3) {
      return null;
    }
    double[] x = new double[n];
    double[] lnU = new double[n];
    double[] s = new double[n];
    long origin = timesMs[from];
    int k = 0;
    for (int i = from; i < to; i++) {
      if (v[i] > 0) {
        x[k] = (timesMs[i] - origin) / LinearFit.DAY_MS;
        lnU[k] = Math.log(v[i] / vMax);
        s[k] = Math.max(sxx[i], 1e-12);
        k++;
      }
    }
    double best = Double.NaN;
    double bestCost = Double.POSITIVE_INFINITY;
    for (double a = ALPHA_MIN; a <= ALPHA_MAX + 1e-9; a += COARSE_STEP) {
      double c = cost(a, x, lnU, s);
      if (c < bestCost) {
        bestCost = c;
        best = a;
      }
    }
    double lo = Math.max(ALPHA_MIN, best - COARSE_STEP);
    double hi = Math.min(ALPHA_MAX, best + COARSE_STEP);
    double m1 = hi - GOLDEN * (hi - lo);
    double m2 = lo + GOLDEN * (hi - lo);
    double c1 = cost(m1, x, lnU, s);
    double c2 = cost(m2, x, lnU, s);
    for (int it = 0; it < 12; it++) {
      if (c1 < c2) {
        hi = m2;
        m2 = m1;
        c2 = c1;
        m1 = hi - GOLDEN * (hi - lo);
        c1 = cost(m1, x, lnU, s);
      } else {
        lo = m1;
        m1 = m2;
        c1 = c2;
        m2 = lo + GOLDEN * (hi - lo);
        c2 = cost(m2, x, lnU, s);
      }
    }
    double alpha = c1 < c2 ? m1 : m2;
    double cost = Math.min(c1, c2);
    if (cost > bestCost) {
      alpha = best;
      cost = bestCost;
    }
    Result result = line(alpha, x, lnU, s, origin, vMax);
    if (result == null || Double.isNaN(independentPoints)) {
      return result;
    }
    // Plausible alphas: with m = n / independentPoints copies of each independent error, chi-square is cost / m and
    // the residual variance per independent point (cost / m) / (independentPoints - 3); a misfit within
    // ALPHA_EVIDENCE of those of the best (about 2 standard errors of alpha) is plausible; the m cancel. With fewer
    // than one residual degree of freedom (independent velocities not more than the three parameters: alpha, the
    // line's slope and intercept) the misfit measures no noise and cannot tell alpha: every alpha stays plausible.
    double dof = independentPoints - 3;
    double bar = dof >= 1 ? cost + ALPHA_EVIDENCE * cost / dof : Double.POSITIVE_INFINITY;
    double low = result.failureMs();
    double high = result.failureMs();
    for (double a = ALPHA_MIN; a <= ALPHA_MAX + 1e-9; a += COARSE_STEP) {
      if (cost(a, x, lnU, s) <= bar) {
        Result r = line(a, x, lnU, s, origin, vMax);
        double tf = r == null ? Double.NaN : r.failureMs();
        if (Double.isNaN(tf)) {
          low = Double.NaN;
          high = Double.NaN;
          break;
        }
        low = Math.min(low, tf);
        high = Math.max(high, tf);
      }
    }
    return result.withRange(low, high);
  }

  /** Velocity-domain misfit of the line for this alpha. */
  private static double cost(double alpha, double[] x, double[] lnU, double[] s) {
    double[] m = moments(alpha, x, lnU, s);
    double sse = Math.max(0, m[4] - m[3] * m[3] / m[2]);
    return sse / ((alpha - 1) * (alpha - 1));
  }

  /** {sum w, mean x, Sxx, Sxy, Syy, mean y} of the weighted points for this alpha. */
  private static double[] moments(double alpha, double[] x, double[] lnU, double[] s) {
    double sw = 0;
    double sx = 0;
    double sy = 0;
    int n = x.length;
    double[] y = new double[n];
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = Math.exp((1 - alpha) * lnU[i]);
      w[i] = Math.exp(2 * alpha * lnU[i]) * s[i];
      sw += w[i];
      sx += w[i] * x[i];
      sy += w[i] * y[i];
    }
    double mx = sx / sw;
    double my = sy / sw;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx;
      double dy = y[i] - my;
      sxx += w[i] * dx * dx;
      sxy += w[i] * dx * dy;
      syy += w[i] * dy * dy;
    }
    return new double[] {sw, mx, sxx, sxy, syy, my};
  }

  private static Result line(double alpha, double[] x, double[] lnU, double[] s, long origin, double vMax) {
    int n = x.length;
    double[] m = moments(alpha, x, lnU, s);
    double sw = m[0];
    double mx = m[1];
    double sxx = m[2];
    double sxy = m[3];
    double syy = m[4];
    double my = m[5];
    if (!(sxx > 0)) {
      return null;
    }
    double b = sxy / sxx;
    double sse = Math.max(0, syy - b * sxy);
    double r2 = syy > 0 ? 1 - sse / syy : Double.NaN;
    // Weights are relative: the residual variance of a unit-weight point estimates their common factor.
    double s2 = sse / (n - 2);
    double seB = Math.sqrt(s2 / sxx);
    double slopeT = seB > 0 ? b / seB : (b < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    double failureMs = Double.NaN;
    double failureSe = Double.NaN;
    if (b < 0) {
      double x0 = mx - my / b;
      failureMs = origin + x0 * LinearFit.DAY_MS;
      double var = s2 / sw / (b * b) + my * my / (b * b * b * b) * s2 / sxx;
      failureSe = Math.sqrt(var) * LinearFit.DAY_MS;
    }
    // 1/v = vMax^-1 y^p with p = 1/(alpha-1): d(1/v)/dt = p y^(p-1) b / vMax at the newest point.
    double p = 1 / (alpha - 1);
    double yNow = my + b * (x[n - 1] - mx);
    double trend = yNow > 0 ? p * Math.pow(yNow, p - 1) * b / vMax : Double.NaN;
    return new Result(alpha, failureMs, failureSe, r2, slopeT, trend, n, failureMs, failureMs);
  }
}
