package org.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.video.BackgroundSubtractorMOG2;
import org.opencv.video.Video;

/**
 * Background subtraction (MOG2) on a downscaled grey frame: how much of the frame moves, the foreground mask, and
 * the moving regions in full-resolution pixels. Stateful: one per camera.
 */
final class MotionGate implements AutoCloseable {

  /** MOG2 marks shadows 127 and foreground 255; shadows are not people. */
  private static final double FOREGROUND = 200;

  private final CameraConfig.Motion options;
  private BackgroundSubtractorMOG2 mog2;
  private final Mat raw = new Mat();
  private final Mat mask = new Mat();
  private final Mat kernelOpen = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(3, 3));
  private final Mat kernelClose = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(5, 5));
  private double movingFraction;

  public MotionGate(CameraConfig.Motion options) {
    this.options = options;
    this.mog2 = Video.createBackgroundSubtractorMOG2(options.history(), options.varThreshold(), true);
  }

  /** Updates the background model with the small grey frame; returns the fraction of it that is foreground. */
  public double apply(Mat smallGrey) {
    mog2.apply(smallGrey, raw);
    Imgproc.threshold(raw, mask, FOREGROUND, 255, Imgproc.THRESH_BINARY);
    Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_OPEN, kernelOpen);
    Imgproc.morphologyEx(mask, mask, Imgproc.MORPH_CLOSE, kernelClose);
    movingFraction = (double) Core.countNonZero(mask) / (mask.rows() * (double) mask.cols());
    return movingFraction;
  }

  /**
   * Forgets the background: the next frame becomes the new background. For a change of the whole view (lights,
   * camera moved) that MOG2 would otherwise take {@code history} frames to learn.
   */
  public void reset() {
    mog2 = Video.createBackgroundSubtractorMOG2(options.history(), options.varThreshold(), true);
  }

  /** Whether the last frame counts as still: too little foreground for anything to have moved. */
  public boolean still() {
    return movingFraction < options.minMovingFraction();
  }

  /** Cleaned binary foreground mask of the last frame (small resolution); owned by this gate. */
  public Mat mask() {
    return mask;
  }

  /** Fraction of the last frame that is foreground. */
  public double movingFraction() {
    return movingFraction;
  }

  /**
   * Bounding boxes of the foreground blobs in full-resolution pixels, padded by
   * {@link CameraConfig.Motion#regionPaddingPx()}, clipped to the frame, overlapping boxes merged.
   */
  public List<Rect> movingRegions(int fullWidth, int fullHeight) {
    double inv = 1.0 / options.scale();
    int pad = options.regionPaddingPx();
    List<Rect> boxes = new ArrayList<>();
    for (Blob b : blobs()) {
      int x0 = (int) Math.max(0, Math.floor(b.box().x * inv) - pad);
      int y0 = (int) Math.max(0, Math.floor(b.box().y * inv) - pad);
      int x1 = (int) Math.min(fullWidth, Math.ceil((b.box().x + b.box().width) * inv) + pad);
      int y1 = (int) Math.min(fullHeight, Math.ceil((b.box().y + b.box().height) * inv) + pad);
      boxes.add(new Rect(x0, y0, x1 - x0, y1 - y0));
    }
    return mergeOverlapping(boxes);
  }

  /** A foreground blob of the small mask: its box and its pixel area, both at small resolution. */
  public record Blob(Rect box, double area) {}

  /** External contours of the last mask. */
  public List<Blob> blobs() {
    List<MatOfPoint> contours = new ArrayList<>();
    Mat hierarchy = new Mat();
    Mat work = mask.clone();
    try {
      Imgproc.findContours(work, contours, hierarchy, Imgproc.RETR_EXTERNAL, Imgproc.CHAIN_APPROX_SIMPLE);
      List<Blob> out = new ArrayList<>(contours.size());
      for (MatOfPoint c : contours) {
        out.add(new Blob(Imgproc.boundingRect(c), Imgproc.contourArea(c)));
      }
      return out;
    } finally {
      contours.forEach(Mat::release);
      hierarchy.release();
      work.release();
    }
  }

  static List<Rect> mergeOverlapping(List<Rect> boxes) {
    List<Rect> out = new ArrayList<>(boxes);
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < out.size(); i++) {
        for (int j = i + 1; j < out.size(); j++) {
          Rect a = out.get(i);
          Rect b = out.get(j);
          if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) {
            int x0 = Math.min(a.x, b.x);
            int y0 = Math.min(a.y, b.y);
            int x1 = Math.max(a.x + a.width, b.x + b.width);
            int y1 = Math.max(a.y + a.height, b.y + b.height);
            out.set(i, new Rect(x0, y0, x1 - x0, y1 - y0));
            out.remove(j);
            merged = true;
            break outer;
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    raw.release();
    mask.release();
    kernelOpen.release();
    kernelClose.release();
  }
}
