package org.vigil.vision;

/**
 * Pedestrian level of service by area density, after Fruin's walkway bands.
 *
 * <p>Fruin, J. J. (1971), <i>Pedestrian Planning and Design</i>, Metropolitan Association of Urban Designers and
 * Environmental Planners, New York. Fruin states the walkway levels as area per pedestrian (ft²/ped: A ≥ 35, B 25–35,
 * C 15–25, D 10–15, E 5–10, F ≤ 5); converted to persons per square metre these are the upper bounds used here:
 *
 * <pre>
 *   A ≤ 0.31   free flow, free choice of speed
 *   B ≤ 0.43   minor conflicts
 *   C ≤ 0.72   speed and passing restricted
 *   D ≤ 1.08   most people's speed restricted
 *   E ≤ 2.17   shuffling, flow at capacity
 *   F  > 2.17  flow breaks down, frequent contact
 * </pre>
 *
 * Around {@link #CRITICAL_DENSITY} (4 persons/m²) crowd crushes become possible (Fruin 1993, Still 2014).
 */
public enum LevelOfService {
  A(0.31),
  B(0.43),
  C(0.72),
  D(1.08),
  E(2.17),
  F(Double.POSITIVE_INFINITY);

  /** Persons per square metre at which a standing or moving crowd becomes dangerous. */
  public static final double CRITICAL_DENSITY = 4.0;

  private final double maxPersonsPerM2;

  LevelOfService(double maxPersonsPerM2) {
    this.maxPersonsPerM2 = maxPersonsPerM2;
  }

  /** Upper bound of the band in persons per square metre, inclusive; infinite for F. */
  public double maxPersonsPerM2() {
    return maxPersonsPerM2;
  }

  /**
   * The band a density falls in; band bounds are inclusive (0.31 is A, 0.3101 is B).
   *
   * @throws IllegalArgumentException for a negative or non-finite density
   */
  public static LevelOfService of(double personsPerM2) {
    if (!(personsPerM2 >= 0) || Double.isInfinite(personsPerM2)) {
      throw new IllegalArgumentException("density must be finite and >= 0, got " + personsPerM2);
    }
    for (LevelOfService los : values()) {
      if (personsPerM2 <= los.maxPersonsPerM2) {
        return los;
      }
    }
    return F;
  }
}
