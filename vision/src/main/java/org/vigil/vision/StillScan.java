package org.vigil.vision;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Rect;

/**
 * Rolling scan of the whole view with the HOG people detector, a few tiles per frame, so that people who never moved
 * while the camera watched (already standing when it started, or standing long enough for the motion gate's
 * background to absorb them) are found: the motion-gated detector only looks where something moves.
 *
 * <p>The view is cut into horizontal bands sized by the perspective model (each band holds a whole person whose feet
 * are in its lower part; consecutive bands overlap by more than a person), each band into tiles; a tile is enlarged,
 * like the moving regions, so that its expected person fills HOG's window. Rows where the expected person is too
 * small for HOG even when enlarged are left out. The tiles are visited in turn, so that the whole view is covered
 * once every {@code scanPeriodFrames} frames at a cost spread evenly over the frames.
 */
final class StillScan {

  private final CameraConfig.Detector detector;
  private final CameraConfig.Tracking tracking;
  private List<Rect> tiles;
  private int next;
  private double credit;

  public StillScan(CameraConfig.Detector detector, CameraConfig.Tracking tracking) {
    this.detector = detector;
    this.tracking = tracking;
  }

  /** The tiles of a {@code width x height} view (computed once per size). */
  List<Rect> tiles(int width, int height) {
    if (tiles != null) {
      return tiles;
    }
    List<Rect> out = new ArrayList<>();
    // the smallest person HOG finds in its 64x128 window is ~96 px tall; enlarged at most hogUpscale
    double minPerson = 96 / detector.hogUpscale();
    double bottom = 0;
    while (bottom < height) {
      double ph = detector.personHeightAt(bottom, height);
      if (ph < minPerson) {
        bottom += 8;
        continue;
      }
      double top = Math.max(0, bottom - 1.7 * ph);
      int y0 = (int) Math.floor(top);
      int y1 = (int) Math.min(height, Math.ceil(bottom + 0.15 * ph));
      double tileW = Math.max(4 * ph, 160);
      double step = tileW - 0.8 * ph;
      for (double x = 0; x < width; x += step) {
        int x0 = (int) Math.floor(x);
        int x1 = (int) Math.min(width, Math.ceil(x + tileW));
        out.add(new Rect(x0, y0, x1 - x0, y1 - y0));
        if (x1 >= width) {
          break;
        }
      }
      if (bottom >= height - 1) {
        break;
      }
      bottom = Math.min(height - 1, bottom + Math.max(8, 0.6 * ph));
    }
    tiles = List.copyOf(out);
    return tiles;
  }

  /**
   * Scans every tile at once: for a frame on which the motion background does not exist yet (the first frame, or the
   * first after the background model restarted), where people can only be found by their shape.
   *
   * @return HOG detections with a margin of at least {@link CameraConfig.Tracking#scanHitThreshold()}
   */
  public List<Detection> scanAll(PeopleDetector hog, Mat grey) {
    if (tracking.scanPeriodFrames() <= 0) {
      return List.of();
    }
    List<Rect> all = tiles(grey.cols(), grey.rows());
    if (all.isEmpty()) {
      return List.of();
    }
    return hits(hog.hogRegions(grey, all, 0), PeopleTracker.STARTUP);
  }

  private List<Detection> hits(List<Detection> found, String source) {
    List<Detection> out = new ArrayList<>();
    for (Detection d : found) {
      if (d.score() >= tracking.scanHitThreshold()) {
        out.add(new Detection(d.x(), d.y(), d.w(), d.h(), d.score(), source));
      }
    }
    return out;
  }

  /**
   * Scans this frame's share of tiles.
   *
   * @return HOG detections with a margin of at least {@link CameraConfig.Tracking#scanHitThreshold()}
   */
  public List<Detection> scan(PeopleDetector hog, Mat grey) {
    if (tracking.scanPeriodFrames() <= 0) {
      return List.of();
    }
    List<Rect> all = tiles(grey.cols(), grey.rows());
    if (all.isEmpty()) {
      return List.of();
    }
    // tiles / period per frame, fractional shares carried over: the whole view exactly once per period (rounding
    // up per frame would scan it up to twice as often as configured)
    credit += all.size() / (double) tracking.scanPeriodFrames();
    int perFrame = (int) Math.floor(credit);
    credit -= perFrame;
    List<Rect> now = new ArrayList<>(perFrame);
    for (int i = 0; i < perFrame; i++) {
      now.add(all.get(next));
      next = (next + 1) % all.size();
    }
    if (now.isEmpty()) {
      return List.of();
    }
    return hits(hog.hogRegions(grey, now, 0), PeopleTracker.SCAN);
  }
}
