package org.vigil.vision;

/**
 * Constant-velocity Kalman filter of a foot point, one independent position/velocity filter per image axis (the
 * usual tracking model when x and y noises are taken as independent). Units: pixels and pixels per frame.
 */
final class KalmanCv {

  private final double q;
  private final double r;
  // per axis: position, velocity, covariance [pp, pv, vv]
  private final double[] pos = new double[2];
  private final double[] vel = new double[2];
  private final double[][] cov = new double[2][3];

  /**
   * @param x initial column
   * @param y initial row
   * @param processNoise acceleration noise, px/frame² (how fast walkers change speed)
   * @param measurementNoise detector foot-point noise, px
   */
  KalmanCv(double x, double y, double processNoise, double measurementNoise) {
    this.q = processNoise * processNoise;
    this.r = measurementNoise * measurementNoise;
    pos[0] = x;
    pos[1] = y;
    for (double[] c : cov) {
      c[0] = r;
      c[1] = 0;
      c[2] = 4 * r; // velocity unknown at first
    }
  }

  /** Advances one frame: x += v, covariance grows by the process noise (discrete white-noise acceleration). */
  void predict() {
    for (int k = 0; k < 2; k++) {
      pos[k] += vel[k];
      double[] c = cov[k];
      double pp = c[0] + 2 * c[1] + c[2] + q / 4;
      double pv = c[1] + c[2] + q / 2;
      double vv = c[2] + q;
      c[0] = pp;
      c[1] = pv;
      c[2] = vv;
    }
  }

  /** Corrects with a measured foot point. */
  void update(double x, double y) {
    double[] z = {x, y};
    for (int k = 0; k < 2; k++) {
      double[] c = cov[k];
      double s = c[0] + r;
      double kp = c[0] / s;
      double kv = c[1] / s;
      double innov = z[k] - pos[k];
      pos[k] += kp * innov;
      vel[k] += kv * innov;
      double pp = (1 - kp) * c[0];
      double pv = (1 - kp) * c[1];
      double vv = c[2] - kv * c[1];
      c[0] = pp;
      c[1] = pv;
      c[2] = vv;
    }
  }

  /**
   * Negative log-likelihood of measuring the foot point at (x, y) now, up to a constant: half the sum over the axes
   * of innovation² / innovation variance + ln(innovation variance / measurement variance); never negative. A track
   * that has coasted has a wide prediction: a far measurement costs it less than it costs a track seen a moment ago
   * (whose prediction is sharp), and the logarithm keeps vague tracks from taking every measurement.
   */
  double cost(double x, double y) {
    double[] z = {x, y};
    double sum = 0;
    for (int k = 0; k < 2; k++) {
      double s = cov[k][0] + r;
      double innov = z[k] - pos[k];
      sum += innov * innov / s + Math.log(s / r);
    }
    return 0.5 * sum;
  }

  /** Puts the foot point back at (x, y) with zero velocity: a person seen standing there. */
  void hold(double x, double y) {
    pos[0] = x;
    pos[1] = y;
    vel[0] = 0;
    vel[1] = 0;
  }

  /** Moves the foot point to (x, y) keeping the velocity: a person followed by appearance alone. */
  void moveTo(double x, double y) {
    pos[0] = x;
    pos[1] = y;
  }

  double x() {
    return pos[0];
  }

  double y() {
    return pos[1];
  }

  double vx() {
    return vel[0];
  }

  double vy() {
    return vel[1];
  }

  double speed() {
    return Math.hypot(vel[0], vel[1]);
  }
}
