package org.vigil.registry;

import java.util.Objects;
import org.vigil.core.Level;

/**
 * The risk of one region at any level of the tree: the highest level among the sites below it, how many of its sites
 * are at each level, and the site (with its alert's rule and subject) that drives it. Published retained on
 * {@code vigil/region/{region}/risk} and stored in InfluxDB {@code region_risk} when it changes.
 *
 * @param region region id
 * @param name region name
 * @param regionLevel county, township or village
 * @param parent the parent region's id, empty for a county
 * @param level the highest level of the sites below, {@link Level#NONE} when none has an open alert
 * @param previousLevel the level before this change
 * @param sites registered sites below the region
 * @param sitesBlue sites at blue
 * @param sitesYellow sites at yellow
 * @param sitesOrange sites at orange
 * @param sitesRed sites at red
 * @param peopleAtRisk people threatened by the sites with an open alert (as the registry counts them)
 * @param site the driving site (the highest; of those, the one whose risk changed first), empty when none
 * @param rule the driving site's rule, empty when none
 * @param subject the driving site's alert subject, empty when none
 * @param removed true when the region left the registry (its topic is then cleared)
 * @param timestampMs time of the site risk change (or registry change) that caused it, epoch ms
 */
public record RegionRisk(String region, String name, String regionLevel, String parent, Level level,
    Level previousLevel, int sites, int sitesBlue, int sitesYellow, int sitesOrange, int sitesRed, int peopleAtRisk,
    String site, String rule, String subject, boolean removed, long timestampMs) {

  public RegionRisk {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(previousLevel, "previousLevel");
    name = name == null ? region : name;
    regionLevel = regionLevel == null ? "" : regionLevel;
    parent = parent == null ? "" : parent;
    site = site == null ? "" : site;
    rule = rule == null ? "" : rule;
    subject = subject == null ? "" : subject;
  }

  /** Sites at no level (no open alert). */
  public int sitesNone() {
    return sites - sitesBlue - sitesYellow - sitesOrange - sitesRed;
  }

  /** Sites at {@code l}. */
  public int sitesAt(Level l) {
    return switch (l) {
      case NONE -> sitesNone();
      case BLUE -> sitesBlue;
      case YELLOW -> sitesYellow;
      case ORANGE -> sitesOrange;
      case RED -> sitesRed;
    };
  }

  /** True when everything but the times and the previous level is the same. */
  public boolean sameAs(RegionRisk o) {
    return o != null && region.equals(o.region) && name.equals(o.name) && regionLevel.equals(o.regionLevel)
        && parent.equals(o.parent) && level == o.level && sites == o.sites && sitesBlue == o.sitesBlue
        && sitesYellow == o.sitesYellow && sitesOrange == o.sitesOrange && sitesRed == o.sitesRed
        && peopleAtRisk == o.peopleAtRisk && site.equals(o.site) && rule.equals(o.rule) && subject.equals(o.subject)
        && removed == o.removed;
  }
}
