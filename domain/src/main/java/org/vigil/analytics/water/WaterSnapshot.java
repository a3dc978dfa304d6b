package org.vigil.analytics.water;

/**
 * A water-level gauge's latest level and its rate of rise.
 *
 * @param atMs time of the latest reading, epoch ms
 * @param levelM latest level, m
 * @param riseMPerH least-squares slope of the level over the rise window, m/h (negative when falling); NaN until
 *     the window is half covered by at least 3 readings
 */
public record WaterSnapshot(long atMs, double levelM, double riseMPerH) {}
