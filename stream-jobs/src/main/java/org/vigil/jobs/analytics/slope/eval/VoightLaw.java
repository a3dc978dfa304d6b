package org.vigil.jobs.analytics.slope.eval;

/**
 * A slope's noise-free displacement: steady creep at {@code v0} until {@code t1 = creepDays}, then accelerating creep
 * by Voight's (1989) law {@code dv/dt = A v^alpha} (alpha &gt; 1) until failure at {@code t_f = t1 + L}, with
 * {@code L = accelerationDays}. The closed form, with {@code tau = t_f - t}, {@code p = 1/(alpha - 1)} and
 * {@code q = 1 - p}:
 *
 * <pre>
 *   v(t) = v0 (L / tau)^p                          so v^(1-alpha) = v0^(1-alpha) tau / L falls linearly to 0 at t_f
 *   A    = p / (v0^(alpha-1) L)                    (then dv/dt = p v / tau = A v^alpha)
 *   d(t) = v0 t1 + v0 L (1 - (tau/L)^q) / q        for alpha != 2 (q != 0)
 *   d(t) = v0 t1 + v0 L ln(L / tau)                for alpha = 2, the limit q -&gt; 0
 * </pre>
 *
 * Velocity and displacement are continuous at {@code t1}. Only alpha = 2 gives an inverse velocity {@code 1/v} that
 * is a straight line in time (Fukuzono 1985); otherwise {@code 1/v = (tau/L)^p / v0} is convex (alpha &lt; 2) or
 * concave (alpha &gt; 2). Times in days, displacements in mm.
 *
 * @param v0MmD steady velocity, mm/day
 * @param creepDays duration of the steady creep, days
 * @param accelerationDays duration L of the acceleration phase, days
 * @param alpha Voight's exponent, &gt; 1
 */
public record VoightLaw(double v0MmD, double creepDays, double accelerationDays, double alpha) {

  public VoightLaw {
    if (!(v0MmD > 0) || !(creepDays >= 0) || !(accelerationDays > 0) || !(alpha > 1)) {
      throw new IllegalArgumentException("Voight law needs v0 > 0, creep >= 0, acceleration > 0 and alpha > 1");
    }
  }

  /** Failure time t_f, days. */
  public double failureDays() {
    return creepDays + accelerationDays;
  }

  /** Voight's A, 1/(mm^(alpha-1) day^(2-alpha)). */
  public double a() {
    return 1 / ((alpha - 1) * Math.pow(v0MmD, alpha - 1) * accelerationDays);
  }

  /** Velocity at t days (t &lt; t_f), mm/day. */
  public double velocity(double t) {
    if (t <= creepDays) {
      return v0MmD;
    }
    return v0MmD * Math.pow(accelerationDays / (failureDays() - t), 1 / (alpha - 1));
  }

  /** Displacement at t days (t &lt; t_f), mm. */
  public double displacement(double t) {
    if (t <= creepDays) {
      return v0MmD * t;
    }
    double l = accelerationDays;
    double rel = (failureDays() - t) / l;
    double q = 1 - 1 / (alpha - 1);
    double shape = Math.abs(q) < 1e-12 ? -Math.log(rel) : (1 - Math.pow(rel, q)) / q;
    return v0MmD * creepDays + v0MmD * l * shape;
  }
}
