package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generalised inverse-velocity fit on exact Voight velocities, where the answer is known in closed form. */
class VoightFitTest {

  private static final long T0 = 1_780_000_000_000L;
  private static final long HOUR = 3_600_000L;

  /** Velocities of Voight's law, v = (k (t_f - t))^(-1/(alpha-1)), hourly over 2 days, failure 3 days after T0. */
  private static double[] velocities(long[] t, double alpha, double k) {
    double[] v = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = T0 + i * HOUR;
      double tau = (3 * 24 * HOUR - i * HOUR) / 86_400_000.0;
      v[i] = Math.pow(k * tau, -1 / (alpha - 1));
    }
    return v;
  }

  private static double[] ones(int n) {
    double[] s = new double[n];
    java.util.Arrays.fill(s, 1);
    return s;
  }

  @Test
  void linearInverseVelocityGivesTheExactFailureTime() {
    // alpha = 2: 1/v = 0.05 (t_f - t) is a straight line; its zero is t_f = T0 + 3 d exactly.
    long[] t = new long[49];
    double[] v = velocities(t, 2.0, 0.05);
    VoightFit.Result f = VoightFit.fit(t, v, ones(t.length), 0, t.length);
    assertThat(f.alpha()).isCloseTo(2.0, within(0.005));
    assertThat(f.failureMs()).isCloseTo(T0 + 72 * HOUR, within(60_000.0));
    assertThat(f.r2()).isCloseTo(1.0, within(1e-9));
    assertThat(f.slopeT()).isNegative();
    // d(1/v)/dt = -0.05 (d/mm) per day for alpha = 2.
    assertThat(f.inverseVelocityTrend()).isCloseTo(-0.05, within(0.001));
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.7, 1.8, 2.1, 2.2})
  void otherAlphasAreFoundAndTheirFailureTimeToo(double alpha) {
    // A straight line through 1/v would miss t_f by tens of percent of the time left; v^(1-alpha) is straight.
    long[] t = new long[49];
    double[] v = velocities(t, alpha, 0.05);
    VoightFit.Result f = VoightFit.fit(t, v, ones(t.length), 0, t.length, 49);
    assertThat(f.alpha()).isCloseTo(alpha, within(0.005));
    // 1 day left at the last point: within 1 % of it (15 minutes).
    assertThat(f.failureMs()).isCloseTo(T0 + 72 * HOUR, within(15 * 60_000.0));
    // Exact data: only alphas next to the true one are plausible, so the range is narrow too.
    assertThat(f.failureHighMs() - f.failureLowMs()).isLessThan(0.1 * 24 * HOUR);
  }

  @Test
  void withoutAResidualDegreeOfFreedomEveryAlphaStaysPlausible() {
    // Exact alpha = 2 velocities, hourly over 2 days, 1 day left. Counted as 3.5 independent velocities (overlapping
    // windows), the three parameters (alpha, slope, intercept) leave half a degree of freedom: the misfit measures no
    // noise, so the range spans the lines of alpha 1.7 and 2.2. Their weighted lines (weights (v/v_max)^(2 alpha))
    // reach zero at 3.6925 and 2.7440 days after T0 (computed separately: +69 % and -26 % of the time left).
    long[] t = new long[49];
    double[] v = velocities(t, 2.0, 0.05);
    VoightFit.Result f = VoightFit.fit(t, v, ones(t.length), 0, t.length, 3.5);
    assertThat(f.failureMs()).isCloseTo(T0 + 72 * HOUR, within(60_000.0));
    assertThat((f.failureLowMs() - T0) / 86_400_000.0).isCloseTo(2.7440, within(0.001));
    assertThat((f.failureHighMs() - T0) / 86_400_000.0).isCloseTo(3.6925, within(0.001));
    // With one degree of freedom (4 independent velocities) the exact data pin alpha again.
    VoightFit.Result g = VoightFit.fit(t, v, ones(t.length), 0, t.length, 4);
    assertThat(g.failureHighMs() - g.failureLowMs()).isLessThan(0.1 * 24 * HOUR);
  }

  @Test
  void steadyVelocityHasNoFailure() {
    long[] t = new long[30];
    double[] v = new double[30];
    for (int i = 0; i < 30; i++) {
      t[i] = T0 + i * HOUR;
      v[i] = 2 + (i % 2 == 0 ? 0.01 : -0.01);
    }
    VoightFit.Result f = VoightFit.fit(t, v, ones(30), 0, 30, 30);
    assertThat(Math.abs(f.slopeT())).isLessThan(3);
  }

  @Test
  void tooFewPositiveVelocitiesGiveNoFit() {
    long[] t = {T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR};
    assertThat(VoightFit.fit(t, new double[] {1, -1, 0, 2}, ones(4), 0, 4)).isNull();
  }
}
