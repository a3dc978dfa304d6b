package org.vigil.analytics.slope;

/**
 * A failure-time forecast by the inverse-velocity method (Fukuzono 1985), generalised to Voight's (1989) alpha
 * ({@link VoightFit}): the line of {@code v^(1-alpha)} against time over the smoothed velocities since the onset of
 * acceleration, extrapolated to zero. A fit is always reported with its quality; a failure time only when the fit is
 * good ({@link #given}): otherwise {@link #poorFit} says why and there is no time, rather than a wrong one.
 *
 * @param failureAtMs forecast failure time, epoch ms; -1 when not given
 * @param given whether the fit is good enough to give a time
 * @param r2 weighted coefficient of determination of the line (its straightness)
 * @param points number of velocity points fitted
 * @param slopePerDay trend of {@code 1/v} at the newest point implied by the fit, (day/mm) per day; negative when the
 *     slope accelerates
 * @param windowStartMs time of the oldest fitted velocity point, epoch ms
 * @param alpha fitted Voight exponent
 * @param relativeStdErr standard error of the failure time from the fit over the time left, or NaN
 * @param poorFit why no time is given, null when one is
 * @param latestFailureAtMs the latest failure time over the plausible alphas when the trend falls clearly and the line
 *     is straight (even when the time itself is too uncertain to give), or the displacement fit's latest plausible
 *     failure when earlier or when there is no velocity fit yet (then r2, alpha and the trend are NaN and points 0),
 *     epoch ms; -1 otherwise
 */
public record InverseVelocityForecast(
    long failureAtMs,
    boolean given,
    double r2,
    int points,
    double slopePerDay,
    long windowStartMs,
    double alpha,
    double relativeStdErr,
    String poorFit,
    long latestFailureAtMs) {}
