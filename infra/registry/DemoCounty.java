import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the demo county's registries, {@code demo.yaml} (storm and calm scenarios) and {@code demo-slope.yaml} (the
 * slope scenario: the same county plus two creeping slopes of its own), from the tables below. Run from the
 * repository's root after changing them:
 *
 * <pre>
 *   java infra/registry/DemoCounty.java            # rewrites infra/registry/demo.yaml and demo-slope.yaml
 *   java infra/registry/DemoCounty.java --check    # exit 1 when the committed files differ from the tables
 * </pre>
 *
 * <p>Ashgrove County is made up, as are its names and administrative codes (prefix 99, no real province). It lies
 * where a hilly county could, about 50 km east-west and 40 km north-south; a 4 x 4 grid of villages with shared,
 * slightly crooked borders tiles it, each township a 2 x 2 block of them. Every site lies inside its village's
 * boundary (it is placed at a fraction of the village's cell).
 */
public final class DemoCounty {

  // The county's extent before the borders are bent, degrees.
  static final double WEST = 103.20, EAST = 103.72, SOUTH = 30.70, NORTH = 31.06;
  static final int COLS = 4, ROWS = 4;
  static final String PORT = "18093";

  /** A township: its 2 x 2 block of villages, first column and row (row 0 is the south). */
  record Township(String id, String name, String code, int col, int row) {}

  /** A village or community in grid cell (col, row). */
  record Village(String id, String name, String level, String township, int col, int row) {}

  /** A site at fraction (u, v) of its village's cell (u west to east, v south to north). */
  record Site(String id, String name, Kind kind, String village, double u, double v, int elevation,
      String installed, List<String> threatens) {}

  /** What a site watches, and the devices that does it. */
  enum Kind {
    LANDSLIDE("rain:rg-1", "rain:rg-2", "gnss:gnss-1", "tilt:tilt-1", "crack:crack-1", "pore:pore-1"),
    GULLY("rain:rg-1", "rain:rg-2", "level:level-1", "pore:pore-1"),
    RIVER("rain:rg-1", "level:level-1", "level:level-2"),
    LEVEE("rain:rg-1", "level:level-1", "pore:pore-1", "pore:pore-2"),
    // A scenic trail under a cliff: rockfall sensors, and a camera at the gate counting visitors (a frame at least
    // every second; its zones and counting lines are set in VIGIL_CAMERAS_FILE).
    TOURIST("rain:rg-1", "crack:crack-1", "tilt:tilt-1", "camera:cam1");

    final String[] devices;

    Kind(String... devices) {
      this.devices = devices;
    }
  }

  static final String COUNTY = "ashgrove-county";

  static final List<Township> TOWNSHIPS = List.of(
      new Township("cloudridge-township", "Cloudridge Township", "990101", 0, 2),
      new Township("stonebridge-township", "Stonebridge Township", "990102", 2, 2),
      new Township("pinefall-township", "Pinefall Township", "990103", 0, 0),
      new Township("riverbend-township", "Riverbend Township", "990104", 2, 0));

  static final List<Village> VILLAGES = List.of(
      new Village("upper-hollow", "Upper Hollow Village", "village", "cloudridge-township", 0, 3),
      new Village("eagle-rock", "Eagle Rock Village", "village", "cloudridge-township", 1, 3),
      new Village("misty-terrace", "Misty Terrace Village", "village", "cloudridge-township", 0, 2),
      new Village("cedar-ford", "Cedar Ford Community", "community", "cloudridge-township", 1, 2),
      new Village("millstone", "Millstone Village", "village", "stonebridge-township", 2, 3),
      new Village("hawthorn", "Hawthorn Village", "village", "stonebridge-township", 3, 3),
      new Village("stonebridge", "Stonebridge Community", "community", "stonebridge-township", 2, 2),
      new Village("red-cliff", "Red Cliff Village", "village", "stonebridge-township", 3, 2),
      new Village("bamboo-gully", "Bamboo Gully Village", "village", "pinefall-township", 0, 1),
      new Village("pinefall", "Pinefall Community", "community", "pinefall-township", 1, 1),
      new Village("tea-garden", "Tea Garden Village", "village", "pinefall-township", 0, 0),
      new Village("lantern-pass", "Lantern Pass Village", "village", "pinefall-township", 1, 0),
      new Village("willow-bank", "Willow Bank Village", "village", "riverbend-township", 2, 1),
      new Village("riverbend", "Riverbend Community", "community", "riverbend-township", 3, 1),
      new Village("ferry-landing", "Ferry Landing Village", "village", "riverbend-township", 2, 0),
      new Village("lotus-flat", "Lotus Flat Village", "village", "riverbend-township", 3, 0));

  /** The storm of the demo (SimulatorArgs.DEMO_STORM_SITES) hits the first five, all in Cloudridge Township. */
  static final List<Site> SITES = List.of(
      new Site("upper-hollow-slope", "Upper Hollow slope above the school", Kind.LANDSLIDE, "upper-hollow", 0.45, 0.55,
          1240, "2026-04-15", List.of("residents below the slope|people|120", "Upper Hollow primary school|school|1")),
      new Site("upper-hollow-gully", "Upper Hollow debris-flow gully", Kind.GULLY, "upper-hollow", 0.70, 0.30,
          1080, "2026-04-15", List.of("houses at the gully mouth|people|45", "county road X203|road")),
      new Site("eagle-rock-slope", "Eagle Rock landslide", Kind.LANDSLIDE, "eagle-rock", 0.35, 0.40,
          1420, "2026-04-18", List.of("Eagle Rock hamlet|people|60", "village road|road")),
      new Site("cedar-ford-gully", "Cedar Ford debris-flow gully", Kind.GULLY, "cedar-ford", 0.30, 0.70,
          960, "2026-04-18", List.of("township school|school|1", "houses along the gully|people|80")),
      new Site("cedar-ford-gauge", "Cloud River gauge at Cedar Ford bridge", Kind.RIVER, "cedar-ford", 0.60, 0.35,
          820, "2026-03-28", List.of("riverside houses of Cedar Ford|people|210", "Cedar Ford bridge|bridge")),
      new Site("misty-terrace-slope", "Misty Terrace terrace-edge slope", Kind.LANDSLIDE, "misty-terrace", 0.40, 0.60,
          1150, "2026-05-02", List.of("terrace houses|people|35")),
      new Site("misty-terrace-gully", "Misty Terrace gully", Kind.GULLY, "misty-terrace", 0.65, 0.30,
          1010, "2026-05-02", List.of("farm track|road", "orchard workers|people|12")),
      new Site("stonebridge-gauge", "Stone River gauge at Stonebridge", Kind.RIVER, "stonebridge", 0.45, 0.40,
          700, "2026-03-28", List.of("Stonebridge market street|people|350", "the stone bridge|bridge")),
      new Site("stonebridge-slope", "Stonebridge slope behind the township office", Kind.LANDSLIDE, "stonebridge",
          0.70, 0.70, 780, "2026-04-22", List.of("township office|building", "staff and residents|people|90")),
      new Site("millstone-slope", "Millstone landslide", Kind.LANDSLIDE, "millstone", 0.40, 0.50,
          1180, "2026-04-22", List.of("Millstone hamlet|people|70")),
      new Site("millstone-gully", "Millstone debris-flow gully", Kind.GULLY, "millstone", 0.65, 0.25,
          990, "2026-04-22", List.of("houses at the gully mouth|people|30", "county road X207|road")),
      new Site("hawthorn-slope", "Hawthorn slope above the clinic", Kind.LANDSLIDE, "hawthorn", 0.35, 0.35,
          1320, "2026-05-06", List.of("village clinic|clinic|1", "residents|people|55")),
      new Site("hawthorn-gully", "Hawthorn gully", Kind.GULLY, "hawthorn", 0.60, 0.70,
          1250, "2026-05-06", List.of("hamlet at the gully mouth|people|25")),
      new Site("red-cliff-slope", "Red Cliff road-cut slope", Kind.LANDSLIDE, "red-cliff", 0.30, 0.45,
          890, "2026-05-10", List.of("provincial road S318|road", "road workers|people|8")),
      new Site("red-cliff-rockfall", "Red Cliff rockfall face", Kind.LANDSLIDE, "red-cliff", 0.70, 0.65,
          1040, "2026-05-10", List.of("houses below the cliff|people|40")),
      new Site("pinefall-slope", "Pinefall slope behind the community centre", Kind.LANDSLIDE, "pinefall", 0.50, 0.55,
          860, "2026-04-25", List.of("community centre|building", "residents|people|150")),
      new Site("bamboo-gully-upper", "Bamboo Gully upper channel", Kind.GULLY, "bamboo-gully", 0.35, 0.70,
          1120, "2026-04-25", List.of("hamlet on the fan|people|40")),
      new Site("bamboo-gully-lower", "Bamboo Gully fan", Kind.GULLY, "bamboo-gully", 0.60, 0.30,
          930, "2026-04-25", List.of("Bamboo Gully village|people|130", "village road|road")),
      new Site("tea-garden-slope", "Tea Garden hillside", Kind.LANDSLIDE, "tea-garden", 0.40, 0.45,
          1010, "2026-05-14", List.of("tea pickers|people|25", "tea factory|building")),
      new Site("tea-garden-gully", "Tea Garden gully", Kind.GULLY, "tea-garden", 0.70, 0.65,
          950, "2026-05-14", List.of("houses at the gully mouth|people|20")),
      new Site("lantern-pass-road", "Lantern Pass road-cut slope", Kind.LANDSLIDE, "lantern-pass", 0.30, 0.60,
          1380, "2026-05-18", List.of("county road X211 over the pass|road")),
      new Site("lantern-pass-gorge", "Lantern Pass gorge trail (scenic area)", Kind.TOURIST, "lantern-pass",
          0.65, 0.35, 1150, "2026-05-18",
          List.of("visitors on the gorge trail|people|800", "trail gate and car park|building")),
      new Site("riverbend-gauge", "Bend River gauge at Riverbend", Kind.RIVER, "riverbend", 0.40, 0.45,
          560, "2026-03-28", List.of("Riverbend old town|people|1200", "Riverbend bridge|bridge")),
      new Site("riverbend-slope", "Riverbend slope behind the middle school", Kind.LANDSLIDE, "riverbend",
          0.70, 0.70, 640, "2026-04-30", List.of("Riverbend middle school|school|1", "teachers' housing|people|60")),
      new Site("willow-bank-levee", "Willow Bank levee", Kind.LEVEE, "willow-bank", 0.55, 0.40,
          570, "2026-04-30", List.of("farmland behind the levee|farmland", "Willow Bank village|people|260")),
      new Site("willow-bank-gully", "Willow Bank gully", Kind.GULLY, "willow-bank", 0.30, 0.75,
          690, "2026-04-30", List.of("houses at the gully mouth|people|35")),
      new Site("ferry-landing-gauge", "Bend River gauge at Ferry Landing", Kind.RIVER, "ferry-landing", 0.60, 0.50,
          540, "2026-03-28", List.of("ferry and landing|people|90", "riverside road|road")),
      new Site("ferry-landing-slope", "Ferry Landing bank slope", Kind.LANDSLIDE, "ferry-landing", 0.30, 0.30,
          600, "2026-05-20", List.of("landing warehouses|building", "residents|people|40")),
      new Site("lotus-flat-slope", "Lotus Flat hillside", Kind.LANDSLIDE, "lotus-flat", 0.45, 0.60,
          720, "2026-05-20", List.of("Lotus Flat hamlet|people|75")),
      new Site("lotus-flat-gully", "Lotus Flat gully", Kind.GULLY, "lotus-flat", 0.70, 0.30,
          650, "2026-05-20", List.of("fish ponds|farmland", "pond keepers|people|10")));

  /**
   * The slope scenario's own sites (SimulatorArgs.DEMO_SLOPE_SITES): their four weeks of history end now, which on the
   * storm's devices, analysed up to minutes ago by a restored job, would be older than what the job holds.
   */
  static final List<Site> SLOPE_SITES = List.of(
      new Site("hawthorn-ridge", "Hawthorn ridge landslide", Kind.LANDSLIDE, "hawthorn", 0.25, 0.75,
          1480, "2026-04-15", List.of("hamlet below the ridge|people|60")),
      new Site("hawthorn-ridge-north", "Hawthorn ridge north rockfall slope", Kind.LANDSLIDE, "hawthorn", 0.80, 0.30,
          1530, "2026-04-15", List.of("township road|road", "road workers|people|8")));

  public static void main(String[] args) throws IOException {
    boolean check = args.length > 0 && args[0].equals("--check");
    Path dir = Path.of("infra/registry");
    Map<Path, String> out = new LinkedHashMap<>();
    out.put(dir.resolve("demo.yaml"), registry(false));
    out.put(dir.resolve("demo-slope.yaml"), registry(true));
    int differ = 0;
    for (Map.Entry<Path, String> e : out.entrySet()) {
      if (check) {
        if (!Files.exists(e.getKey()) || !Files.readString(e.getKey()).equals(e.getValue())) {
          System.err.println(e.getKey() + " differs from infra/registry/DemoCounty.java: run it to rewrite the file");
          differ++;
        }
      } else {
        Files.writeString(e.getKey(), e.getValue());
        System.out.println("wrote " + e.getKey());
      }
    }
    System.exit(differ == 0 ? 0 : 1);
  }

  static String registry(boolean slope) {
    StringBuilder y = new StringBuilder();
    y.append("# Written by infra/registry/DemoCounty.java (java infra/registry/DemoCounty.java): change the tables there,\n");
    y.append("# not this file.\n#\n");
    if (slope) {
      y.append("# The demo county for ./vigil run --scenario slope: Ashgrove County as in demo.yaml, plus two creeping\n");
      y.append("# slopes of the slope scenario (hawthorn-ridge, hawthorn-ridge-north) heading for failure.\n");
    } else {
      y.append("# The demo county for ./vigil run (storm and calm scenarios): Ashgrove County, 4 townships, 16 villages and\n");
      y.append("# communities, 30 sites (landslides, debris-flow gullies, river gauges, a levee, a scenic gorge trail) and\n");
      y.append("# their devices. The device simulator reads this file and publishes for every device in it; the storm hits\n");
      y.append("# five sites of Cloudridge Township.\n");
    }
    y.append("# The job reads it at start (VIGIL_REGISTRY_FILE; problems are reported with their line) and takes newer versions\n");
    y.append("# (with a higher `version:`) published retained on vigil/config/registry/<identity> while it runs. Names,\n");
    y.append("# administrative codes and places are made up; coordinates are WGS 84 (lon, lat), boundaries GeoJSON.\n");
    y.append("author: vigil\n");
    y.append("comment: \"").append(slope ? "the slope demo (--scenario slope): Ashgrove County and its creeping ridge"
        : "the storm demo: Ashgrove County, the storm over Cloudridge Township").append("\"\n\n");
    y.append("# A registered device silent for 3 reporting intervals raises a yellow no-data alert.\n");
    y.append("noData: {factor: 3, level: yellow}\n\n");

    y.append("regions:\n");
    y.append("  - id: ").append(COUNTY).append("\n    name: Ashgrove County\n    level: county\n    code: \"990100\"\n");
    y.append(boundary(perimeter(0, 0, COLS, ROWS)));
    for (Township t : TOWNSHIPS) {
      y.append("\n  - id: ").append(t.id).append("\n    name: ").append(t.name).append("\n    level: township\n")
          .append("    parent: ").append(COUNTY).append("\n    code: \"").append(t.code).append("\"\n");
      y.append(boundary(perimeter(t.col, t.row, 2, 2)));
      int n = 1;
      for (Village v : VILLAGES) {
        if (!v.township.equals(t.id)) {
          continue;
        }
        y.append("  - id: ").append(v.id).append("\n    name: ").append(v.name).append("\n    level: ")
            .append(v.level).append("\n    parent: ").append(t.id).append("\n    code: \"").append(t.code)
            .append(String.format(Locale.ROOT, "%03d", 200 + n++)).append("\"\n");
        y.append(boundary(perimeter(v.col, v.row, 1, 1)));
      }
    }

    y.append("\n# Each site: where it is, whom and what it threatens, and its devices (a report every 10 s, the simulator's\n");
    y.append("# default). Landslides: 2 rain gauges, GNSS, tiltmeter, crack meter, piezometer; debris-flow gullies: 2 rain\n");
    y.append("# gauges, a flow-level gauge at the fan, a piezometer on the source slope; river gauges: 2 level gauges and a\n");
    y.append("# rain gauge; the levee: a level gauge and 2 piezometers in the embankment; the gorge trail (tagged tourist for\n");
    y.append("# the ruleset's holiday mode): rockfall sensors and a camera at the gate (a frame at least every second).\n");
    y.append("sites:\n");
    List<Site> sites = new ArrayList<>(SITES);
    if (slope) {
      sites.addAll(SLOPE_SITES);
    }
    for (Site s : sites) {
      Village v = village(s.village);
      double[] p = inCell(v.col, v.row, s.u, s.v);
      y.append("  - id: ").append(s.id).append("\n    name: ").append(s.name).append("\n    region: ").append(v.id)
          .append(s.kind == Kind.TOURIST ? "\n    tags: [tourist]" : "")
          .append("\n    location: {lat: ").append(f4(p[1])).append(", lon: ").append(f4(p[0]))
          .append(", elevation: ").append(s.elevation).append("}\n    threatens:\n");
      for (String th : s.threatens) {
        String[] part = th.split("\\|");
        y.append("      - {what: ").append(part[0]).append(", kind: ").append(part[1])
            .append(part.length > 2 ? ", count: " + part[2] : "").append("}\n");
      }
      y.append("    devices:\n");
      int i = 0;
      for (String d : s.kind.devices) {
        String[] kd = d.split(":");
        // Devices spread over about 100 x 50 m of the site, in steps of about 50 m.
        double lat = p[1] + 0.0005 * (i % 3) - 0.0005;
        double lon = p[0] + 0.0005 * (i / 3) - 0.0003;
        boolean deep = kd[0].equals("tilt") || kd[0].equals("pore");
        y.append("      - {id: ").append(kd[1]).append(", kind: ").append(kd[0]).append(", interval: ")
            .append(kd[0].equals("camera") ? "1s" : "10s").append(", installed: ")
            .append(s.installed).append(", position: {lat: ").append(f4(lat)).append(", lon: ").append(f4(lon))
            .append(deep ? ", depth: " + (kd[0].equals("tilt") ? 12 : 8) : "").append("}}\n");
        i++;
      }
    }

    y.append("\n# The emergency-broadcast network's loudspeakers, two in every village and community and one at every township\n");
    y.append("# office: a red warning reaches its village's and its township's, an orange one its village's\n");
    y.append("# (VIGIL_BROADCAST_REACH). `./vigil run` serves these URLs itself (--loudspeaker-port, 18093) with controllers\n");
    y.append("# that verify each request's signature and answer after 50-300 ms; the status line counts what they confirmed.\n");
    y.append("# Languages: zh-CN, en-US at the scenic gorge; `voice: repeat` says it twice, for noisy places.\n");
    y.append("loudspeakers:\n");
    for (Township t : TOWNSHIPS) {
      String office = t.id.replace("-township", "") + "-office";
      y.append(loudspeaker("ls-" + office, t.id, "zh-CN", "brief"));
      for (Village v : VILLAGES) {
        if (!v.township.equals(t.id)) {
          continue;
        }
        y.append(loudspeaker("ls-" + v.id + "-1", v.id, "zh-CN", null));
        boolean gorge = v.id.equals("lantern-pass");
        y.append(loudspeaker("ls-" + v.id + "-2", v.id, gorge ? "en-US" : "zh-CN", gorge ? null : "repeat"));
      }
    }
    return y.toString();
  }

  static String loudspeaker(String id, String region, String language, String voice) {
    return "  - {id: " + id + ", region: " + region + ", url: \"http://127.0.0.1:" + PORT + "/ls/" + id
        + "\", language: " + language + (voice == null ? "" : ", voice: " + voice) + "}\n";
  }

  static Village village(String id) {
    return VILLAGES.stream().filter(v -> v.id.equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no village " + id));
  }

  // --- geometry: a grid of (COLS + 1) x (ROWS + 1) corners, bent a little, with a bent midpoint on every edge

  /** Corner (i, j) of the grid, i west to east, j south to north: moved by up to 0.02° (borders stay on their side). */
  static double[] corner(int i, int j) {
    double lon = WEST + (EAST - WEST) * i / COLS;
    double lat = SOUTH + (NORTH - SOUTH) * j / ROWS;
    return new double[] {lon + 0.02 * wobble(i, j, 1), lat + 0.015 * wobble(i, j, 2)};
  }

  /** The midpoint of the edge from corner a to corner b, pushed sideways by up to 0.012°: shared by both cells. */
  static double[] midpoint(int i1, int j1, int i2, int j2) {
    double[] a = corner(i1, j1), b = corner(i2, j2);
    double push = 0.012 * wobble(Math.min(i1, i2) * 31 + Math.max(i1, i2), Math.min(j1, j2) * 31 + Math.max(j1, j2),
        i1 == i2 ? 3 : 4);
    // Sideways: along lon for a north-south edge, along lat for an east-west one.
    return i1 == i2 ? new double[] {(a[0] + b[0]) / 2 + push, (a[1] + b[1]) / 2}
        : new double[] {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2 + push * 0.7};
  }

  /** A repeatable number in [-1, 1] for a grid point. */
  static double wobble(int i, int j, int salt) {
    long h = 0x9E3779B97F4A7C15L * (i * 1_000_003L + j * 7919L + salt * 104_729L + 12345);
    h ^= h >>> 29;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 32;
    return ((h >>> 11) * 0x1.0p-53) * 2 - 1;
  }

  /**
   * The outline of the w x h block of cells whose south-west cell is (c, r), counterclockwise from its south-west
   * corner (RFC 7946's exterior rings), a bent midpoint between each two corners; closed.
   */
  static List<double[]> perimeter(int c, int r, int w, int h) {
    List<int[]> corners = new ArrayList<>();
    for (int i = c; i < c + w; i++) {
      corners.add(new int[] {i, r});
    }
    for (int j = r; j < r + h; j++) {
      corners.add(new int[] {c + w, j});
    }
    for (int i = c + w; i > c; i--) {
      corners.add(new int[] {i, r + h});
    }
    for (int j = r + h; j > r; j--) {
      corners.add(new int[] {c, j});
    }
    List<double[]> ring = new ArrayList<>();
    for (int k = 0; k < corners.size(); k++) {
      int[] a = corners.get(k), b = corners.get((k + 1) % corners.size());
      ring.add(corner(a[0], a[1]));
      ring.add(midpoint(a[0], a[1], b[0], b[1]));
    }
    ring.add(ring.get(0));
    return ring;
  }

  /** The point at fraction (u, v) of cell (c, r), between its bent corners. */
  static double[] inCell(int c, int r, double u, double v) {
    double[] sw = corner(c, r), se = corner(c + 1, r), nw = corner(c, r + 1), ne = corner(c + 1, r + 1);
    double lon = (1 - v) * ((1 - u) * sw[0] + u * se[0]) + v * ((1 - u) * nw[0] + u * ne[0]);
    double lat = (1 - v) * ((1 - u) * sw[1] + u * se[1]) + v * ((1 - u) * nw[1] + u * ne[1]);
    return new double[] {lon, lat};
  }

  static String boundary(List<double[]> ring) {
    StringBuilder b = new StringBuilder("    boundary:\n      type: Polygon\n      coordinates: [[");
    for (int k = 0; k < ring.size(); k++) {
      b.append(k == 0 ? "" : k % 6 == 0 ? ",\n          " : ", ")
          .append("[").append(f4(ring.get(k)[0])).append(", ").append(f4(ring.get(k)[1])).append("]");
    }
    return b.append("]]\n").toString();
  }

  static String f4(double d) {
    return String.format(Locale.ROOT, "%.4f", d);
  }
}
