package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Short accelerations read hourly: the failure forecast gives no time it cannot support, and before any
 * inverse-velocity fit the recent displacement bounds the failure. The true failure time is Voight's law's
 * ({@link VoightSeries}: alpha = 2, {@code t_f = t1 + 1/(A v0)}).
 */
class SlopeSensorEarlyBoundTest {

  private static final long T0 = 1_780_000_000_000L;
  private static final long HOUR = 3_600_000L;

  @Test
  void aNoiseFreeOneDayAccelerationReadHourlyGetsNoTimeOffByMoreThanTenPercent() {
    // 10 days of creep at 2 mm/d, then 1/(A v0) = 1 day of acceleration (A = 0.5 /mm): failure at day 11. Hourly
    // readings leave 6 to 10 velocities in the last hours, from overlapping windows: a fit of alpha, slope and
    // intercept through about 2 independent ones cannot tell alpha, and must give no time rather than one 14 % early.
    VoightSeries law = new VoightSeries(T0, 2.0, 10.0, 0.5, 0, 1);
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    for (long t = T0; t < law.failureMs(); t += HOUR) {
      s.add(t, law.reading((t - T0) / 86_400_000.0), o);
      SlopeSnapshot snap = s.snapshot(o);
      InverseVelocityForecast f = snap == null ? null : snap.forecast();
      if (f != null && f.given()) {
        double left = law.failureMs() - t;
        assertThat(Math.abs(f.failureAtMs() - law.failureMs()) / left).as("error at %d h left", Math.round(left / HOUR))
            .isLessThanOrEqualTo(0.10);
      }
    }
  }

  @Test
  void beforeAnyVelocityFitTheRecentDisplacementBoundsTheFailure() {
    // As above with 0.2 mm of noise (seeded): the 24 h velocity window must stay long for a velocity known to 5 %
    // ((12 dt s^2 (20 / v)^2)^(1/3) = (12 / 24 * 0.04 * 100)^(1/3) = 1.26 d at v = 2 mm/d, capped at 24 h), so its
    // velocities lag and no inverse-velocity fit comes before the last hours. The displacement fit does: by 15 % of
    // the acceleration left (3.6 h before failure) it rules out steady creep at 3.5 standard errors, and its latest
    // plausible failure is a bound that holds (not before the true failure) and lies within the red rule's 72 h.
    VoightSeries law = new VoightSeries(T0, 2.0, 10.0, 0.5, 0.2, 4002030);
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    long firstBound = Long.MAX_VALUE;
    boolean velocityFitBefore = false;
    for (long t = T0; t < law.failureMs() - HOUR; t += HOUR) {
      s.add(t, law.reading((t - T0) / 86_400_000.0), o);
      SlopeSnapshot snap = s.snapshot(o);
      InverseVelocityForecast f = snap == null ? null : snap.forecast();
      if (f == null || f.latestFailureAtMs() < 0) {
        continue;
      }
      assertThat(f.given()).isFalse();
      assertThat(f.latestFailureAtMs()).as("the bound holds").isGreaterThanOrEqualTo(law.failureMs());
      if (firstBound == Long.MAX_VALUE && f.latestFailureAtMs() - t < 72 * HOUR) {
        firstBound = t;
        velocityFitBefore = !s.forecastDisplacementOnly;
        assertThat(f.poorFit()).startsWith("no inverse-velocity fit yet");
      }
    }
    assertThat(velocityFitBefore).isFalse();
    // Within 72 h by 15 % of the 1-day acceleration left: 3.6 h before failure.
    assertThat(law.failureMs() - firstBound).isGreaterThanOrEqualTo(Math.round(3.6 * HOUR));
  }

  @Test
  void steadyCreepGetsNoBound() {
    // 30 days of 2 mm/d creep with 0.2 mm of noise read hourly: whatever the onset tests say, steady creep always
    // fits the displacement within 3.5 standard errors, so no failure bound is written.
    VoightSeries law = new VoightSeries(T0, 2.0, 40.0, 0.5, 0.2, 7);
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    for (long t = T0; t < T0 + 30 * 24 * HOUR; t += HOUR) {
      s.add(t, law.reading((t - T0) / 86_400_000.0), o);
      SlopeSnapshot snap = s.snapshot(o);
      InverseVelocityForecast f = snap == null ? null : snap.forecast();
      assertThat(f == null || f.latestFailureAtMs() < 0).as("no bound at %d h", (t - T0) / HOUR).isTrue();
    }
  }

  @Test
  void theBoundIsTriedBeforeTheOnsetIsConfirmed() {
    // As in the bound test, with 0.5 mm of noise read every 10 minutes (the 1-day acceleration at alpha 2 is then
    // detectable: the ideal detector's SNR at 15 % left is v0 L^1.5 sqrt(I(2) / dt) / sigma
    // = 2 * sqrt(0.11091 * 144) / 0.5 = 16.0). Before either onset test has lasted its persistence the sensor is not
    // accelerating, but its run has started, and the displacement fit is tried from there: whenever it gives a bound
    // before the confirmation, the bound holds.
    VoightSeries law = new VoightSeries(T0, 2.0, 10.0, 0.5, 0.5, 4002031);
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    int unconfirmedBounds = 0;
    for (long t = T0; t < law.failureMs() - HOUR; t += HOUR / 6) {
      s.add(t, law.reading((t - T0) / 86_400_000.0), o);
      SlopeSnapshot snap = s.snapshot(o);
      InverseVelocityForecast f = snap == null ? null : snap.forecast();
      if (f == null || f.latestFailureAtMs() < 0) {
        continue;
      }
      assertThat(f.latestFailureAtMs()).as("the bound holds").isGreaterThanOrEqualTo(law.failureMs());
      if (!snap.accelerating()) {
        unconfirmedBounds++;
        assertThat(f.given()).isFalse();
        assertThat(f.poorFit()).startsWith("no inverse-velocity fit yet");
      }
    }
    assertThat(unconfirmedBounds).isPositive();
  }
}
