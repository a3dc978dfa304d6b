package org.vigil.alerts.crowd;

import java.io.Serializable;

/**
 * What one camera frame says about one watched zone.
 *
 * @param zoneId zone id, unique per camera
 * @param people persons counted in the zone
 * @param areaM2 the zone's real ground area, square metres (&gt; 0)
 * @param capacity persons allowed in the zone, 0 when none is configured
 * @param entries foot points that entered the zone since the analyser started (cumulative; 0 without a tracker)
 * @param exits foot points that left it since the analyser started (cumulative)
 * @param maxDwellS the longest time a person now in the zone has been in it, seconds (0 when empty)
 * @param meanDwellS the mean of those times, seconds (0 when empty)
 */
public record ZoneObservation(String zoneId, int people, double areaM2, int capacity, long entries, long exits,
    double maxDwellS, double meanDwellS) implements Serializable {

  /** A zone seen without a tracker: counts only. */
  public ZoneObservation(String zoneId, int people, double areaM2, int capacity) {
    this(zoneId, people, areaM2, capacity, 0, 0, 0, 0);
  }
}
