package org.vigil.analytics.slope;

/**
 * Ordinary least-squares straight line {@code y = intercept + slope * x} through points whose x are epoch-millisecond
 * times, with x measured in days from {@link #originMs} (the first point's time) so that slopes come out per day and
 * sums stay well conditioned. Shared by the slope and water analytics.
 *
 * @param originMs time of {@code x = 0}, epoch ms
 * @param n number of points
 * @param slope least-squares slope, y units per day
 * @param intercept fitted y at {@code originMs}
 * @param slopeSe standard error of the slope under independent, equal-variance errors; NaN for fewer than 3 points
 * @param residualVariance residual variance {@code SSE / (n - 2)}; NaN for fewer than 3 points
 * @param r2 coefficient of determination; NaN when all y are equal
 * @param meanX mean x of the points, days from {@code originMs}
 * @param sxx {@code sum (x - meanX)^2}, days squared
 */
public record LinearFit(
    long originMs,
    int n,
    double slope,
    double intercept,
    double slopeSe,
    double residualVariance,
    double r2,
    double meanX,
    double sxx) {

  /** Milliseconds per day. */
  public static final double DAY_MS = 86_400_000.0;

  /**
   * Fits {@code y[from..to)} against {@code times[from..to)}; returns null for fewer than two points or when all
   * times are equal.
   */
  public static LinearFit of(long[] times, double[] y, int from, int to) {
    return weighted(times, y, null, from, to);
  }

  /**
   * Weighted least squares with relative weights {@code w[from..to)} (null: all 1). The sums of squares, the
   * residual variance and r^2 are weighted ones; {@link #slopeSe} assumes the weights are inverse variances up to a
   * common factor, which the residual variance estimates.
   */
  public static LinearFit weighted(long[] times, double[] y, double[] w, int from, int to) {
    int n = to - from;
    if (n < 2) {
      return null;
    }
    long origin = times[from];
    double sw = 0;
    double mx = 0;
    double my = 0;
    for (int i = from; i < to; i++) {
      double wi = w == null ? 1 : w[i];
      sw += wi;
      mx += wi * (times[i] - origin) / DAY_MS;
      my += wi * y[i];
    }
    if (!(sw > 0)) {
      return null;
    }
    mx /= sw;
    my /= sw;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = from; i < to; i++) {
      double wi = w == null ? 1 : w[i];
      double dx = (times[i] - origin) / DAY_MS - mx;
      double dy = y[i] - my;
      sxx += wi * dx * dx;
      sxy += wi * dx * dy;
      syy += wi * dy * dy;
    }
    if (w != null) {
      // Rescale so the weights average 1: the residual variance is then per point, as in the unweighted case.
      double k = n / sw;
      sxx *= k;
      sxy *= k;
      syy *= k;
    }
    if (sxx == 0) {
      return null;
    }
    double slope = sxy / sxx;
    double sse = Math.max(0, syy - slope * sxy);
    double s2 = n > 2 ? sse / (n - 2) : Double.NaN;
    double se = n > 2 ? Math.sqrt(s2 / sxx) : Double.NaN;
    double r2 = syy == 0 ? Double.NaN : 1 - sse / syy;
    return new LinearFit(origin, n, slope, my - slope * mx, se, s2, r2, mx, sxx);
  }

  /** Epoch ms of the mean x: the time a slope of a symmetric, evenly sampled window refers to. */
  public long meanTimeMs() {
    return originMs + Math.round(meanX * DAY_MS);
  }

  /** Epoch ms where the line crosses {@code y = 0}; NaN-free only when the slope is non-zero. */
  public double zeroCrossingMs() {
    return originMs + (-intercept / slope) * DAY_MS;
  }
}
