package org.vigil.registry;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.HealthAlerts;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.core.Level;
import org.vigil.alerts.rules.NodeReader;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.VoiceTemplate;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the registry of regions, sites and devices from YAML and validates it, reporting every problem at once as
 * {@code file:line:column: message} ({@link RegistryInvalidException}), as the ruleset's loader does. Checked: the
 * structure (unknown, missing, duplicated and wrongly typed fields), ids (unique regions, sites and devices per
 * site and kind), the region tree (every township and village has a parent one level above it, no cycles, at least
 * one county), boundaries (GeoJSON Polygon or MultiPolygon), that every site lies in a known region, locations,
 * device kinds, reporting intervals and installation dates, the no-data policy, and the loudspeakers (unique ids,
 * known regions, http(s) URLs, language tags, voice templates).
 */
public final class RegistryLoader {

  static final List<String> TOP_FIELDS = List.of("version", "author", "comment", "noData", "regions", "sites",
      "loudspeakers");
  static final List<String> REGION_FIELDS = List.of("id", "name", "level", "parent", "code", "boundary");
  static final List<String> SITE_FIELDS = List.of("id", "name", "region", "location", "threatens", "devices",
      "tags");
  static final List<String> DEVICE_FIELDS = List.of("id", "kind", "position", "interval", "installed");
  static final List<String> LOUDSPEAKER_FIELDS = List.of("id", "region", "url", "language", "voice");
  private static final String LANGUAGE_TAG = "[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*";
  private static final String REGION_ID = "[a-z0-9][a-z0-9-]*";
  private static final String TOPIC_LEVEL = "[A-Za-z0-9_-]+";

  private RegistryLoader() {}

