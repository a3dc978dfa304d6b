package org.vigil.alerts.crowd;

import java.io.Serializable;

/**
 * The crossings of one counting line of a camera, cumulative since the analyser started.
 *
 * @param lineId line id, unique per camera
 * @param in crossings inwards (from the right-hand side of the directed segment to its left, as seen on the image)
 * @param out crossings outwards
 */
public record LineObservation(String lineId, long in, long out) implements Serializable {}
