package org.vigil.simulator;

import java.time.Duration;

/**
 * A slope heading for failure, shaped as observed before many landslides: steady creep at {@code steadyMmPerDay},
 * then, from {@code accelerationLead} before the failure time {@code t_f}, accelerating creep that follows Voight's
 * (1989) law with alpha = 2, i.e. inverse velocity falling linearly to zero at {@code t_f} (Fukuzono 1985):
 *
 * <pre>
 *   v(t) = v0                               t &lt; t_on = t_f - L
 *   v(t) = v0 * L / (t_f - t)               t_on &lt;= t &lt; t_f   (so 1/v = (t_f - t) / (v0 L), and v is continuous)
 *   s(t) = v0 (t - t0)                      before t_on
 *   s(t) = s(t_on) + v0 L ln(L / (t_f - t)) after
 * </pre>
 *
 * The acceleration is rain-driven: from {@code rainLead} before {@code t_on} until the failure, a six-hour storm of
 * {@code rainMmPerHour} falls every day (a monsoon pattern), so the 24-hour rainfall reaches {@code 6 * rainMmPerHour}
 * each day.
 *
 * <p>The default (v0 = 2 mm/day, L = 20 days, so 1/v falls by 1/(v0 L) = 0.025 day/mm per day) is a slow landslide
 * of the kind monitored for weeks before it fails: 8 mm/day five days out, 40 mm/day one day out.
 *
 * @param steadyMmPerDay v0, the creep rate before the acceleration, mm/day
 * @param accelerationLead L, from the onset of acceleration to failure
 * @param rainLead how long before the onset of acceleration the rain begins
 * @param rainMmPerHour the rain rate from then on
 */
public record SlopeFailureProfile(double steadyMmPerDay, Duration accelerationLead, Duration rainLead,
    double rainMmPerHour) {

  /** 2 mm/day creep, acceleration over the last 20 days, daily storms of 10 mm/h from 12 h before the onset. */
  public static final SlopeFailureProfile DEFAULT =
      new SlopeFailureProfile(2, Duration.ofDays(20), Duration.ofHours(12), 10);

  private static final long STORM_MS = 6 * 3_600_000L;

  private static final double DAY_MS = 86_400_000.0;

  public SlopeFailureProfile {
    if (!(steadyMmPerDay > 0) || accelerationLead == null || accelerationLead.isNegative()
        || accelerationLead.isZero() || rainLead == null || rainLead.isNegative() || rainMmPerHour < 0) {
      throw new IllegalArgumentException("invalid slope profile: creep must be > 0 mm/day, the acceleration lead "
          + "> 0, the rain lead >= 0 and the rain rate >= 0");
    }
  }

  /** Displacement in mm at {@code t} since {@code t0}, for failure at {@code tf} (all epoch ms); t must be before tf. */
  public double displacementMm(long t0, long tf, long t) {
    double l = accelerationLead.toMillis() / DAY_MS;
    long onset = tf - accelerationLead.toMillis();
    if (t < onset) {
      return steadyMmPerDay * (t - t0) / DAY_MS;
    }
    double remainingDays = Math.max((tf - t) / DAY_MS, 1e-6);
    return steadyMmPerDay * (onset - t0) / DAY_MS + steadyMmPerDay * l * Math.log(l / remainingDays);
  }

  /** Velocity in mm/day at {@code t}, for failure at {@code tf}. */
  public double velocityMmPerDay(long tf, long t) {
    long onset = tf - accelerationLead.toMillis();
    if (t < onset) {
      return steadyMmPerDay;
    }
    return steadyMmPerDay * accelerationLead.toMillis() / (double) Math.max(tf - t, 1);
  }

  /** Rain rate in mm/h at {@code t}, for failure at {@code tf}. */
  public double rainRate(long tf, long t) {
    long rainStart = tf - accelerationLead.toMillis() - rainLead.toMillis();
    if (t < rainStart || t >= tf) {
      return 0;
    }
    return (t - rainStart) % 86_400_000L < STORM_MS ? rainMmPerHour : 0;
  }
}
