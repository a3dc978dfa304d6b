package org.vigil.alerts.rules;

import java.time.Duration;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the crowd conditions ({@code crowd}, {@code crowd_surge}, {@code crowd_dispersal}, {@code crowd_motion}) and
 * checks what only makes sense for them: a scope of sites, cameras, zones and lines, and no sensor-only options.
 * Defaults are those of the default ruleset ({@code infra/rules/default.yaml}).
 */
final class CrowdConditionParser {

  /** Default recent window: the median of a few frames, not the last one. */
  static final Duration RECENT = Duration.ofSeconds(5);
  /** Default window of rates and of the baseline. */
  static final Duration MINUTE = Duration.ofMinutes(1);
  /** Longest window: crowd series are kept in memory per camera. */
  static final Duration LONGEST = Duration.ofHours(1);

  private CrowdConditionParser() {}

  static Condition parse(NodeReader r, String type, Map<String, Node> cf, Node at, String w) {
    Duration recent = window(r, cf, "recent", RECENT, w);
    if ("crowd".equals(type)) {
      Duration window = window(r, cf, "window", MINUTE, w);
      Direction dir = Direction.ABOVE;
      if (cf.containsKey("direction")) {
        String d = r.string(cf.get("direction"), w + ": direction");
        if ("below".equals(d)) {
          dir = Direction.BELOW;
        } else if (!"above".equals(d)) {
          r.problem(cf.get("direction"), w + ": direction must be 'above' or 'below', not '" + d + "'");
        }
      }
      return recent == null || window == null ? null : new Condition.Crowd(recent, window, dir);
    }
    String kind = type.substring("crowd_".length());
    boolean motion = kind.equals("motion");
    Duration baseline = window(r, cf, "baseline", MINUTE, w);
    Double minSamples = positive(r, cf, "minSamples", 10, w);
    if (minSamples != null && (minSamples < 2 || minSamples != Math.rint(minSamples))) {
      r.problem(cf.get("minSamples"), w + ": minSamples must be a whole number of at least 2");
      minSamples = null;
    }
    Double k = positive(r, cf, "k", motion ? 4 : 3, w);
    Double sdFloor = positive(r, cf, "sdFloor", motion ? 0.5 : 1, w);
    Double minChange = positive(r, cf, "minChange", 5, w);
    Double minFraction = 0.3;
    if (cf.containsKey("minFraction")) {
      minFraction = r.number(cf.get("minFraction"), w + ": minFraction");
      if (minFraction != null && !(minFraction >= 0 && minFraction < 1)) {
        r.problem(cf.get("minFraction"), w + ": minFraction is a share of the baseline mean, from 0 to below 1");
        minFraction = null;
      }
    }
    Double energyFactor = positive(r, cf, "energyFactor", 2, w);
    Double minEnergy = positive(r, cf, "minEnergy", 2, w);
    if (recent == null || baseline == null || minSamples == null || k == null || sdFloor == null
        || minChange == null || minFraction == null || energyFactor == null || minEnergy == null) {
      return null;
    }
    return new Condition.CrowdAnomaly(kind, recent, baseline, minSamples.intValue(), k, sdFloor, minChange,
        minFraction, energyFactor, minEnergy);
  }

  /** Checks a parsed crowd rule's scope and options against its figure. */
  static void check(NodeReader r, Map<String, Node> f, Node node, String what, String type, String metric,
      Scope scope, Condition condition) {
    Node scopeNode = f.containsKey("scope") ? f.get("scope") : node;
    if (!scope.kinds().isEmpty() || !scope.sensors().isEmpty()) {
      r.problem(scopeNode, what + ": a " + type + " condition judges cameras: its scope takes sites, cameras, zones "
          + "and lines, not kinds or sensors");
    }
    CrowdMetrics.Info info = CrowdMetrics.info(metric);
    if (info != null) {
      if (info.target() != CrowdMetrics.Target.ZONE && !scope.zones().isEmpty()) {
        r.problem(scopeNode, what + ": " + metric + " is a figure of each " + info.target().name().toLowerCase(
            java.util.Locale.ROOT) + ", so 'zones' in the scope would never match; remove it");
      }
      if (info.target() != CrowdMetrics.Target.LINE && !scope.lines().isEmpty()) {
        r.problem(scopeNode, what + ": " + metric + " is not a figure of counting lines, so 'lines' in the scope "
            + "would never match; remove it (line figures: line_in_per_min, line_out_per_min)");
      }
      if (CrowdMetrics.MINUTES_TO_CAPACITY.equals(metric) && condition instanceof Condition.Crowd c
          && c.direction() != Direction.BELOW) {
        r.problem(f.containsKey("condition") ? f.get("condition") : node, what + ": minutes_to_capacity is a hazard "
            + "when it falls: write direction: below (levels are minutes, e.g. yellow: 10, orange: 5)");
      }
    }
    for (String opt : new String[] {"deadman", "autoResolveAfter"}) {
      if (f.containsKey(opt)) {
        r.problem(f.get(opt), what + ": " + opt + " does not apply to crowd conditions: they are judged at each "
            + "analysed frame of the camera, and a silent camera's alerts stay as they are");
      }
    }
  }

  private static Duration window(NodeReader r, Map<String, Node> cf, String key, Duration def, String w) {
    if (!cf.containsKey(key)) {
      return def;
    }
    Duration d = r.duration(cf.get(key), w + ": " + key);
    if (d != null && (d.isZero() || d.compareTo(LONGEST) > 0)) {
      r.problem(cf.get(key), w + ": " + key + " must be longer than zero and at most " + LONGEST.toMinutes()
          + " minutes (crowd series are kept in memory per camera)");
      return null;
    }
    return d;
  }

  private static Double positive(NodeReader r, Map<String, Node> cf, String key, double def, String w) {
    if (!cf.containsKey(key)) {
      return def;
    }
    Double v = r.number(cf.get(key), w + ": " + key);
    if (v != null && !(v > 0)) {
      r.problem(cf.get(key), w + ": " + key + " must be above zero, not " + v);
      return null;
    }
    return v;
  }
}