  /**
   * Parses and validates.
   *
   * @param fileName how problems name the file
   * @throws RegistryInvalidException with every problem found
   */
  public static Registry parse(String yaml, String fileName) {
    YamlNodes r = new YamlNodes(fileName);
    Node root;
    try {
      root = new Yaml(NodeReader.loaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      r.problem(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
          "not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
      throw new RegistryInvalidException(r.problems());
    } catch (YAMLException e) {
      r.problem(0, 0, "not valid YAML: " + e.getMessage());
      throw new RegistryInvalidException(r.problems());
    }
    if (root == null) {
      r.problem(1, 1, "the file is empty: a registry needs 'regions:' and 'sites:'");
      throw new RegistryInvalidException(r.problems());
    }
    Map<String, Node> top = r.mapping(root, "registry", TOP_FIELDS);
    if (top == null) {
      throw new RegistryInvalidException(r.problems());
    }
    Long version = null;
    String v = r.field(top, "version", root, "registry", false);
    if (v != null) {
      if (v.strip().matches("[1-9][0-9]{0,15}") && Long.parseLong(v.strip()) <= RuleSetLoader.MAX_VERSION) {
        version = Long.parseLong(v.strip());
      } else {
        r.problem(top.get("version"), "version must be a whole number from 1 to " + RuleSetLoader.MAX_VERSION
            + ", not '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
      }
    }
    String author = r.field(top, "author", root, "registry", false);
    String comment = r.field(top, "comment", root, "registry", false);
    NoDataPolicy noData = top.containsKey("noData") ? noData(top.get("noData"), r) : NoDataPolicy.DEFAULT;
    Map<String, Node> regionNodes = new LinkedHashMap<>();
    List<Region> regions = regions(r.required(top, "regions", root), r, regionNodes);
    List<Site> sites = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    Node sitesNode = r.required(top, "sites", root);
    if (sitesNode != null) {
      sites(sitesNode, r, regionNodes.keySet(), sites, devices);
    }
    List<Loudspeaker> loudspeakers = top.containsKey("loudspeakers")
        ? loudspeakers(top.get("loudspeakers"), r, regionNodes.keySet()) : List.of();
    if (!r.problems().isEmpty()) {
      throw new RegistryInvalidException(r.problems());
    }
    return new Registry(version, author, comment, noData == null ? NoDataPolicy.DEFAULT : noData, regions, sites,
        devices, loudspeakers);
  }

  private static NoDataPolicy noData(Node n, YamlNodes r) {
    Map<String, Node> m = r.mapping(n, "noData", List.of("factor", "level"));
    if (m == null) {
      return null;
    }
    Double factor = m.containsKey("factor") ? r.number(m.get("factor"), "noData factor", 1, 1000)
        : NoDataPolicy.DEFAULT.factor();
    Level level = NoDataPolicy.DEFAULT.level();
    String l = r.field(m, "level", n, "noData", false);
    if (l != null) {
      try {
        level = Level.fromWire(l.strip());
        if (level == Level.NONE) {
          r.problem(m.get("level"), "noData level must be blue, yellow, orange or red, not none");
        }
      } catch (IllegalArgumentException e) {
        r.problem(m.get("level"), "noData " + e.getMessage());
      }
    }
    return factor == null ? null : new NoDataPolicy(factor, level);
  }

  private static List<Region> regions(Node n, YamlNodes r, Map<String, Node> nodes) {
    List<Region> out = new ArrayList<>();
    List<Node> items = n == null ? null : r.list(n, "regions");
    if (items == null) {
      return out;
    }
    Map<String, Region> byId = new LinkedHashMap<>();
    for (Node item : items) {
      Map<String, Node> f = r.mapping(item, "region", REGION_FIELDS);
      if (f == null) {
        continue;
      }
      String id = r.id(f, "id", item, "region", REGION_ID, "lower-case letters, digits and '-'");
      String what = "region '" + (id == null ? "?" : id) + "'";
      String name = r.field(f, "name", item, what, false);
      String levelText = r.field(f, "level", item, what, true);
      RegionLevel level = levelText == null ? null : RegionLevel.fromWire(levelText).orElse(null);
      if (levelText != null && level == null) {
        r.problem(f.get("level"), what + ": level must be county, township or village (community), not '"
            + levelText + "'");
      }
      String parent = r.field(f, "parent", item, what, false);
      String code = r.field(f, "code", item, what, false);
      String boundary = f.containsKey("boundary") ? GeoJson.read(f.get("boundary"), r, what + " boundary") : null;
      if (id == null || level == null) {
        continue;
      }
      if (byId.containsKey(id)) {
        r.problem(item, "region id '" + id + "' is used twice (first at line " + YamlNodes.line(nodes.get(id))
            + "): ids must be unique");
        continue;
      }
      if (level == RegionLevel.COUNTY && parent != null) {
        r.problem(f.get("parent"), what + ": a county is the top of the tree and has no parent");
        parent = null;
      } else if (level != RegionLevel.COUNTY && parent == null) {
        r.problem(item, what + ": a " + level.wireName() + " needs a parent (the "
            + RegionLevel.values()[level.ordinal() - 1].wireName() + " it belongs to)");
      }
      Region region = new Region(id, name, level, parent, code, boundary);
      byId.put(id, region);
      nodes.put(id, item);
      out.add(region);
    }
    // Parents: known, no cycles, one level above.
    Set<String> inCycle = new LinkedHashSet<>();
    for (Region region : out) {
      if (inCycle.contains(region.id())) {
        continue;
      }
      List<String> path = new ArrayList<>();
      Region at = region;
      while (at != null && !at.parent().isEmpty() && !path.contains(at.id())) {
        path.add(at.id());
        at = byId.get(at.parent());
      }
      if (at != null && path.contains(at.id())) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at.id()), path.size()));
        cycle.add(at.id());
        inCycle.addAll(cycle);
        r.problem(nodes.get(at.id()), "regions form a cycle: " + String.join(" -> ", cycle)
            + " (each region's parent must lead up to a county)");
      }
    }
    for (Region region : out) {
      if (region.parent().isEmpty() || inCycle.contains(region.id())) {
        continue;
      }
      Region parent = byId.get(region.parent());
      Node at = nodes.get(region.id());
      if (parent == null) {
        r.problem(at, "region '" + region.id() + "': parent '" + region.parent() + "' is not a region of this file"
            + suggest(region.parent(), byId.keySet()));
      } else if (parent.level().ordinal() != region.level().ordinal() - 1) {
        r.problem(at, "region '" + region.id() + "': a " + region.level().wireName() + " belongs to a "
            + RegionLevel.values()[region.level().ordinal() - 1].wireName() + ", but '" + parent.id() + "' is a "
            + parent.level().wireName());
      }
    }
    if (n != null && out.stream().noneMatch(x -> x.level() == RegionLevel.COUNTY)
        && r.problems().isEmpty()) {
      r.problem(n, "regions: at least one county is needed, the top of the tree");
    }
    return out;
  }

  /** A site's {@code tags:}: a list of words of lower-case letters, digits and '-' (e.g. {@code [tourist]}). */
  private static List<String> tags(Node n, YamlNodes r, String what) {
    List<Node> items = r.list(n, what + " tags");
    List<String> out = new ArrayList<>();
    for (Node item : items == null ? List.<Node>of() : items) {
      String t = item instanceof org.yaml.snakeyaml.nodes.ScalarNode s ? s.getValue().strip() : null;
      if (t == null || !t.matches("[a-z0-9][a-z0-9-]{0,39}")) {
        r.problem(item, what + ": a tag is a word of lower-case letters, digits and '-' (up to 40), such as tourist");
      } else if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  private static void sites(Node n, YamlNodes r, Set<String> regions, List<Site> sites, List<Device> devices) {
    List<Node> items = r.list(n, "sites");
    if (items == null) {
      return;
    }
    Map<String, Node> seen = new HashMap<>();
    Map<String, Node> seenDevices = new HashMap<>();
    for (Node item : items) {
      Map<String, Node> f = r.mapping(item, "site", SITE_FIELDS);
      if (f == null) {
        continue;
      }
      String id = r.id(f, "id", item, "site", TOPIC_LEVEL, "letters, digits, '_' and '-' (one topic level)");
      if (id != null && id.startsWith(HealthAlerts.REGION_SITE_PREFIX)) {
        r.problem(f.get("id"), "site id '" + id + "': ids starting with '" + HealthAlerts.REGION_SITE_PREFIX
            + "' are kept for the alerts about a region's device health");
        id = null;
      }
      String what = "site '" + (id == null ? "?" : id) + "'";
      String name = r.field(f, "name", item, what, false);
      String region = r.field(f, "region", item, what, true);
      if (region != null && !regions.contains(region)) {
        r.problem(f.get("region"), what + ": region '" + region + "' is not a region of this file"
            + suggest(region, regions));
      }
      double[] loc = position(f.get("location"), item, r, what + " location", true);
      List<Threat> threats = f.containsKey("threatens") ? threats(f.get("threatens"), r, what) : List.of();
      List<String> tags = f.containsKey("tags") ? tags(f.get("tags"), r, what) : List.of();
      if (id != null && seen.containsKey(id)) {
        r.problem(item, "site id '" + id + "' is used twice (first at line " + YamlNodes.line(seen.get(id))
            + "): ids must be unique");
        continue;
      }
      if (id != null) {
        seen.put(id, item);
      }
      if (f.containsKey("devices") && id != null) {
        List<Node> ds = r.list(f.get("devices"), what + " devices");
        for (Node d : ds == null ? List.<Node>of() : ds) {
          Device device = device(d, id, r, seenDevices);
          if (device != null) {
            devices.add(device);
          }
        }
      }
      if (id != null && region != null && loc != null) {
        sites.add(new Site(id, name, region, loc[0], loc[1], loc[2], threats, tags));
      }
    }
  }

  /**
   * The broadcast network's loudspeakers: a unique id (one topic level: it names the loudspeaker in coverage and
   * history), a known region, an absolute http(s) URL with a host, a language tag and optionally a voice template.
   */
  private static List<Loudspeaker> loudspeakers(Node n, YamlNodes r, Set<String> regions) {
    List<Loudspeaker> out = new ArrayList<>();
    List<Node> items = r.list(n, "loudspeakers");
    Map<String, Node> seen = new HashMap<>();
    for (Node item : items == null ? List.<Node>of() : items) {
      Map<String, Node> f = r.mapping(item, "loudspeaker", LOUDSPEAKER_FIELDS);
      if (f == null) {
        continue;
      }
      String id = r.id(f, "id", item, "loudspeaker", TOPIC_LEVEL, "letters, digits, '_' and '-' (one topic level)");
      String what = "loudspeaker '" + (id == null ? "?" : id) + "'";
      String region = r.field(f, "region", item, what, true);
      boolean ok = id != null && region != null;
      if (region != null && !regions.contains(region)) {
        r.problem(f.get("region"), what + ": region '" + region + "' is not a region of this file"
            + suggest(region, regions));
        ok = false;
      }
      String url = r.field(f, "url", item, what, true);
      URI uri = null;
      if (url != null) {
        try {
          uri = new URI(url.strip());
        } catch (URISyntaxException e) {
          uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null
            || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
          r.problem(f.get("url"), what + ": url '" + url + "' must be an absolute http:// or https:// URL with a host"
              + " (its controller's endpoint)");
          uri = null;
        }
      }
      String language = r.field(f, "language", item, what, true);
      if (language != null && !language.strip().matches(LANGUAGE_TAG)) {
        r.problem(f.get("language"), what + ": language '" + language + "' is not a language tag (RFC 3066, e.g."
            + " zh-CN)");
        language = null;
      }
      String voiceText = r.field(f, "voice", item, what, false);
      VoiceTemplate voice = VoiceTemplate.STANDARD;
      if (voiceText != null) {
        voice = VoiceTemplate.fromWire(voiceText.strip()).orElse(null);
        if (voice == null) {
          r.problem(f.get("voice"), what + ": voice '" + voiceText + "' is not a voice template (standard, brief,"
              + " repeat)");
        }
      }
      if (id != null && seen.containsKey(id)) {
        r.problem(item, "loudspeaker id '" + id + "' is used twice (first at line " + YamlNodes.line(seen.get(id))
            + "): ids must be unique");
        continue;
      }
      if (id != null) {
        seen.put(id, item);
      }
      if (ok && uri != null && language != null && voice != null) {
        out.add(new Loudspeaker(id, region, uri, language.strip(), voice));
      }
    }
    return out;
  }

  private static Device device(Node item, String site, YamlNodes r, Map<String, Node> seen) {
    Map<String, Node> f = r.mapping(item, "device of site '" + site + "'", DEVICE_FIELDS);
    if (f == null) {
      return null;
    }
    String id = r.id(f, "id", item, "device of site '" + site + "'", TOPIC_LEVEL,
        "letters, digits, '_' and '-' (one topic level)");
    String what = "device '" + site + "/" + (id == null ? "?" : id) + "'";
    String kindText = r.field(f, "kind", item, what, true);
    DeviceKind kind = kindText == null ? null : DeviceKind.fromWire(kindText.strip()).orElse(null);
    if (kindText != null && kind == null) {
      List<String> kinds = java.util.Arrays.stream(DeviceKind.values()).map(DeviceKind::wireName).toList();
      r.problem(f.get("kind"), what + ": kind '" + kindText + "' is not a device kind (" + String.join(", ", kinds)
          + ")");
    }
    Node iv = r.required(f, "interval", item, what);
    Duration interval = iv == null ? null : r.duration(iv, what + " interval");
    long installed = Long.MIN_VALUE;
    String inst = r.field(f, "installed", item, what, false);
    if (inst != null) {
      try {
        installed = inst.contains("T") ? Instant.parse(inst.strip()).toEpochMilli()
            : LocalDate.parse(inst.strip()).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        r.problem(f.get("installed"), what + ": installed must be a date (2026-03-01) or a UTC time "
            + "(2026-03-01T08:00:00Z), not '" + inst + "'");
      }
    }
    double[] pos = f.containsKey("position") ? position(f.get("position"), item, r, what + " position", false)
        : new double[] {Double.NaN, Double.NaN, Double.NaN};
    if (id == null || kind == null || interval == null || pos == null) {
      return null;
    }
    Device d = new Device(site, kind, id, pos[0], pos[1], pos[2], interval, installed);
    Node first = seen.putIfAbsent(d.subject(), item);
    if (first != null) {
      r.problem(item, "device '" + d.subject() + "' is listed twice (first at line " + YamlNodes.line(first) + ")");
      return null;
    }
    return d;
  }

  /** lat, lon and elevation (site) or depth (device; NaN when not given), or null (reported). */
  private static double[] position(Node n, Node owner, YamlNodes r, String what, boolean site) {
    if (n == null) {
      r.problem(owner, what + ": missing ({lat: 30.1, lon: 103.2})");
      return null;
    }
    String third = site ? "elevation" : "depth";
    Map<String, Node> m = r.mapping(n, what, List.of("lat", "lon", third));
    if (m == null) {
      return null;
    }
    Node lat = r.required(m, "lat", n, what);
    Node lon = r.required(m, "lon", n, what);
    Double la = lat == null ? null : r.number(lat, what + " lat", -90, 90);
    Double lo = lon == null ? null : r.number(lon, what + " lon", -180, 180);
    Double z = m.containsKey(third) ? r.number(m.get(third), what + " " + third, -12_000, 9_000) : Double.NaN;
    return la == null || lo == null || z == null ? null : new double[] {la, lo, z};
  }

  private static List<Threat> threats(Node n, YamlNodes r, String what) {
    List<Threat> out = new ArrayList<>();
    List<Node> items = r.list(n, what + " threatens");
    for (Node item : items == null ? List.<Node>of() : items) {
      Map<String, Node> f = r.mapping(item, what + " threat", List.of("what", "kind", "count"));
      if (f == null) {
        continue;
      }
      String text = r.field(f, "what", item, what + " threat", true);
      String kind = r.field(f, "kind", item, what + " threat", false);
      int count = -1;
      if (f.containsKey("count")) {
        Double c = r.number(f.get("count"), what + " threat count", 0, 1e9);
        if (c != null && c != Math.rint(c)) {
          r.problem(f.get("count"), what + " threat count must be a whole number, not " + c);
        } else if (c != null) {
          count = (int) Math.round(c);
        }
      }
      if (text != null) {
        out.add(new Threat(text, kind, count));
      }
    }
    return out;
  }

  private static String suggest(String name, Set<String> known) {
    List<String> close = known.stream().filter(k -> distance(name, k) <= Math.max(1, name.length() / 3))
        .sorted(java.util.Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
        .limit(3).toList();
    return close.isEmpty() ? "" : "; did you mean " + String.join(", ", close) + "?";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
