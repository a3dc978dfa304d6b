package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Voight's law fitted to displacement, on displacements whose failure time is known in closed form. */
class DisplacementFitTest {

  private static final long T0 = 1_780_000_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final double DAY = 86_400_000.0;

  @Test
  void gHasItsClosedFormValues() {
    // g_p(tau) = (tau^(1-p) - 1) / (p - 1); p = 1: -ln tau.
    assertThat(DisplacementFit.g(Math.E, 1)).isCloseTo(-1.0, within(1e-12));
    assertThat(DisplacementFit.g(4, 2)).isCloseTo(-0.75, within(1e-12)); // (1/4 - 1) / 1
    assertThat(DisplacementFit.g(4, 0.5)).isCloseTo(-2.0, within(1e-12)); // (2 - 1) / -0.5
    // Continuous through p = 1: (4^-1e-6 - 1) / 1e-6 ~ -ln 4 = -1.386294.
    assertThat(DisplacementFit.g(4, 1 + 1e-6)).isCloseTo(-1.386294, within(1e-5));
  }

  @Test
  void steadyCreepGivesAnOpenIntervalWithoutEdges() {
    // d = 2 mm/d * t, hourly for a day: exactly steady creep. Voight's law approaches a line as the failure recedes
    // (g_p(t_f - t) ~ const + t / t_f^p for t_f far beyond the data), so the latest failure searched fits within any
    // noise margin: the interval is open, and neither end is searched (both NaN).
    int n = 25;
    long[] t = new long[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR;
      d[i] = 2 * i / 24.0;
    }
    DisplacementFit.Result f = DisplacementFit.fit(t, d, 0, n, 0.01, 3.5 * 3.5);
    assertThat(f).isNotNull();
    assertThat(f.closed()).isFalse();
    assertThat(f.failureHighMs()).isNaN();
    assertThat(f.failureLowMs()).isNaN();
  }

  @Test
  void alphaTwoDisplacementGivesTheFailureTime() {
    // alpha = 2 (p = 1): v = 3 / (t_f - t) mm/d integrates to d = 5 - 3 ln(t_f - t); hourly over 2 days, failure
    // 3 days after T0, so 1 day after the newest point.
    int n = 49;
    long[] t = new long[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR;
      d[i] = 5 - 3 * Math.log(3 - i / 24.0);
    }
    DisplacementFit.Result f = DisplacementFit.fit(t, d, 0, n, 1e-12);
    assertThat(f.closed()).isTrue();
    assertThat(f.alpha()).isCloseTo(2.0, within(0.001));
    assertThat(f.failureMs()).isCloseTo(T0 + 72 * HOUR, within(60_000.0));
    // Exact data with a noise of 1e-6 mm: the plausible failure times lie within an hour of it.
    assertThat(f.failureLowMs()).isBetween((double) (T0 + 71 * HOUR), T0 + 72 * HOUR + 60_000.0);
    assertThat(f.failureHighMs()).isBetween(T0 + 72 * HOUR - 60_000.0, (double) (T0 + 73 * HOUR));
    // With a noise of 0.01 mm alpha is no longer pinned, and the interval widens but still holds the failure.
    DisplacementFit.Result g = DisplacementFit.fit(t, d, 0, n, 1e-4);
    assertThat(g.failureLowMs()).isLessThan(f.failureLowMs());
    assertThat(g.failureLowMs()).isLessThanOrEqualTo(T0 + 72 * HOUR);
    assertThat(g.failureHighMs()).isGreaterThanOrEqualTo(T0 + 72 * HOUR);
  }

  @Test
  void alphaOnePointSevenDisplacementGivesItsAlphaAndFailureTime() {
    // alpha = 1.7: p = 1/0.7; v = 2 tau^-p integrates to d = 2 (tau^(1-p) - 1) / (p - 1) (plus a constant 10);
    // every 30 minutes over 2 days, failure 2.5 days after T0.
    double p = 1 / 0.7;
    int n = 97;
    long[] t = new long[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR / 2;
      double tau = 2.5 - i / 48.0;
      d[i] = 10 + 2 * (Math.pow(tau, 1 - p) - 1) / (p - 1);
    }
    DisplacementFit.Result f = DisplacementFit.fit(t, d, 0, n, 1e-8);
    assertThat(f.alpha()).isCloseTo(1.7, within(0.001));
    assertThat((f.failureMs() - T0) / DAY).isCloseTo(2.5, within(0.001));
    assertThat(f.closed()).isTrue();
  }

  @Test
  void steadyCreepLeavesTheFailureTimeOpen() {
    // A straight line, 2 mm/d, with alternating +-0.1 mm errors: a failure arbitrarily far away fits as well as any,
    // so the interval of plausible failure times is open (or no accelerating fit exists at all).
    int n = 72;
    long[] t = new long[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR;
      d[i] = 2 * i / 24.0 + (i % 2 == 0 ? 0.1 : -0.1);
    }
    DisplacementFit.Result f = DisplacementFit.fit(t, d, 0, n, 0.01);
    assertThat(f == null || !f.closed()).isTrue();
  }

  @Test
  void theEvidenceBarIsALikelihoodRatioTestAgainstSteadyCreep() {
    // Exact alpha = 2 displacement d = 5 - 3 ln(t_f - t), 12 hourly readings, failure 1 day after the newest. A
    // straight line (steady creep) misfits it by SSE_line (ordinary least squares, computed here); with a noise
    // variance of SSE_line / 8 steady creep is 8 noise variances worse than the law: beyond a bar of 4 (about 2
    // standard errors: the interval closes), within one of 3.5^2 = 12.25 (it stays open).
    int n = 12;
    long[] t = new long[n];
    double[] d = new double[n];
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = T0 + i * HOUR;
      x[i] = i / 24.0;
      d[i] = 5 - 3 * Math.log(1 + (n - 1 - i) / 24.0);
    }
    double sseLine = lineSse(x, d);
    assertThat(sseLine).isCloseTo(0.0041245, within(1e-6)); // the same sum computed independently
    DisplacementFit.Result two = DisplacementFit.fit(t, d, 0, n, sseLine / 8, 4.0);
    assertThat(two.closed()).isTrue();
    assertThat(two.failureLowMs()).isLessThanOrEqualTo(T0 + 35 * HOUR);
    assertThat(two.failureHighMs()).isGreaterThanOrEqualTo(T0 + 35 * HOUR);
    DisplacementFit.Result strict = DisplacementFit.fit(t, d, 0, n, sseLine / 8, 3.5 * 3.5);
    assertThat(strict == null || !strict.closed()).isTrue();
    // The default bar is the 2-standard-error one.
    assertThat(DisplacementFit.fit(t, d, 0, n, sseLine / 8).closed()).isTrue();
  }

  /** Residual sum of squares of the ordinary least-squares line through (x, y). */
  private static double lineSse(double[] x, double[] y) {
    int n = x.length;
    double mx = java.util.Arrays.stream(x).average().orElseThrow();
    double my = java.util.Arrays.stream(y).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxx += (x[i] - mx) * (x[i] - mx);
      sxy += (x[i] - mx) * (y[i] - my);
      syy += (y[i] - my) * (y[i] - my);
    }
    return syy - sxy * sxy / sxx;
  }

  @Test
  void tooFewPointsGiveNoFit() {
    long[] t = {T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR, T0 + 4 * HOUR};
    double[] d = {0, 1, 2, 3, 4};
    assertThat(DisplacementFit.fit(t, d, 0, t.length, Double.NaN)).isNull();
  }
}
