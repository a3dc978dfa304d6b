package org.vigil.registry;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vigil.warning.broadcast.Loudspeaker;

/**
 * A validated registry of the county's command structure ({@link RegistryLoader}): regions as a tree (county,
 * townships, villages), the sites in them and the devices expected at each site. Immutable; lookups by id.
 */
public final class Registry implements Serializable {

  private final Long version;
  private final String author;
  private final String comment;
  private final NoDataPolicy noData;
  private final Map<String, Region> regions = new LinkedHashMap<>();
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private final Map<String, Device> devices = new LinkedHashMap<>();
  private final Map<String, Loudspeaker> loudspeakers = new LinkedHashMap<>();

  /**
   * @param version the version (assigned on publish), null in a file the job starts with
   * @param regions a tree (validated by the loader)
   * @param sites each in one of the regions
   * @param devices each at one of the sites
   */
  public Registry(Long version, String author, String comment, NoDataPolicy noData, List<Region> regions,
      List<Site> sites, List<Device> devices) {
    this(version, author, comment, noData, regions, sites, devices, List.of());
  }

  /**
   * @param loudspeakers the broadcast network's loudspeakers, each in one of the regions
   */
  public Registry(Long version, String author, String comment, NoDataPolicy noData, List<Region> regions,
      List<Site> sites, List<Device> devices, List<Loudspeaker> loudspeakers) {
    this.version = version;
    this.author = author == null ? "" : author;
    this.comment = comment == null ? "" : comment;
    this.noData = Objects.requireNonNull(noData, "noData");
    regions.forEach(r -> this.regions.put(r.id(), r));
    sites.forEach(s -> this.sites.put(s.id(), s));
    devices.forEach(d -> this.devices.put(d.subject(), d));
    loudspeakers.forEach(l -> this.loudspeakers.put(l.id(), l));
  }

  public Long version() {
    return version;
  }

  public String author() {
    return author;
  }

  public String comment() {
    return comment;
  }

  public NoDataPolicy noData() {
    return noData;
  }

  /** Every region, in file order. */
  public Map<String, Region> regions() {
    return Collections.unmodifiableMap(regions);
  }

  /** Every site by id, in file order. */
  public Map<String, Site> sites() {
    return Collections.unmodifiableMap(sites);
  }

  /** Every device by subject ({@code site/kind/id}), in file order. */
  public Map<String, Device> devices() {
    return Collections.unmodifiableMap(devices);
  }

  /** Every loudspeaker by id, in file order. */
  public Map<String, Loudspeaker> loudspeakers() {
    return Collections.unmodifiableMap(loudspeakers);
  }

  /** True when {@code regionId} is {@code ancestorId} or lies below it (both known regions). */
  public boolean within(String regionId, String ancestorId) {
    return regions.containsKey(ancestorId) && chain(regionId).stream().anyMatch(r -> r.id().equals(ancestorId));
  }

  public boolean hasSite(String site) {
    return sites.containsKey(site);
  }

  /** The device of a subject, or null. */
  public Device device(String subject) {
    return devices.get(subject);
  }

  /** The region and every region above it, the region first and the county last. */
  public List<Region> chain(String regionId) {
    List<Region> out = new ArrayList<>();
    Region r = regions.get(regionId);
    while (r != null && out.size() <= regions.size()) {
      out.add(r);
      r = r.parent().isEmpty() ? null : regions.get(r.parent());
    }
    return out;
  }

  /** One line for logs: counts of regions, sites and devices. */
  public String summary() {
    return regions.size() + " regions, " + sites.size() + " sites, " + devices.size() + " devices"
        + (loudspeakers.isEmpty() ? "" : ", " + loudspeakers.size() + " loudspeakers");
  }
}
