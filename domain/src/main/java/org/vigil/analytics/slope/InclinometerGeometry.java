package org.vigil.analytics.slope;

import java.io.Serializable;

/**
 * How an in-place inclinometer (tiltmeter) of gauge length {@code lengthM} turns tilt into displacement; the zero
 * angles are its readings at installation.
 *
 * @param lengthM gauge length, metres, positive
 * @param zeroXDeg tilt about x at installation, degrees
 * @param zeroYDeg tilt about y at installation, degrees
 */
public record InclinometerGeometry(double lengthM, double zeroXDeg, double zeroYDeg) implements Serializable {

  public InclinometerGeometry {
    if (!(lengthM > 0) || Double.isInfinite(lengthM)) {
      throw new IllegalArgumentException("inclinometer length must be a positive number of metres, got " + lengthM);
    }
    if (!Double.isFinite(zeroXDeg) || !Double.isFinite(zeroYDeg)) {
      throw new IllegalArgumentException(
          "inclinometer zero angles must be finite, got " + zeroXDeg + ", " + zeroYDeg);
    }
  }

  /**
   * Resultant lateral displacement of the gauge top relative to its bottom since installation, mm:
   * {@code 1000 L sqrt(sin^2(x - x0) + sin^2(y - y0))}. The magnitude is used because the downslope azimuth is not
   * configured; it is never negative.
   */
  public double displacementMm(double tiltXDeg, double tiltYDeg) {
    double sx = Math.sin(Math.toRadians(tiltXDeg - zeroXDeg));
    double sy = Math.sin(Math.toRadians(tiltYDeg - zeroYDeg));
    return lengthM * 1000.0 * Math.sqrt(sx * sx + sy * sy);
  }
}
