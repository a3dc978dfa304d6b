package org.vigil.analytics.slope;

import org.vigil.core.Level;

/**
 * What one slope sensor's analytics say after its latest reading. Velocities are mm/day, accelerations mm/day^2,
 * angles degrees, times epoch ms.
 *
 * @param atMs time of the latest reading
 * @param displacementMm latest displacement
 * @param velocityMmD smoothed velocity: least-squares slope of displacement over the velocity window
 * @param velocityStdErrMmD its standard error
 * @param velocityAtMs time the smoothed velocity refers to: the mean time of the readings in its window
 * @param accelerationMmD2 slope of the smoothed velocities over the acceleration window; NaN until enough of them
 * @param accelerating whether the acceleration has been significantly positive for the onset persistence
 * @param accelerationOnsetMs when the current significant acceleration began, -1 when not accelerating
 * @param steadyVelocityMmD steady-state velocity (configured or calibrated), NaN until known
 * @param tangentAngleDeg improved tangent angle {@code atan(v / v_steady)}, NaN until v_steady is known
 * @param tangentAngleLowDeg the same from the lower confidence bound of v, floored at 0
 * @param tangentLevel warning level of {@code tangentAngleLowDeg}
 * @param forecast inverse-velocity forecast, null when the fit is not good enough
 */
public record SlopeSnapshot(
    long atMs,
    double displacementMm,
    double velocityMmD,
    double velocityStdErrMmD,
    long velocityAtMs,
    double accelerationMmD2,
    boolean accelerating,
    long accelerationOnsetMs,
    double steadyVelocityMmD,
    double tangentAngleDeg,
    double tangentAngleLowDeg,
    Level tangentLevel,
    InverseVelocityForecast forecast) {}
