package org.vigil.console.auth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.HealthAlerts;
import org.vigil.registry.Region;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * The region tree of one registry version, as the console needs it for duty by region: each region's parent, each
 * site's region, each administrative code's region. Immutable. The empty region ({@link #ROOT}) stands for the whole
 * county: every region, every site, and sites the registry does not know.
 */
public final class RegionTree {

  /** The region of a user without one: the whole county (all regions, all sites). */
  public static final String ROOT = "";

  private final long version;
  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, String> level = new HashMap<>();
  private final Map<String, String> siteRegion = new HashMap<>();
  private final Map<String, String> byCode = new HashMap<>();
  private final Registry registry;

  /** A tree without regions (no registry known yet): only {@link #ROOT} covers anything. */
  public static final RegionTree EMPTY = new RegionTree(-1, null);

  /**
   * @param version the registry version (0 for the start-up file, -1 for none)
   * @param registry the registry, or null for none
   */
  public RegionTree(long version, Registry registry) {
    this.version = version;
    this.registry = registry;
    if (registry != null) {
      for (Region r : registry.regions().values()) {
        parent.put(r.id(), r.parent());
        names.put(r.id(), r.name());
        level.put(r.id(), r.level().wireName());
        if (!r.code().isEmpty()) {
          byCode.put(r.code(), r.id());
        }
      }
      for (Site s : registry.sites().values()) {
        siteRegion.put(s.id(), s.region());
      }
    }
  }

  /** The registry the tree was made of, or null (none known). */
  public Registry registry() {
    return registry;
  }

  public long version() {
    return version;
  }

  /** Whether the registry has this region. */
  public boolean hasRegion(String region) {
    return parent.containsKey(region);
  }

  /**
   * The region a site lies in, or null when the registry does not know the site; for a region's pseudo-site
   * ({@link HealthAlerts#regionSite}) that region.
   */
  public String regionOfSite(String site) {
    if (site == null) {
      return null;
    }
    String r = siteRegion.get(site);
    if (r == null) {
      String region = HealthAlerts.regionOf(site); // a region's health alert is scoped by the region itself
      return region != null && parent.containsKey(region) ? region : null;
    }
    return r;
  }

  /** A region's parent, or null for a county or an unknown region. */
  public String parentOf(String region) {
    String p = parent.get(region);
    return p == null || p.isEmpty() ? null : p;
  }

  /** The region of an administrative code, or null. */
  public String regionOfCode(String code) {
    return code == null ? null : byCode.get(code);
  }

  /** A region's name, or its id when unknown. */
  public String name(String region) {
    return names.getOrDefault(region, region);
  }

  /** A region's level ({@code county}, {@code township}, {@code village}), or empty when unknown. */
  public String level(String region) {
    return level.getOrDefault(region, "");
  }

  /**
   * Whether {@code region} is {@code top} or lies below it. {@link #ROOT} covers every region, known or not; any
   * other top covers only regions of this registry.
   */
  public boolean within(String top, String region) {
    if (top == null || top.equals(ROOT)) {
      return true;
    }
    String r = region;
    for (int hops = 0; r != null && !r.isEmpty() && hops <= parent.size(); hops++) {
      if (r.equals(top)) {
        return true;
      }
      r = parent.get(r);
    }
    return false;
  }

  /**
   * Whether a site lies in {@code top}'s subtree; a site the registry does not know only in {@link #ROOT}'s. A
   * region's health alert, addressed to the pseudo-site {@code _region-<id>} ({@link HealthAlerts}), lies where its
   * region does.
   */
  public boolean siteWithin(String top, String site) {
    if (top == null || top.equals(ROOT)) {
      return true;
    }
    String r = regionOfSite(site);
    return r != null && within(top, r);
  }

  /** Every region of {@code top}'s subtree, in registry order ({@link #ROOT}: all). */
  public List<String> regionsWithin(String top) {
    List<String> out = new ArrayList<>();
    for (String r : names.keySet()) {
      if (within(top, r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Every site of {@code top}'s subtree the registry knows. */
  public List<String> sitesWithin(String top) {
    List<String> out = new ArrayList<>();
    siteRegion.forEach((s, r) -> {
      if (within(top, r)) {
        out.add(s);
      }
    });
    Collections.sort(out);
    return out;
  }

  public int regions() {
    return parent.size();
  }
}
