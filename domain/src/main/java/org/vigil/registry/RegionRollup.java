package org.vigil.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.Level;
import org.vigil.core.SiteRisk;

/**
 * Rolls the sites' risk up the region tree: every region, at every level, gets the highest level of the registered
 * sites below it (directly or through its townships and villages), the count of those sites per level, the people
 * the sites with an open alert threaten, and the site that drives it (the highest; ties: the site whose risk changed
 * first, then by id, so the choice is deterministic). Sites without a risk yet count as no level; risks of sites the
 * registry does not know are ignored. Flink-free.
 */
public final class RegionRollup {

  private static final Comparator<SiteRisk> DRIVER = Comparator.comparing(SiteRisk::level).reversed()
      .thenComparingLong(SiteRisk::timestampMs).thenComparing(SiteRisk::site);

  private RegionRollup() {}

  /**
   * The risk of every region of {@code registry}, in file order.
   *
   * @param siteRisks the newest risk of each site, by site id
   * @param timestampMs the time the result carries
   */
  public static Map<String, RegionRisk> of(Registry registry, Map<String, SiteRisk> siteRisks, long timestampMs) {
    Map<String, List<Site>> below = new LinkedHashMap<>();
    registry.regions().keySet().forEach(id -> below.put(id, new ArrayList<>()));
    for (Site s : registry.sites().values()) {
      for (Region r : registry.chain(s.region())) {
        below.get(r.id()).add(s);
      }
    }
    Map<String, RegionRisk> out = new LinkedHashMap<>();
    for (Region r : registry.regions().values()) {
      int[] counts = new int[Level.values().length];
      int people = 0;
      SiteRisk driver = null;
      for (Site s : below.get(r.id())) {
        SiteRisk risk = siteRisks.get(s.id());
        Level l = risk == null ? Level.NONE : risk.level();
        counts[l.ordinal()]++;
        if (l != Level.NONE) {
          people += s.peopleThreatened();
          if (driver == null || DRIVER.compare(risk, driver) < 0) {
            driver = risk;
          }
        }
      }
      Level level = driver == null ? Level.NONE : driver.level();
      out.put(r.id(), new RegionRisk(r.id(), r.name(), r.level().wireName(), r.parent(), level, Level.NONE,
          below.get(r.id()).size(), counts[Level.BLUE.ordinal()], counts[Level.YELLOW.ordinal()],
          counts[Level.ORANGE.ordinal()], counts[Level.RED.ordinal()], people,
          driver == null ? "" : driver.site(), driver == null ? "" : driver.rule(),
          driver == null ? "" : driver.subject(), false, timestampMs));
    }
    return out;
  }

  /**
   * What changed from {@code before} to {@code after}: regions whose risk differs (with the previous level filled
   * in), new regions, and regions no longer in the registry (marked {@link RegionRisk#removed()}).
   */
  public static List<RegionRisk> changes(Map<String, RegionRisk> before, Map<String, RegionRisk> after,
      long timestampMs) {
    List<RegionRisk> out = new ArrayList<>();
    for (RegionRisk now : after.values()) {
      RegionRisk was = before.get(now.region());
      if (!now.sameAs(was)) {
        out.add(withPrevious(now, was == null ? Level.NONE : was.level()));
      }
    }
    for (RegionRisk was : before.values()) {
      if (!after.containsKey(was.region())) {
        out.add(new RegionRisk(was.region(), was.name(), was.regionLevel(), was.parent(), Level.NONE, was.level(), 0,
            0, 0, 0, 0, 0, "", "", "", true, timestampMs));
      }
    }
    return out;
  }

  /** Every region's risk as a change from nothing (for a first publication). */
  public static List<RegionRisk> all(Map<String, RegionRisk> now) {
    return now.values().stream().map(r -> withPrevious(r, Level.NONE)).toList();
  }

  private static RegionRisk withPrevious(RegionRisk r, Level previous) {
    return new RegionRisk(r.region(), r.name(), r.regionLevel(), r.parent(), r.level(), previous, r.sites(),
        r.sitesBlue(), r.sitesYellow(), r.sitesOrange(), r.sitesRed(), r.peopleAtRisk(), r.site(), r.rule(),
        r.subject(), r.removed(), r.timestampMs());
  }
}
