package org.vigil.alerts.crowd;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.vigil.alerts.rule.LevelThresholds;
import org.vigil.core.Level;

/**
 * Settings of the crowd rules ({@link CrowdRules}); {@link #defaults()} documents each default and why.
 *
 * @param recentWindowMs the "now" of a series: the median of its samples in the last this many ms. The median of a
 *     few frames, not the last frame, so that one frame's miscount neither opens nor clears an alert (default 5 s)
 * @param baselineWindowMs the rolling baseline: samples in the this-long window that ends where the recent window
 *     begins (default 60 s)
 * @param minBaselineSamples fewer baseline samples than this and the baseline rules (surge, dispersal, motion) do
 *     not judge (default 10); the baseline must also reach back at least half its window
 * @param capacityYellowFraction a zone at this fraction of its capacity is yellow (default 0.9)
 * @param capacityRedFraction a zone at this fraction of its capacity is red (default 1.25); more than the capacity
 *     is orange
 * @param densityLevels density levels in persons/m² (default {@code yellow:1.08/0.9,orange:2.17/1.8,red:4/3.5}:
 *     Fruin's level of service E, F, and the critical density of about 4 persons/m²)
 * @param countSdFloor the smallest standard deviation of a count baseline used, persons (default 1): a perfectly
 *     steady baseline must not turn a one-person change into an anomaly
 * @param surgeK a surge is a rise of the recent count above the baseline mean of at least {@code surgeK} baseline
 *     standard deviations (default 3) ...
 * @param surgeMinRise ... and at least this many persons (default 5)
 * @param dispersalK a sudden dispersal is a drop of at least {@code dispersalK} standard deviations (default 3) ...
 * @param dispersalMinDrop ... and at least this many persons (default 5) ...
 * @param dispersalMinFraction ... and at least this fraction of the baseline mean (default 0.3) ...
 * @param dispersalEnergyFactor ... while the recent motion energy is at least this multiple of its baseline mean
 *     (default 2) and at least {@code motionMinEnergy}: people running away, not a crowd drifting off
 * @param energySdFloor the smallest standard deviation of a motion-energy baseline used, px/frame (default 0.5)
 * @param motionK abnormal motion: recent motion energy above its baseline mean by at least {@code motionK} standard
 *     deviations (default 4) ...
 * @param motionMinEnergy ... and at least this much in absolute terms, px/frame (default 2)
 * @param clearFactor an anomaly (surge, dispersal, motion) clears when its excess falls below this fraction of the
 *     threshold that raised it (default 0.5): the hysteresis
 * @param surgeLevel level of a surge alert (default orange)
 * @param dispersalLevel level of a dispersal alert (default orange)
 * @param motionLevel level of an abnormal-motion alert (default yellow)
 */
public record CrowdRuleOptions(
    long recentWindowMs,
    long baselineWindowMs,
    int minBaselineSamples,
    double capacityYellowFraction,
    double capacityRedFraction,
    LevelThresholds densityLevels,
    double countSdFloor,
    double surgeK,
    double surgeMinRise,
    double dispersalK,
    double dispersalMinDrop,
    double dispersalMinFraction,
    double dispersalEnergyFactor,
    double energySdFloor,
    double motionK,
    double motionMinEnergy,
    double clearFactor,
    Level surgeLevel,
    Level dispersalLevel,
    Level motionLevel)
    implements Serializable {

  /** The default density levels. */
  public static final String DEFAULT_DENSITY_LEVELS = "yellow:1.08/0.9,orange:2.17/1.8,red:4/3.5";

  public static CrowdRuleOptions defaults() {
    return new CrowdRuleOptions(5_000, 60_000, 10, 0.9, 1.25, LevelThresholds.parse(DEFAULT_DENSITY_LEVELS), 1.0,
        3.0, 5, 3.0, 5, 0.3, 2.0, 0.5, 4.0, 2.0, 0.5, Level.ORANGE, Level.ORANGE, Level.YELLOW);
  }

  /** Every problem with these settings, empty when they are valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (recentWindowMs <= 0) {
      p.add("recent window must be > 0 ms");
    }
    if (baselineWindowMs <= 0) {
      p.add("baseline window must be > 0 ms");
    }
    if (minBaselineSamples < 2) {
      p.add("at least 2 baseline samples are needed");
    }
    if (!(capacityYellowFraction > 0 && capacityYellowFraction <= 1)) {
      p.add("capacity yellow fraction must be in (0, 1]");
    }
    if (!(capacityRedFraction > 1)) {
      p.add("capacity red fraction must be above 1");
    }
    for (double v : new double[] {countSdFloor, surgeK, surgeMinRise, dispersalK, dispersalMinDrop, energySdFloor,
        motionK, motionMinEnergy, dispersalEnergyFactor}) {
      if (!(v > 0) || Double.isInfinite(v)) {
        p.add("factors, floors and minimums must be finite and > 0 (got " + v + ")");
        break;
      }
    }
    if (!(dispersalMinFraction >= 0 && dispersalMinFraction < 1)) {
      p.add("dispersal minimum fraction must be in [0, 1)");
    }
    if (!(clearFactor > 0 && clearFactor <= 1)) {
      p.add("clear factor must be in (0, 1]");
    }
    for (Level l : new Level[] {surgeLevel, dispersalLevel, motionLevel}) {
      if (l == null || l == Level.NONE) {
        p.add("anomaly levels must be blue, yellow, orange or red");
        break;
      }
    }
    return p;
  }
}
