package org.vigil.analytics.slope;

import org.vigil.core.Level;

/**
 * The improved tangent angle of Xu Qiang et al. (2009): with {@code T = S / v_steady} (displacement rescaled to the
 * dimension of time), {@code alpha = arctan(dT/dt) = arctan(v / v_steady)}; 45 degrees is steady creep.
 */
public final class TangentAngle {

  /** Angles within this many degrees above a band's lower edge count as reaching it (floating-point slack). */
  static final double EDGE_SLACK_DEG = 1e-9;

  private TangentAngle() {}

  /** {@code atan(v / vSteady)} in degrees, in (-90, 90); NaN when vSteady is not a positive number. */
  public static double degrees(double velocityMmD, double steadyVelocityMmD) {
    if (!(steadyVelocityMmD > 0) || !Double.isFinite(velocityMmD)) {
      return Double.NaN;
    }
    return Math.toDegrees(Math.atan(velocityMmD / steadyVelocityMmD));
  }

  /**
   * Level of an angle: at most 45 degrees steady ({@link Level#NONE}), above 45 {@link Level#YELLOW}, from 80
   * {@link Level#ORANGE}, from 85 {@link Level#RED}; NaN is {@link Level#NONE}.
   */
  public static Level level(double angleDeg) {
    if (Double.isNaN(angleDeg) || angleDeg <= 45 + EDGE_SLACK_DEG) {
      return Level.NONE;
    }
    if (angleDeg >= 85 - EDGE_SLACK_DEG) {
      return Level.RED;
    }
    if (angleDeg >= 80 - EDGE_SLACK_DEG) {
      return Level.ORANGE;
    }
    return Level.YELLOW;
  }
}
