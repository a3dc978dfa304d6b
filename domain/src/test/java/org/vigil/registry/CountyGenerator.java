package org.vigil.registry;

/**
 * A registry of a county at scale, as YAML text, for tests and the benchmark: one county, {@code townships}
 * townships (each with a GeoJSON boundary), {@code villagesPerTownship} villages under each, {@code sitesPerVillage}
 * sites in each village and {@code devicesPerSite} devices at each site, cycling through every device kind. Ids are
 * predictable: {@code t07}, {@code t07-v03}, {@code s-t07-v03-2}; devices {@code <kind>-<n>} at each site, so the
 * subject of a site's n-th device is {@code s-.../<kind>/<kind>-<n>}.
 */
public final class CountyGenerator {

  /** The device kinds in the order the generator gives them to a site's devices. */
  public static final String[] KINDS = {"rain", "gnss", "tilt", "crack", "pore", "level"};

  private final int townships;
  private final int villagesPerTownship;
  private final int sitesPerVillage;
  private final int devicesPerSite;

  public CountyGenerator(int townships, int villagesPerTownship, int sitesPerVillage, int devicesPerSite) {
    this.townships = townships;
    this.villagesPerTownship = villagesPerTownship;
    this.sitesPerVillage = sitesPerVillage;
    this.devicesPerSite = devicesPerSite;
  }

  /** 20 townships x 10 villages x 10 sites x 10 devices: 2,000 sites, 20,000 devices. */
  public static CountyGenerator countyOf20000Devices() {
    return new CountyGenerator(20, 10, 10, 10);
  }

  public int siteCount() {
    return townships * villagesPerTownship * sitesPerVillage;
  }

  public int deviceCount() {
    return siteCount() * devicesPerSite;
  }

  public int regionCount() {
    return 1 + townships + townships * villagesPerTownship;
  }

  public static String township(int t) {
    return String.format("t%02d", t);
  }

  public static String village(int t, int v) {
    return township(t) + String.format("-v%02d", v);
  }

  public static String site(int t, int v, int s) {
    return "s-" + village(t, v) + "-" + s;
  }

  /** The kind of a site's n-th device (0-based). */
  public static String kind(int n) {
    return KINDS[n % KINDS.length];
  }

  /** The subject of a site's n-th device. */
  public static String subject(String site, int n) {
    return site + "/" + kind(n) + "/" + kind(n) + "-" + n;
  }

  /** The registry's YAML; {@code version} null for a file, else the published version. */
  public String yaml(Long version) {
    StringBuilder y = new StringBuilder(deviceCount() * 110 + 4096);
    if (version != null) {
      y.append("version: ").append(version).append('\n');
    }
    y.append("author: generator\ncomment: a county at scale\nnoData: {factor: 3, level: yellow}\nregions:\n");
    y.append("  - {id: county, name: The County, level: county, code: \"990100\"}\n");
    for (int t = 0; t < townships; t++) {
      double lon = 103.0 + 0.1 * t;
      y.append("  - id: ").append(township(t)).append("\n    name: Township ").append(t)
          .append("\n    level: township\n    parent: county\n    boundary:\n      type: Polygon\n      coordinates: [[[")
          .append(lon).append(", 30.0], [").append(lon + 0.1).append(", 30.0], [").append(lon + 0.1)
          .append(", 30.5], [").append(lon).append(", 30.5], [").append(lon).append(", 30.0]]]\n");
      for (int v = 0; v < villagesPerTownship; v++) {
        y.append("  - {id: ").append(village(t, v)).append(", name: Village ").append(t).append('-').append(v)
            .append(", level: village, parent: ").append(township(t)).append("}\n");
      }
    }
    y.append("sites:\n");
    for (int t = 0; t < townships; t++) {
      for (int v = 0; v < villagesPerTownship; v++) {
        for (int s = 0; s < sitesPerVillage; s++) {
          String site = site(t, v, s);
          double lat = 30.0 + 0.5 * (v + 0.5) / villagesPerTownship;
          double lon = 103.0 + 0.1 * t + 0.1 * (s + 0.5) / sitesPerVillage;
          y.append("  - id: ").append(site).append("\n    region: ").append(village(t, v))
              .append("\n    location: {lat: ").append(round(lat)).append(", lon: ").append(round(lon))
              .append("}\n    threatens:\n      - {what: houses below the slope, kind: people, count: ")
              .append(10 + s).append("}\n    devices:\n");
          for (int n = 0; n < devicesPerSite; n++) {
            y.append("      - {id: ").append(kind(n)).append('-').append(n).append(", kind: ").append(kind(n))
                .append(", interval: 10m, installed: 2026-04-15, position: {lat: ").append(round(lat))
                .append(", lon: ").append(round(lon + 0.0001 * n)).append("}}\n");
          }
        }
      }
    }
    return y.toString();
  }

  private static double round(double x) {
    return Math.round(x * 1e6) / 1e6;
  }
}
