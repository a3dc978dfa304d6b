package org.vigil.vision;

/**
 * A counting line: a segment in frame pixels that tracked people cross, counted once per crossing and direction.
 *
 * <p>Direction is taken from the directed segment {@code from -> to} as drawn on the image (x right, y down):
 * {@code in} is a crossing of a track's foot point from the right-hand side of the segment to its left-hand side,
 * {@code out} the reverse. "Right-hand" is the side on your right when you walk along the segment from {@code from}
 * to {@code to} on the image. Example: a vertical line drawn downwards from (430, 140) to (430, 440) has its
 * right-hand side at x &lt; 430 (walking down the image, your right hand points to the image's left), so {@code in}
 * counts people walking east (from x &lt; 430 to x &ge; 430) and {@code out} people walking west. Swap the end
 * points to swap the directions.
 *
 * <p>Only crossings of the segment itself count: a foot point passing the line's extension beyond either end does
 * not.
 *
 * @param id line id, unique per camera
 * @param from first end, image pixels
 * @param to second end, image pixels; must differ from {@code from}
 */
public record CountingLine(String id, Point from, Point to) {

  /**
   * Which side of the line a point is on: {@code +1} right-hand side, {@code -1} left-hand side (points exactly on
   * the line's support count as left-hand, so a foot at x = 430 of the example is already "in").
   */
  public int side(double x, double y) {
    return cross(x, y) > 0 ? 1 : -1;
  }

  /** Distance in pixels from the point to the line's support (the infinite line through both ends). */
  public double distance(double x, double y) {
    return Math.abs(cross(x, y)) / length();
  }

  /** Length of the segment in pixels. */
  public double length() {
    return Math.hypot(to.x() - from.x(), to.y() - from.y());
  }

  /**
   * Whether the move from (x0, y0) to (x1, y1) passes the segment between its ends: the two points are on different
   * sides and the point where the move meets the line's support lies between {@code from} and {@code to}.
   */
  public boolean crossedBy(double x0, double y0, double x1, double y1) {
    double c0 = cross(x0, y0);
    double c1 = cross(x1, y1);
    if ((c0 > 0) == (c1 > 0)) {
      return false;
    }
    double t = c0 / (c0 - c1); // where on the move the support is met, 0..1
    double px = x0 + t * (x1 - x0);
    double py = y0 + t * (y1 - y0);
    double dx = to.x() - from.x();
    double dy = to.y() - from.y();
    double u = ((px - from.x()) * dx + (py - from.y()) * dy) / (dx * dx + dy * dy);
    return u >= 0 && u <= 1;
  }

  /** z of (to - from) x (p - from) in image coordinates; positive on the right-hand side (y points down). */
  private double cross(double x, double y) {
    return (to.x() - from.x()) * (y - from.y()) - (to.y() - from.y()) * (x - from.x());
  }
}
