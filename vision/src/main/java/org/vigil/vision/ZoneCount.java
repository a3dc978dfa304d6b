package org.vigil.vision;

/**
 * People counted in one zone of one frame, with the density and level of service that follow.
 *
 * @param zoneId the zone's id
 * @param people persons whose foot point is in the zone
 * @param areaM2 the zone's real ground area, square metres
 * @param densityPerM2 {@code people / areaM2}
 * @param los Fruin level of service of that density
 * @param capacity the zone's configured capacity, 0 when none
 */
public record ZoneCount(
    String zoneId, int people, double areaM2, double densityPerM2, LevelOfService los, int capacity) {

  /** Counts {@code people} in {@code zone}, computing density and level of service. */
  public static ZoneCount of(Zone zone, int people) {
    double density = people / zone.areaM2();
    return new ZoneCount(zone.id(), people, zone.areaM2(), density, LevelOfService.of(density), zone.capacity());
  }

  /** Whether a capacity is configured and the count is above it. */
  public boolean overCapacity() {
    return capacity > 0 && people > capacity;
  }

  /** Whether the density has reached {@link LevelOfService#CRITICAL_DENSITY}. */
  public boolean critical() {
    return densityPerM2 >= LevelOfService.CRITICAL_DENSITY;
  }
}
