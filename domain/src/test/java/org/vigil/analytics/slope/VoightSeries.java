package org.vigil.analytics.slope;

import java.util.Random;

/**
 * Synthetic slope displacement for tests: steady creep at {@code v0} until {@code t1}, then accelerating creep by
 * Voight's (1989) law {@code dv/dt = A v^alpha} with {@code alpha = 2}, which integrates to
 * {@code 1/v = A (t_f - t)}, i.e. {@code v = 1 / (A (t_f - t))} and {@code d = -(1/A) ln(t_f - t) + C}. The failure
 * time {@code t_f = t1 + 1/(A v0)} makes the velocity continuous at {@code t1}; C makes the displacement continuous.
 * Optional Gaussian noise of standard deviation {@code sigmaMm} from a fixed seed.
 *
 * <p>Times are in days from {@code originMs}; displacement in mm; A in 1/mm.
 */
final class VoightSeries {

  static final long DAY = 86_400_000L;
  static final long MINUTE = 60_000L;

  final long originMs;
  final double v0MmD;
  final double t1Days;
  final double aPerMm;
  final double failureDays;
  private final double sigmaMm;
  private final Random random;

  VoightSeries(long originMs, double v0MmD, double t1Days, double aPerMm, double sigmaMm, long seed) {
    this.originMs = originMs;
    this.v0MmD = v0MmD;
    this.t1Days = t1Days;
    this.aPerMm = aPerMm;
    this.failureDays = t1Days + 1.0 / (aPerMm * v0MmD);
    this.sigmaMm = sigmaMm;
    this.random = new Random(seed);
  }

  /** Failure time t_f, epoch ms. */
  long failureMs() {
    return originMs + Math.round(failureDays * DAY);
  }

  /** Noiseless displacement at t days, mm (t < t_f). */
  double displacement(double t) {
    if (t <= t1Days) {
      return v0MmD * t;
    }
    // d(t1) = v0 t1, and -(1/A) ln(tf - t) + (1/A) ln(tf - t1) is 0 at t1.
    return v0MmD * t1Days + (Math.log(failureDays - t1Days) - Math.log(failureDays - t)) / aPerMm;
  }

  /** Noiseless velocity at t days, mm/d. */
  double velocity(double t) {
    return t <= t1Days ? v0MmD : 1.0 / (aPerMm * (failureDays - t));
  }

  /** Displacement at t days plus noise. */
  double reading(double t) {
    return displacement(t) + (sigmaMm > 0 ? sigmaMm * random.nextGaussian() : 0);
  }

  /** Time of t days, epoch ms. */
  long ms(double t) {
    return originMs + Math.round(t * DAY);
  }

  /** Feeds readings every {@code stepMs} from {@code fromMs} (inclusive) to {@code toMs} (inclusive). */
  void feed(SlopeSensor s, SlopeOptions o, long fromMs, long toMs, long stepMs) {
    for (long t = fromMs; t <= toMs; t += stepMs) {
      s.add(t, reading((t - originMs) / (double) DAY), o);
    }
  }
}
