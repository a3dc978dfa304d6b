package org.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfRect;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.opencv.objdetect.HOGDescriptor;

/**
 * The people detectors compared in the module README: HOG at native scale, HOG on upscaled moving regions, foreground
 * blobs sized by a perspective model, and the hybrid of the last two.
 */
final class PeopleDetector implements AutoCloseable {

  /** Average share of a person's box that the cleaned foreground mask covers (silhouette / box). */
  static final double SILHOUETTE_FILL = 0.55;

  /**
   * Height a region's expected person is enlarged to before HOG. The people detector's 64x128 window holds a person
   * of about 96 px with a margin; aiming a little above that lets the pyramid (which only shrinks) reach people
   * somewhat taller than expected. Measured on vtest (module README): 110 px gave MAE 0.85, 130 px 0.75, 150 px 0.70
   * at 1.7x the cost of 130.
   */
  static final double HOG_PERSON_PX = 130;

  /**
   * Where the person is inside a detection window of OpenCV's default people detector: it was trained on the INRIA
   * person set, 64x128 windows that include "about 16 pixels of margin around the person on all four sides" (Dalal
   * and Triggs 2005), so the person is about 96 x 32 px of it. The foot point is therefore 1/8 of the window height
   * above its bottom edge, not at it.
   */
  static final double WINDOW_TOP_MARGIN = 16 / 128.0;
  static final double WINDOW_BOTTOM_MARGIN = 16 / 128.0;
  static final double WINDOW_SIDE_MARGIN = 16 / 64.0;

  private final CameraConfig.Detector options;
  private HOGDescriptor hog;

  public PeopleDetector(CameraConfig.Detector options) {
    this.options = options;
  }

  private HOGDescriptor hog() {
    if (hog == null) {
      hog = new HOGDescriptor();
      hog.setSVMDetector(HOGDescriptor.getDefaultPeopleDetector());
    }
    return hog;
  }

  /** HOG on the whole full-resolution grey frame at native scale. */
  public List<Detection> hogNative(Mat grey) {
    return hogOn(grey, new Rect(0, 0, grey.cols(), grey.rows()), 1.0);
  }

  /**
   * HOG on each region of the grey frame, each enlarged just enough for the person expected at its bottom row
   * (perspective model) to fill HOG's window, at most by {@link CameraConfig.Detector#hogUpscale()}: far people are
   * enlarged, near ones are not (enlarging costs the square of the factor).
   *
   * @param padding how far below the feet the regions' bottom edges are (the motion regions' padding)
   */
  public List<Detection> hogRegions(Mat grey, List<Rect> regions, int padding) {
    List<Detection> out = new ArrayList<>();
    for (Rect r : regions) {
      double expected = options.personHeightAt(r.y + r.height - padding, grey.rows());
      double up = Math.max(1, Math.min(options.hogUpscale(), HOG_PERSON_PX / expected));
      // the 64x128 window must fit the enlarged region
      if (r.width * up < 64 || r.height * up < 128) {
        continue;
      }
      out.addAll(hogOn(grey, r, up));
    }
    return nms(out, 0.5);
  }

  private List<Detection> hogOn(Mat grey, Rect region, double up) {
    Mat roi = grey.submat(region);
    Mat scaled = new Mat();
    MatOfRect found = new MatOfRect();
    MatOfDouble weights = new MatOfDouble();
    try {
      Mat input = roi;
      if (up != 1.0) {
        Imgproc.resize(roi, scaled, new Size(), up, up, Imgproc.INTER_LINEAR);
        input = scaled;
      }
      hog().detectMultiScale(input, found, weights, 0, new Size(8, 8), new Size(0, 0), options.hogScale(), 2,
          false);
      List<Detection> out = new ArrayList<>();
      if (found.empty()) {
        return out;
      }
      Rect[] rects = found.toArray();
      double[] w = weights.empty() ? new double[rects.length] : weights.toArray();
      for (int i = 0; i < rects.length; i++) {
        if (w[i] < options.hogHitThreshold()) {
          continue;
        }
        Rect b = rects[i];
        // the window holds the person with a margin (see WINDOW_*): report the person's own box, so that the foot
        // point is where the feet are and boxes of people side by side do not overlap by their margins
        double wx = region.x + b.x / up;
        double wy = region.y + b.y / up;
        double ww = b.width / up;
        double wh = b.height / up;
        out.add(new Detection(
            (int) Math.round(wx + WINDOW_SIDE_MARGIN * ww),
            (int) Math.round(wy + WINDOW_TOP_MARGIN * wh),
            (int) Math.round(ww * (1 - 2 * WINDOW_SIDE_MARGIN)),
            (int) Math.round(wh * (1 - WINDOW_TOP_MARGIN - WINDOW_BOTTOM_MARGIN)),
            w[i],
            "hog"));
      }
      return out;
    } finally {
      roi.release();
      scaled.release();
      found.release();
      weights.release();
    }
  }

