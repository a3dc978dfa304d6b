package org.vigil.warning.cap;

import java.util.List;
import java.util.Objects;

/**
 * A CAP {@code <area>}: the ground a warning covers.
 *
 * @param description {@code <areaDesc>}, the area in words people know (a village's name)
 * @param polygons each a closed ring of WGS 84 points, {@code [latitude, longitude]}; CAP asks for at least four
 *     points with the first and last the same (section 3.2.4)
 * @param geocodes {@code <geocode>} pairs in order, e.g. {@code ADM-CODE} and a village's administrative code; a
 *     name may repeat (an area of several villages)
 */
public record CapArea(String description, List<List<double[]>> polygons, List<Geocode> geocodes) {

  /**
   * One {@code <geocode>}.
   *
   * @param name the code system ({@code valueName})
   * @param value the code
   */
  public record Geocode(String name, String value) {
    public Geocode {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
    }
  }

  public CapArea {
    Objects.requireNonNull(description, "description");
    if (description.isBlank()) {
      throw new IllegalArgumentException("an area needs a description (areaDesc)");
    }
    polygons = polygons == null ? List.of() : polygons.stream().map(List::copyOf).toList();
    for (List<double[]> ring : polygons) {
      if (ring.size() < 4) {
        throw new IllegalArgumentException(
            "a CAP polygon needs at least 4 points, first and last the same; " + description + " has " + ring.size());
      }
      double[] first = ring.get(0);
      double[] last = ring.get(ring.size() - 1);
      if (first[0] != last[0] || first[1] != last[1]) {
        throw new IllegalArgumentException("a CAP polygon must be closed (first point = last); " + description
            + " starts at " + first[0] + "," + first[1] + " and ends at " + last[0] + "," + last[1]);
      }
      for (double[] p : ring) {
        if (p.length != 2 || !(p[0] >= -90 && p[0] <= 90) || !(p[1] >= -180 && p[1] <= 180)) {
          throw new IllegalArgumentException("a polygon point of " + description
              + " is not latitude -90..90, longitude -180..180");
        }
      }
    }
    geocodes = geocodes == null ? List.of() : List.copyOf(geocodes);
  }

  /** An area known by its name only. */
  public static CapArea named(String description) {
    return new CapArea(description, List.of(), List.of());
  }
}
