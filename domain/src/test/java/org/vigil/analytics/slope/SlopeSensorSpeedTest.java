package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures add + snapshot for a slope sensor reporting every second (before, a fast reporter used to refit its
 * whole 24 h window, 86,400 readings, on every reading, and keep them all). Logs the figure and checks it only against
 * a bar far above what O(1) amortised work takes and far below what a refit per reading would (timing on a shared
 * machine is otherwise not a test); checks the answers so the loop cannot be optimised away.
 */
class SlopeSensorSpeedTest {

  private static final Logger LOG = LoggerFactory.getLogger(SlopeSensorSpeedTest.class);
  private static final long S = 1_000L;

  @Test
  void oneHertzSensorOverTwoDays() {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(2.0);
    SlopeSensor s = new SlopeSensor();
    long t0 = 1_780_000_000_000L;
    Random noise = new Random(11);
    int warm = 86_400; // one day: the windows fill
    int measured = 2 * 86_400;
    double check = 0;
    long startNs = 0;
    for (int k = 0; k < warm + measured; k++) {
      if (k == warm) {
        startNs = System.nanoTime();
      }
      s.add(t0 + k * S, 2.0 * k / 86_400 + noise.nextGaussian(), o);
      SlopeSnapshot snap = s.snapshot(o);
      check += snap == null ? 0 : snap.velocityMmD();
    }
    long ns = System.nanoTime() - startNs;
    double usPerReading = ns / 1000.0 / measured;
    LOG.info(
        "add+snapshot, 1 Hz slope sensor with 1 mm noise: {} µs per reading on average over {} readings ({} points,"
            + " {} velocity points kept)",
        String.format("%.2f", usPerReading),
        measured,
        s.size,
        s.velocityCount);
    // 2 mm/d; the 5-minute means have sd 1 / sqrt(300) = 0.0577 mm, and 289 of them 5 min apart over 24 h have
    // Sxx = 289 (289^2 - 1) / 12 / 288^2 = 24.25 d^2, so the velocity's se is 0.0577 / 4.92 = 0.0117 mm/d: 0.06 is
    // five standard errors.
    SlopeSnapshot snap = s.snapshot(o);
    assertThat(snap.velocityMmD()).isCloseTo(2.0, within(0.06));
    assertThat(snap.velocityStdErrMmD()).isCloseTo(0.0117, within(0.0117 * 0.2));
    assertThat(check).isGreaterThan(0);
    // A refit of 86,400 readings per reading alone would take well over 100 µs; the amortised work is a few µs.
    assertThat(usPerReading).isLessThan(100.0);
  }
}
