package org.vigil.jobs.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.alerts.rules.Mode;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * The effective command mode of every site not in daily mode, with its registry tags, as the rule operators and noise
 * control receive it (broadcast) and keep it in force: the whole table each time a region's mode or the registry
 * changes; a newer {@link #seq} replaces an older one. Arrays rather than collections, so that it sits in broadcast
 * state as a Flink POJO-like record.
 *
 * @param seq increasing with each table (epoch ms of its making, made strictly increasing)
 * @param sites site ids
 * @param modes each site's effective mode, {@link Mode#wireName()}
 * @param tags each site's registry tags, joined by commas (empty when none)
 */
public record SiteModes(long seq, String[] sites, String[] modes, String[] tags) implements Serializable {

  /** Every site in daily mode. */
  public static final SiteModes NONE = new SiteModes(Long.MIN_VALUE, new String[0], new String[0], new String[0]);

  public SiteModes {
    sites = sites == null ? new String[0] : sites;
    modes = modes == null ? new String[0] : modes;
    tags = tags == null ? new String[0] : tags;
    if (sites.length != modes.length || sites.length != tags.length) {
      throw new IllegalArgumentException("sites, modes and tags differ in length");
    }
  }

  /**
   * The table of a registry and the regions' own modes: each site's effective mode ({@link Mode#effective}: its
   * region's own, else the nearest region above with one, else daily), daily sites left out.
   */
  public static SiteModes of(long seq, Registry registry, Map<String, Mode> own) {
    List<String> s = new ArrayList<>();
    List<String> m = new ArrayList<>();
    List<String> t = new ArrayList<>();
    if (registry != null && !own.isEmpty()) {
      for (Site site : registry.sites().values()) {
        Mode mode = Mode.effective(own, r -> {
          var region = registry.regions().get(r);
          return region == null ? null : region.parent();
        }, site.region());
        if (mode != Mode.DAILY) {
          s.add(site.id());
          m.add(mode.wireName());
          t.add(String.join(",", site.tags()));
        }
      }
    }
    return new SiteModes(seq, s.toArray(String[]::new), m.toArray(String[]::new), t.toArray(String[]::new));
  }

  /** A lookup of this table. */
  public Lookup lookup() {
    return new Lookup(this);
  }

  /** The table by site, built once per table by its users. */
  public static final class Lookup {
    private final Map<String, Integer> index = new HashMap<>();
    private final SiteModes table;

    Lookup(SiteModes table) {
      this.table = table;
      for (int i = 0; i < table.sites.length; i++) {
        index.put(table.sites[i], i);
      }
    }

    /** The table looked up. */
    public SiteModes table() {
      return table;
    }

    /** The site's effective mode; daily for a site not in the table. */
    public Mode mode(String site) {
      Integer i = index.get(site);
      Mode m = i == null ? null : Mode.fromWire(table.modes[i]);
      return m == null ? Mode.DAILY : m;
    }

    /** The site's tags (known for sites not in daily mode only: daily judges without tags). */
    public List<String> tags(String site) {
      Integer i = index.get(site);
      return i == null || table.tags[i].isEmpty() ? List.of() : Arrays.asList(table.tags[i].split(","));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SiteModes x && x.seq == seq && Arrays.equals(x.sites, sites) && Arrays.equals(x.modes, modes)
        && Arrays.equals(x.tags, tags);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(seq) * 31 + Arrays.hashCode(sites);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < sites.length; i++) {
      parts.add(sites[i] + "=" + modes[i]);
    }
    return "SiteModes[seq=" + seq + ", " + parts + "]";
  }
}
