package org.vigil.vision;

/**
 * People counted in one zone of one frame, with the density and level of service that follow, and, from the tracker,
 * how people move in and out.
 *
 * @param zoneId the zone's id
 * @param people persons whose foot point is in the zone
 * @param areaM2 the zone's real ground area, square metres
 * @param densityPerM2 {@code people / areaM2}
 * @param los Fruin level of service of that density
 * @param capacity the zone's configured capacity, 0 when none
 * @param entries foot-point entries into the zone polygon since the analyser started (a person first seen inside
 *     the zone counts as an entry, except during the analyser's warm-up, when the people already there are found)
 * @param exits foot-point exits from the zone since the analyser started (a person who leaves the view from inside
 *     the zone counts as an exit)
 * @param netInflowPerMin (entries - exits) over the last 60 s of capture time, per minute; over the time seen so far
 *     when the analyser has run for less than 60 s
 * @param maxDwellS longest time, seconds, that a person now in the zone has been in it; 0 when empty
 * @param meanDwellS mean of those times; 0 when empty
 * @param minutesToCapacity {@code (capacity - people) / netInflowPerMin} when capacity &gt; 0, netInflowPerMin &gt; 0
 *     and people &lt; capacity; 0 when people &ge; capacity &gt; 0; {@link Double#POSITIVE_INFINITY} otherwise
 */
public record ZoneCount(
    String zoneId, int people, double areaM2, double densityPerM2, LevelOfService los, int capacity,
    long entries, long exits, double netInflowPerMin, double maxDwellS, double meanDwellS, double minutesToCapacity) {

  /** A count without tracking figures (entries, exits and dwell 0, inflow NaN, minutes to capacity as defined). */
  public ZoneCount(String zoneId, int people, double areaM2, double densityPerM2, LevelOfService los, int capacity) {
    this(zoneId, people, areaM2, densityPerM2, los, capacity, 0, 0, Double.NaN, 0, 0,
        minutesToCapacity(capacity, people, Double.NaN));
  }

  /** Counts {@code people} in {@code zone}, computing density and level of service; no tracking figures. */
  public static ZoneCount of(Zone zone, int people) {
    double density = people / zone.areaM2();
    return new ZoneCount(zone.id(), people, zone.areaM2(), density, LevelOfService.of(density), zone.capacity());
  }

  /** Counts {@code people} in {@code zone} with the tracker's figures; computes density, LOS, minutes to capacity. */
  public static ZoneCount of(
      Zone zone, int people, long entries, long exits, double netInflowPerMin, double maxDwellS, double meanDwellS) {
    double density = people / zone.areaM2();
    return new ZoneCount(zone.id(), people, zone.areaM2(), density, LevelOfService.of(density), zone.capacity(),
        entries, exits, netInflowPerMin, maxDwellS, meanDwellS,
        minutesToCapacity(zone.capacity(), people, netInflowPerMin));
  }

  /**
   * Minutes until {@code capacity} is reached at the current net inflow: {@code (capacity - people) / inflow} when
   * capacity &gt; 0, inflow &gt; 0 and people &lt; capacity; 0 when people &ge; capacity &gt; 0; infinity otherwise
   * (no capacity, nobody coming in net, or the inflow unknown).
   */
  public static double minutesToCapacity(int capacity, int people, double netInflowPerMin) {
    if (capacity > 0 && people >= capacity) {
      return 0;
    }
    if (capacity > 0 && netInflowPerMin > 0) {
      return (capacity - people) / netInflowPerMin;
    }
    return Double.POSITIVE_INFINITY;
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
