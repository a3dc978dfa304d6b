package org.vigil.analytics.rain;

/**
 * The current rain event judged against one intensity–duration curve.
 *
 * @param curve the curve
 * @param durationH event duration, hours
 * @param intensityMmH event mean intensity, mm/h
 * @param thresholdMmH the curve's intensity at this duration, mm/h ({@code alpha * D^-beta})
 * @param inRange whether the duration lies in the curve's valid range
 * @param exceeded {@code inRange && intensity >= threshold}
 */
public record IdCheck(
    IdCurve curve, double durationH, double intensityMmH, double thresholdMmH, boolean inRange, boolean exceeded) {

  /** Intensity over threshold: 1.0 on the curve, above 1 above it. Reported also out of range, for plotting. */
  public double ratio() {
    return intensityMmH / thresholdMmH;
  }
}
