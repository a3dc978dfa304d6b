package org.vigil.vision;

import java.util.List;

/**
 * A watched area of one camera's view: a polygon in image pixels and the real ground area it covers.
 *
 * <p>A person is in the zone when the foot point of their box (bottom centre, {@link Detection#footX()},
 * {@link Detection#footY()}) lies inside the polygon. The polygon is drawn on the image, so its pixel area says
 * nothing about metres; the real area {@code areaM2} is measured on the ground (site plan, tape) and is what density
 * is computed from.
 *
 * @param id zone id, unique per camera (used as an InfluxDB tag and in alert subjects)
 * @param polygonPx at least 3 vertices in image pixels, in order (clockwise or counter-clockwise), not closed
 *     (the last vertex connects back to the first)
 * @param areaM2 real ground area covered by the polygon, square metres, &gt; 0
 * @param capacity maximum number of persons allowed in the zone; 0 means no capacity is configured
 */
public record Zone(String id, List<Point> polygonPx, double areaM2, int capacity) {

  /** Copies the polygon so the record is immutable. Validation is {@link CameraConfig#validate()}'s job. */
  public Zone {
    polygonPx = polygonPx == null ? List.of() : List.copyOf(polygonPx);
  }

  /**
   * Area of the polygon in square pixels by the shoelace formula; 0 for fewer than 3 vertices. Self-intersecting
   * polygons give the signed-area sum of their parts, which is why validation rejects them only loosely (area &gt; 0).
   */
  public double pixelArea() {
    int n = polygonPx.size();
    if (n < 3) {
      return 0;
    }
    double twice = 0;
    for (int i = 0; i < n; i++) {
      Point a = polygonPx.get(i);
      Point b = polygonPx.get((i + 1) % n);
      twice += a.x() * b.y() - b.x() * a.y();
    }
    return Math.abs(twice) / 2;
  }

  /**
   * Whether the point lies inside the polygon (even-odd rule, ray cast to the right). Points exactly on the left or
   * top edges count as inside and on the right or bottom edges as outside, so that two zones sharing an edge never
   * both count the same person.
   */
  public boolean contains(double x, double y) {
    boolean inside = false;
    int n = polygonPx.size();
    for (int i = 0, j = n - 1; i < n; j = i++) {
      Point a = polygonPx.get(i);
      Point b = polygonPx.get(j);
      if ((a.y() > y) != (b.y() > y)) {
        double xCross = a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
        if (x < xCross) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  /** Whether the detection's foot point (bottom centre of its box) is inside this zone. */
  public boolean containsFootOf(Detection d) {
    return contains(d.footX(), d.footY());
  }

  /** A zone covering the whole frame, for cameras configured without zones. */
  public static Zone wholeFrame(String id, int width, int height, double areaM2, int capacity) {
    return new Zone(
        id,
        List.of(new Point(0, 0), new Point(width, 0), new Point(width, height), new Point(0, height)),
        areaM2,
        capacity);
  }
}
