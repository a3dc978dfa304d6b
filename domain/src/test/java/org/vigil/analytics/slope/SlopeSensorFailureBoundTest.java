package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The failure bound a clearly falling, straight velocity fit gives ({@code forecast_latest_h}): the earlier of the
 * latest failure over the plausible alphas and the fitted time plus half its standard error. Figures by hand, in
 * hours from now.
 */
class SlopeSensorFailureBoundTest {

  private static final double HOUR = 3_600_000.0;

  @Test
  void whileAlphaIsUndeterminedTheFittedTimeAndItsErrorBoundTheFailure() {
    // Fitted failure 36 h out, its uncertainty 69 % of that (24.84 h), the latest plausible alpha's 80 h out:
    // 36 + 0.5 * 24.84 = 48.42 h, before 80 h.
    double bound = SlopeSensor.latestFailureMs(36 * HOUR, 0.69 * 36 * HOUR, 80 * HOUR);
    assertThat(bound / HOUR).isCloseTo(48.42, within(1e-9));
  }

  @Test
  void aTightAlphaRangeKeepsItsOwnBound() {
    // Fitted 50 h, uncertainty 10 h: 55 h; the plausible alphas end at 52 h, the earlier of the two.
    assertThat(SlopeSensor.latestFailureMs(50 * HOUR, 10 * HOUR, 52 * HOUR) / HOUR).isCloseTo(52, within(1e-9));
  }

  @Test
  void withoutAnUncertaintyThePlausibleAlphaBoundStands() {
    assertThat(SlopeSensor.latestFailureMs(50 * HOUR, Double.NaN, 70 * HOUR) / HOUR).isCloseTo(70, within(1e-9));
    assertThat(SlopeSensor.latestFailureMs(Double.NaN, 5 * HOUR, 70 * HOUR) / HOUR).isCloseTo(70, within(1e-9));
  }
}
