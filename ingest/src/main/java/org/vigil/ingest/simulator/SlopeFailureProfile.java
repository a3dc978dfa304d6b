package org.vigil.ingest.simulator;

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
 * The acceleration is rain-driven: the scenario's rain starts {@code rainLead} before {@code t_on} and keeps falling
 * at {@code rainMmPerHour} until the failure.
 *
 * @param steadyMmPerDay v0, the creep rate before the acceleration, mm/day
 * @param accelerationLead L, from the onset of acceleration to failure
 * @param rainLead how long before the onset of acceleration the rain begins
 * @param rainMmPerHour the rain rate from then on
 */
public record SlopeFailureProfile(double steadyMmPerDay, Duration accelerationLead, Duration rainLead,
    double rainMmPerHour) {

  /** 0.5 mm/day creep, acceleration over the last 4 days, 6 mm/h of rain from 12 h before the onset. */
  public static final SlopeFailureProfile DEFAULT =
      new SlopeFailureProfile(0.5, Duration.ofDays(4), Duration.ofHours(12), 6);

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
    return t >= rainStart && t < tf ? rainMmPerHour : 0;
  }
}
