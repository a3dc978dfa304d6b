package org.vigil.vision;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.Video;

/**
 * Motion energy from Farnebäck dense optical flow between consecutive downscaled grey frames: the mean flow
 * magnitude over the pixels that move, in full-resolution pixels per frame. Stateful: keeps the previous frame.
 */
final class MotionEnergy implements AutoCloseable {

  private final CameraConfig.Flow options;
  private final Mat prev = new Mat();
  private final Mat current = new Mat();
  private final Mat flow = new Mat();
  private final Mat magnitude = new Mat();
  private final Mat angle = new Mat();
  private final Mat moving = new Mat();
  private boolean hasPrev;

  public MotionEnergy(CameraConfig.Flow options) {
    this.options = options;
  }

  /**
   * Remembers the frame and, when {@code compute} is set and a previous frame exists, returns the motion energy
   * between the two; otherwise 0.
   *
   * @param grey full-resolution grey frame
   */
  public double update(Mat grey, boolean compute) {
    Imgproc.resize(grey, current, new Size(), options.scale(), options.scale(), Imgproc.INTER_AREA);
    double energy = 0;
    if (compute && hasPrev && prev.size().equals(current.size())) {
      Video.calcOpticalFlowFarneback(prev, current, flow, 0.5, options.levels(), options.winSize(),
          options.iterations(), 5, 1.1, 0);
      java.util.List<Mat> xy = new java.util.ArrayList<>(2);
      Core.split(flow, xy);
      try {
        Core.cartToPolar(xy.get(0), xy.get(1), magnitude, angle);
      } finally {
        xy.forEach(Mat::release);
      }
      double minSmall = options.minMagnitudePx() * options.scale();
      Imgproc.threshold(magnitude, moving, minSmall, 255, Imgproc.THRESH_BINARY);
      moving.convertTo(moving, org.opencv.core.CvType.CV_8U);
      int n = Core.countNonZero(moving);
      if (n > 0) {
        energy = Core.mean(magnitude, moving).val[0] / options.scale();
      }
    }
    current.copyTo(prev);
    hasPrev = true;
    return energy;
  }

  @Override
  public void close() {
    prev.release();
    current.release();
    flow.release();
    magnitude.release();
    angle.release();
    moving.release();
  }
}
