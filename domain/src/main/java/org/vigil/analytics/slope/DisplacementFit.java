package org.vigil.analytics.slope;

/**
 * Voight's law fitted to displacement directly rather than to differentiated velocity (after Bozzano et al. 2014 and
 * the review of Intrieri et al. 2019: fits to displacement are far less sensitive to noise than fits to velocity).
 * Integrating {@code v = K tau^-p} (Voight's {@code dv/dt = A v^alpha} with {@code p = 1/(alpha-1)},
 * {@code tau = t_f - t}) gives
 *
 * <pre>  d(t) = C + K g_p(t_f - t),   g_p(tau) = (tau^(1-p) - 1) / (p - 1)   (-ln tau for p = 1, alpha = 2)</pre>
 *
 * which for a given alpha and failure time is linear in {@code C} and {@code K}: those come from ordinary least
 * squares, and the failure time and alpha from a search of the profile residual sum {@code SSE(alpha, t_f)} over
 * alpha 1.7 to 2.2 ({@link VoightFit#ALPHA_MIN}) and failure times after the newest point (log-spaced, refined by
 * golden section). Readings are equally weighted: their errors are the sensor's noise, which does not depend on the
 * velocity.
 *
 * <p>The failure time's uncertainty is the fit's own: the range of {@code t_f} over every alpha and failure time
 * whose residual sum stays within {@link #EVIDENCE} noise variances of the best (a profile-likelihood interval,
 * about 2 standard errors), with the noise variance the larger of the fit's own residual variance and an independent
 * estimate of the sensor's noise (the residuals of the short velocity fits), so that a model that does not fit
 * widens the interval instead of narrowing it. The interval is open — no failure time — when a failure later than
 * {@link #MAX_LEFT_SPANS} times the fitted span, which for the data is indistinguishable from steady creep, still fits
 * within that bar.
 */
public final class DisplacementFit {

  /** Residual-sum margin, in noise variances, of the plausible (alpha, t_f): about 2 standard errors. */
  public static final double EVIDENCE = 4.0;

  /** Latest failure searched, as a multiple of the fitted time span (and at least {@link #MIN_MAX_LEFT_DAYS}). */
  static final double MAX_LEFT_SPANS = 20;

  static final double MIN_MAX_LEFT_DAYS = 10;

  /** Earliest failure searched after the newest point, days (about 1.5 minutes). */
  static final double MIN_LEFT_DAYS = 0.001;

  private static final double ALPHA_STEP = 0.05;
  private static final int GRID = 48;
  private static final double GOLDEN = 0.6180339887498949;

  /**
   * One fit.
   *
   * @param alpha best alpha
   * @param failureMs best failure time, epoch ms
   * @param failureLowMs earliest plausible failure time, epoch ms; NaN when the interval is open (not searched)
   * @param failureHighMs latest plausible failure time, epoch ms; NaN when the interval is open (steady creep still
   *     fits)
   * @param residualVariance the fit's residual variance {@code SSE / (n - 4)}, mm^2
   * @param points number of displacement points
   */
  public record Result(double alpha, double failureMs, double failureLowMs, double failureHighMs,
      double residualVariance, int points) {

    /** Whether the plausible failure times form a closed interval. */
    public boolean closed() {
      return !Double.isNaN(failureHighMs);
    }
  }

  private DisplacementFit() {}

  /** {@code g_p(tau)}, continuous in p through p = 1. */
  static double g(double tau, double p) {
    double q = 1 - p;
    double l = Math.log(tau);
    if (Math.abs(q) < 1e-9) {
      return -l;
    }
    return (Math.exp(q * l) - 1) / (p - 1);
  }

  /**
   * Fits the displacements {@code d[from..to)} at {@code timesMs[from..to)} (ascending); null for fewer than 6 points
   * or when no fit accelerates (K &gt; 0).
   *
   * @param noiseVariance an independent estimate of the readings' noise variance, mm^2 (NaN: the fit's own only)
   */
  public static Result fit(long[] timesMs, double[] d, int from, int to, double noiseVariance) {
    return fit(timesMs, d, from, to, noiseVariance, EVIDENCE);
  }

