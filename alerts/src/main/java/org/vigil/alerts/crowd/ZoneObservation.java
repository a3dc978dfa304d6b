package org.vigil.alerts.crowd;

import java.io.Serializable;

/**
 * People counted in one watched zone of one camera frame.
 *
 * @param zoneId zone id, unique per camera
 * @param people persons counted in the zone
 * @param areaM2 the zone's real ground area, square metres (&gt; 0)
 * @param capacity persons allowed in the zone, 0 when none is configured
 */
public record ZoneObservation(String zoneId, int people, double areaM2, int capacity) implements Serializable {}
