package org.vigil.jobs.analytics.slope;

/**
 * A failure-time forecast by the inverse-velocity method (Fukuzono 1985): the straight line fitted to 1/v against
 * time over a window of recent smoothed velocities, extrapolated to {@code 1/v = 0}.
 *
 * @param failureAtMs forecast failure time, epoch ms
 * @param r2 coefficient of determination of the fit
 * @param points number of velocity points fitted
 * @param slopePerDay slope of 1/v, (d/mm) per day, i.e. 1/mm; negative when the slope accelerates
 * @param windowStartMs time of the oldest fitted velocity point, epoch ms
 */
public record InverseVelocityForecast(
    long failureAtMs, double r2, int points, double slopePerDay, long windowStartMs) {}
