package org.vigil.jobs.analytics.slope.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The closed form of Voight's law against hand values and against its own differential equation. */
class VoightLawTest {

  @Test
  void handValues() {
    // v0 = 2 mm/d, 10 d of creep, L = 4 d. Half-way (tau = 2 d): v = v0 (L/tau)^p with p = 1/(alpha - 1).
    assertThat(new VoightLaw(2, 10, 4, 2.0).velocity(12)).isCloseTo(4.0, within(1e-12)); // p = 1: 2 * 2
    assertThat(new VoightLaw(2, 10, 4, 1.5).velocity(12)).isCloseTo(8.0, within(1e-12)); // p = 2: 2 * 4
    assertThat(new VoightLaw(2, 10, 4, 3.0).velocity(12)).isCloseTo(2 * Math.sqrt(2), within(1e-12)); // p = 1/2
    // alpha = 2: d = v0 t1 + v0 L ln(L / tau) = 20 + 8 ln 2 at tau = 2 d.
    assertThat(new VoightLaw(2, 10, 4, 2.0).displacement(12)).isCloseTo(20 + 8 * Math.log(2), within(1e-12));
    // alpha = 1.5 (p = 2, q = -1): d = v0 t1 + v0 L (1 - (tau/L)^-1) / -1 = 20 + 8 (2 - 1) = 28 at tau = 2 d.
    assertThat(new VoightLaw(2, 10, 4, 1.5).displacement(12)).isCloseTo(28, within(1e-12));
    // Creep: d = v0 t.
    assertThat(new VoightLaw(2, 10, 4, 1.8).displacement(5)).isCloseTo(10, within(1e-12));
    assertThat(new VoightLaw(2, 10, 4, 1.8).failureDays()).isEqualTo(14);
  }

  @ParameterizedTest
  @ValueSource(doubles = {1.7, 1.85, 2.0, 2.2})
  void displacementIntegratesVelocityAndVelocityFollowsVoightsLaw(double alpha) {
    VoightLaw law = new VoightLaw(1.5, 5, 3, alpha);
    // Continuous at the onset.
    assertThat(law.displacement(5 + 1e-9)).isCloseTo(7.5, within(1e-6));
    assertThat(law.velocity(5 + 1e-12)).isCloseTo(1.5, within(1e-6));
    for (double t = 5.5; t < 7.9; t += 0.3) {
      double h = 1e-5;
      double v = (law.displacement(t + h) - law.displacement(t - h)) / (2 * h);
      assertThat(v).as("dd/dt at %s", t).isCloseTo(law.velocity(t), within(1e-6 * law.velocity(t)));
      double dv = (law.velocity(t + h) - law.velocity(t - h)) / (2 * h);
      assertThat(dv).as("dv/dt at %s", t)
          .isCloseTo(law.a() * Math.pow(law.velocity(t), alpha), within(1e-5 * dv));
      // v^(1 - alpha) falls linearly to zero at failure.
      double tau = law.failureDays() - t;
      assertThat(Math.pow(law.velocity(t), 1 - alpha))
          .isCloseTo(Math.pow(1.5, 1 - alpha) * tau / 3, within(1e-9));
    }
  }
}
