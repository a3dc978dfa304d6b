package org.vigil.vision;

/**
 * A point in image pixel coordinates: x to the right, y downwards, origin at the top-left corner of the frame.
 *
 * @param x column in pixels
 * @param y row in pixels
 */
public record Point(double x, double y) {

  /** Creates a point; both coordinates must be finite. */
  public Point {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("point coordinates must be finite, got (" + x + ", " + y + ")");
    }
  }
}
