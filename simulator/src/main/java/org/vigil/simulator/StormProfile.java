package org.vigil.simulator;

/**
 * Rain intensity over a storm: a linear rise from 0 to {@code peakMmPerHour} over {@code rampMin}, a plateau of
 * {@code holdMin}, a linear fall over {@code decayMin}, then dry.
 *
 * <p>The default storm (peak 120 mm/h, 60 min ramp, 20 min hold, 40 min decay) gives a one-hour accumulation of
 * {@code s²/60} mm at {@code s} minutes into the ramp (the integral of {@code 2s} mm/h): 33.75 mm at 45 min, 50 mm
 * at 54.8 min, 60 mm at the end of the ramp. Such hourly totals are rare but recorded in hillside cloudbursts.
 */
public record StormProfile(double peakMmPerHour, double rampMin, double holdMin, double decayMin) {

  public static final StormProfile DEFAULT = new StormProfile(120, 60, 20, 40);

  /** Rain rate, mm/h, at {@code minutes} after the storm began (0 before it and after it). */
  public double rateAt(double minutes) {
    if (minutes < 0) {
      return 0;
    }
    if (minutes < rampMin) {
      return peakMmPerHour * minutes / rampMin;
    }
    if (minutes < rampMin + holdMin) {
      return peakMmPerHour;
    }
    double intoDecay = minutes - rampMin - holdMin;
    return intoDecay < decayMin ? peakMmPerHour * (1 - intoDecay / decayMin) : 0;
  }

  /** Length of the storm in minutes. */
  public double durationMin() {
    return rampMin + holdMin + decayMin;
  }
}