  /**
   * As {@link #fit(long[], double[], int, int, double)} with the plausible region's residual-sum margin {@code
   * evidence}, in noise variances ({@code z^2} for a bar of about z standard errors): the interval is closed only
   * when steady creep misfits by more than that, a likelihood-ratio test of an accelerating law against steady creep.
   */
  public static Result fit(long[] timesMs, double[] d, int from, int to, double noiseVariance, double evidence) {
    int n = to - from;
    if (n < 6) {
      return null;
    }
    long origin = timesMs[to - 1];
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = (timesMs[from + i] - origin) / LinearFit.DAY_MS;
      y[i] = d[from + i];
    }
    double span = -x[0];
    if (!(span > 0)) {
      return null;
    }
    double maxLeft = Math.max(MIN_MAX_LEFT_DAYS, MAX_LEFT_SPANS * span);
    double lnMin = Math.log(MIN_LEFT_DAYS);
    double lnMax = Math.log(maxLeft);
    int na = (int) Math.round((VoightFit.ALPHA_MAX - VoightFit.ALPHA_MIN) / ALPHA_STEP) + 1;
    double[][] sse = new double[na][GRID];
    double[] lnTau = new double[n];
    for (int j = 0; j < GRID; j++) {
      double left = Math.exp(lnMin + (lnMax - lnMin) * j / (GRID - 1));
      for (int i = 0; i < n; i++) {
        lnTau[i] = Math.log(left - x[i]);
      }
      for (int a = 0; a < na; a++) {
        sse[a][j] = sse(lnTau, y, p(a));
      }
    }
    // Each alpha's best failure time: the best grid point refined by golden section between its neighbours (a
    // grid point may miss a narrow valley of the residual sum).
    double[] minLn = new double[na];
    double[] minSse = new double[na];
    int bestA = -1;
    double best = Double.POSITIVE_INFINITY;
    for (int a = 0; a < na; a++) {
      int j = 0;
      for (int k = 1; k < GRID; k++) {
        if (sse[a][k] < sse[a][j]) {
          j = k;
        }
      }
      double[] r = refine(ln(j - 1, lnMin, lnMax), ln(j + 1, lnMin, lnMax), x, y, p(a));
      minLn[a] = r[0];
      minSse[a] = r[1];
      if (sse[a][j] < minSse[a]) {
        minLn[a] = ln(j, lnMin, lnMax);
        minSse[a] = sse[a][j];
      }
      if (minSse[a] < best) {
        best = minSse[a];
        bestA = a;
      }
    }
    if (bestA < 0 || !Double.isFinite(best)) {
      return null;
    }
    double lnBest = minLn[bestA];
    double s2 = best / (n - 4);
    double noise = Double.isNaN(noiseVariance) ? s2 : Math.max(s2, noiseVariance);
    double bar = best + evidence * Math.max(noise, 1e-18);
    double alpha = VoightFit.ALPHA_MIN + bestA * ALPHA_STEP;
    // An open interval (steady creep still fits: the usual answer in steady creep) needs no edges: say so at once.
    // The grid alone tells it: some plausible alpha stays within the bar at every searched time beyond its minimum.
    for (int a = 0; a < na; a++) {
      if (minSse[a] <= bar && openBeyond(sse[a], minLn[a], bar, lnMin, lnMax)) {
        return new Result(alpha, origin + Math.exp(lnBest) * LinearFit.DAY_MS, Double.NaN, Double.NaN, s2, n);
      }
    }
    // The plausible region: for each alpha whose minimum is within the bar, from that minimum out to where the
    // residual sum crosses the bar (stepping over the grid, then bisection); open when it reaches the latest searched.
    double lowLn = lnBest;
    double highLn = lnBest;
    boolean open = false;
    for (int a = 0; a < na; a++) {
      if (!(minSse[a] <= bar)) {
        continue;
      }
      double pa = p(a);
      double in = minLn[a];
      double out = Double.NaN;
      for (int k = 0; k < GRID; k++) {
        double l = ln(k, lnMin, lnMax);
        if (l > in && !(sse[a][k] <= bar)) {
          out = l;
          break;
        }
      }
      if (Double.isNaN(out)) {
        open = true;
      } else {
        highLn = Math.max(highLn, edge(in, out, x, y, pa, bar));
      }
      out = Double.NaN;
      for (int k = GRID - 1; k >= 0; k--) {
        double l = ln(k, lnMin, lnMax);
        if (l < minLn[a] && !(sse[a][k] <= bar)) {
          out = l;
          break;
        }
      }
      lowLn = Math.min(lowLn, Double.isNaN(out) ? lnMin : edge(minLn[a], out, x, y, pa, bar));
    }
    double high = open ? Double.NaN : origin + Math.exp(highLn) * LinearFit.DAY_MS;
    return new Result(alpha, origin + Math.exp(lnBest) * LinearFit.DAY_MS, origin + Math.exp(lowLn) * LinearFit.DAY_MS,
        high, s2, n);
  }

  /** Whether every grid time beyond {@code in} is within the bar (the plausible region reaches the latest searched). */
  private static boolean openBeyond(double[] sseA, double in, double bar, double lnMin, double lnMax) {
    for (int k = 0; k < GRID; k++) {
      if (ln(k, lnMin, lnMax) > in && !(sseA[k] <= bar)) {
        return false;
      }
    }
    return true;
  }

  private static double ln(int k, double lnMin, double lnMax) {
    int j = Math.max(0, Math.min(GRID - 1, k));
    return lnMin + (lnMax - lnMin) * j / (GRID - 1);
  }

  /** Golden-section minimum of the residual sum over ln(time left) in [lo, hi]: {ln, sse}. */
  private static double[] refine(double lo, double hi, double[] x, double[] y, double p) {
    double m1 = hi - GOLDEN * (hi - lo);
    double m2 = lo + GOLDEN * (hi - lo);
    double c1 = sseAt(m1, x, y, p);
    double c2 = sseAt(m2, x, y, p);
    for (int it = 0; it < 25; it++) {
      if (c1 < c2) {
        hi = m2;
        m2 = m1;
        c2 = c1;
        m1 = hi - GOLDEN * (hi - lo);
        c1 = sseAt(m1, x, y, p);
      } else {
        lo = m1;
        m1 = m2;
        c1 = c2;
        m2 = lo + GOLDEN * (hi - lo);
        c2 = sseAt(m2, x, y, p);
      }
    }
    return c1 < c2 ? new double[] {m1, c1} : new double[] {m2, c2};
  }

  private static double p(int alphaIndex) {
    return 1 / (VoightFit.ALPHA_MIN + alphaIndex * ALPHA_STEP - 1);
  }

  /** Bisection between a point inside the bar and one outside it, in ln(time left); returns the inside end. */
  private static double edge(double in, double out, double[] x, double[] y, double p, double bar) {
    for (int it = 0; it < 25; it++) {
      double mid = (in + out) / 2;
      if (sseAt(mid, x, y, p) <= bar) {
        in = mid;
      } else {
        out = mid;
      }
    }
    return in;
  }

  private static double sseAt(double lnLeft, double[] x, double[] y, double p) {
    double left = Math.exp(lnLeft);
    double[] lnTau = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      lnTau[i] = Math.log(left - x[i]);
    }
    return sse(lnTau, y, p);
  }

  /** Residual sum of squares of y on g_p (with intercept); +inf when K would not be positive. */
  private static double sse(double[] lnTau, double[] y, double p) {
    double[] s = sums(lnTau, y, p);
    if (!(s[0] > 0) || !(s[1] > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(0, s[2] - s[1] * s[1] / s[0]);
  }

  /** {Sgg, Sgy, Syy} about the means. */
  private static double[] sums(double[] lnTau, double[] y, double p) {
    int n = y.length;
    double q = 1 - p;
    boolean log = Math.abs(q) < 1e-9;
    double sg = 0;
    double sy = 0;
    double[] gv = new double[n];
    for (int i = 0; i < n; i++) {
      gv[i] = log ? -lnTau[i] : (Math.exp(q * lnTau[i]) - 1) / (p - 1);
      sg += gv[i];
      sy += y[i];
    }
    double mg = sg / n;
    double my = sy / n;
    double sgg = 0;
    double sgy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dg = gv[i] - mg;
      double dy = y[i] - my;
      sgg += dg * dg;
      sgy += dg * dy;
      syy += dy * dy;
    }
    return new double[] {sgg, sgy, syy};
  }
}
