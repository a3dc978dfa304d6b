package org.vigil.vision;

/**
 * Crossings of one counting line since the analyser started (see {@link CountingLine} for the directions).
 *
 * @param lineId the line's id
 * @param in crossings from the line's right-hand side to its left-hand side
 * @param out crossings the other way
 */
public record LineCount(String lineId, long in, long out) {}
