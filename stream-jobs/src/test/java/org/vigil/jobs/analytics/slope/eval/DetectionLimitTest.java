package org.vigil.jobs.analytics.slope.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.vigil.core.SensorKind;

/** The ideal detector's SNR at the red deadline against hand values. */
class DetectionLimitTest {

  private static ForecastGrid.Series series(VoightLaw law, int stepMinutes, double noiseMm) {
    return new ForecastGrid.Series("t", SensorKind.GNSS, law, stepMinutes, noiseMm, noiseMm, 1, false);
  }

  @Test
  void threeReadingsEverySixHours() {
    // alpha = 2, v0 = 1 mm/d, L = 1 d after 5 d of creep, a reading every 6 h: the readings in the acceleration up to
    // 15 % left are at u = (t_f - t)/L = 0.75, 0.5, 0.25 (u = 0 is failure, past the deadline). Excess over the
    // creep e = v0 L (-ln u - (1 - u)): 0.287682 - 0.25 = 0.037682; 0.693147 - 0.5 = 0.193147;
    // 1.386294 - 0.75 = 0.636294. Sum of squares 0.0014199 + 0.0373058 + 0.4048700 = 0.4435957, root 0.666030;
    // with 0.1 mm of noise SNR = 6.660 (detectable), with 0.2 mm 3.330 (below 3.5).
    VoightLaw law = new VoightLaw(1, 5, 1, 2.0);
    assertThat(DetectionLimit.snr(series(law, 360, 0.1))).isCloseTo(6.6603, within(1e-3));
    assertThat(DetectionLimit.detectable(series(law, 360, 0.1))).isTrue();
    assertThat(DetectionLimit.snr(series(law, 360, 0.2))).isCloseTo(3.3301, within(1e-3));
    assertThat(DetectionLimit.detectable(series(law, 360, 0.2))).isFalse();
    assertThat(DetectionLimit.snr(series(law, 360, 0))).isInfinite();
  }

  @Test
  void continuousApproximation() {
    // I(2) = integral from 0.15 to 1 of (-ln u - 1 + u)^2 du = 0.11091 (and I(1.7) = 0.36959, I(2.2) = 0.06475),
    // from an independent midpoint sum with 100,000 steps.
    assertThat(DetectionLimit.integral(2.0)).isCloseTo(0.11091, within(2e-5));
    assertThat(DetectionLimit.integral(1.7)).isCloseTo(0.36959, within(2e-5));
    assertThat(DetectionLimit.integral(2.2)).isCloseTo(0.06475, within(2e-5));
    // Hourly readings, v0 = 1 mm/d, L = 1 d, 0.5 mm: SNR ~ v0 L^1.5 sqrt(I / dt) / sigma = sqrt(0.11091 * 24) / 0.5
    // = 3.26; the exact sum over the 20 readings is 3.32 (both below 3.5: undetectable in time).
    VoightLaw law = new VoightLaw(1, 5, 1, 2.0);
    assertThat(DetectionLimit.snr(series(law, 60, 0.5))).isCloseTo(3.32, within(0.01));
  }
}
