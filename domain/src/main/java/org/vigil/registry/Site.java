package org.vigil.registry;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A monitored site (a hillside, a river reach, a public place) in one region.
 *
 * @param id the site id of the topics, {@code vigil/{site}/...}; unique
 * @param name for people
 * @param region the id of the region it lies in (any level)
 * @param lat latitude, degrees (WGS 84)
 * @param lon longitude, degrees
 * @param elevationM elevation, m; NaN when not given
 * @param threatens the people and assets it threatens
 * @param tags words that group sites across regions ({@code tourist}, {@code school}): a command mode's rule
 *     profile may apply only at sites with a tag; empty when none
 */
public record Site(String id, String name, String region, double lat, double lon, double elevationM,
    List<Threat> threatens, List<String> tags) implements Serializable {

  /** A site without tags. */
  public Site(String id, String name, String region, double lat, double lon, double elevationM,
      List<Threat> threatens) {
    this(id, name, region, lat, lon, elevationM, threatens, List.of());
  }

  public Site {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(region, "region");
    name = name == null ? id : name;
    threatens = threatens == null ? List.of() : List.copyOf(threatens);
    tags = tags == null ? List.of() : List.copyOf(tags);
  }

  /** The number of people it threatens (the sum of the {@code people} entries with a count). */
  public int peopleThreatened() {
    return threatens.stream().filter(t -> t.kind().equals("people") && t.count() > 0).mapToInt(Threat::count).sum();
  }
}