  /**
   * Foreground blobs as detections: each blob stands for {@code area / expected silhouette area} persons at the row
   * of its bottom edge (at least one when it is big enough to be a person at all). The score is that estimate.
   *
   * @param blobs blobs of the small mask
   * @param scale the mask's downscale factor
   * @param width full frame width
   * @param height full frame height
   */
  public List<Detection> blobs(List<MotionGate.Blob> blobs, double scale, int width, int height) {
    List<Detection> out = new ArrayList<>();
    double inv = 1 / scale;
    for (MotionGate.Blob b : blobs) {
      int x = (int) Math.round(b.box().x * inv);
      int y = (int) Math.round(b.box().y * inv);
      int w = (int) Math.round(b.box().width * inv);
      int h = (int) Math.round(b.box().height * inv);
      double areaFull = b.area() * inv * inv;
      double ph = options.personHeightAt(y + h, height);
      double expected = ph * ph * options.personAspect() * SILHOUETTE_FILL;
      double persons = areaFull / expected;
      if (persons < options.minBlobFraction()) {
        continue;
      }
      out.add(new Detection(x, y, w, h, Math.max(1.0, persons), "blob"));
    }
    return out;
  }

  /**
   * Hybrid: HOG detections, plus the blobs that contain no HOG foot point counted by their area (a blob with HOG
   * boxes in it counts as at least that many persons).
   */
  public List<Detection> hybrid(List<Detection> hogBoxes, List<Detection> blobBoxes) {
    List<Detection> out = new ArrayList<>(hogBoxes);
    for (Detection b : blobBoxes) {
      int inside = 0;
      for (Detection d : hogBoxes) {
        double fx = d.footX();
        double fy = d.y() + d.h() * 0.5;
        if (fx >= b.x() && fx < b.x() + b.w() && fy >= b.y() && fy < b.y() + b.h()) {
          inside++;
        }
      }
      double extra = b.score() - inside;
      if (extra >= 0.5) {
        out.add(new Detection(b.x(), b.y(), b.w(), b.h(), extra, "blob"));
      }
    }
    return out;
  }

  /** Greedy non-maximum suppression by score; also drops a box mostly inside a stronger one. */
  static List<Detection> nms(List<Detection> in, double iouMax) {
    List<Detection> sorted = new ArrayList<>(in);
    sorted.sort((a, b) -> Double.compare(b.score(), a.score()));
    List<Detection> kept = new ArrayList<>();
    for (Detection d : sorted) {
      boolean keep = true;
      for (Detection k : kept) {
        double inter = intersection(d, k);
        double union = (double) d.w() * d.h() + (double) k.w() * k.h() - inter;
        double smaller = Math.min((double) d.w() * d.h(), (double) k.w() * k.h());
        if (inter / union > iouMax || inter / smaller > 0.7) {
          keep = false;
          break;
        }
      }
      if (keep) {
        kept.add(d);
      }
    }
    return kept;
  }

  private static double intersection(Detection a, Detection b) {
    int x0 = Math.max(a.x(), b.x());
    int y0 = Math.max(a.y(), b.y());
    int x1 = Math.min(a.x() + a.w(), b.x() + b.w());
    int y1 = Math.min(a.y() + a.h(), b.y() + b.h());
    return Math.max(0, x1 - x0) * (double) Math.max(0, y1 - y0);
  }

  @Override
  public void close() {
    hog = null;
  }
}
