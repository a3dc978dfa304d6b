package org.vigil.alerts.rules;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.vigil.core.HazardMetrics;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and checks one rule of a rule file; problems go to the {@link NodeReader}. */
final class RuleParser {

  static final List<String> RULE_FIELDS = List.of("id", "description", "scope", "metric", "condition", "levels",
      "level", "pending", "keepFiring", "deadman", "explain", "autoResolveAfter");
  static final List<String> SCOPE_FIELDS = List.of("sites", "kinds", "sensors", "cameras", "zones", "lines");
  static final List<String> CONDITION_FIELDS = List.of("type", "direction", "window", "curve", "alpha", "beta",
      "minDuration", "maxDuration", "minR2", "after", "when", "all", "any", "recent", "antecedent", "intercept",
      "slope", "unit", "count", "reportInterval", "storm", "strict", "baseline", "minSamples", "k", "sdFloor",
      "minChange", "minFraction", "energyFactor", "minEnergy");
  static final List<String> PART_FIELDS = List.of("metric", "kinds", "above", "below");
  /** Default tangent-angle levels: Xu et al. (2009) 45/80/85 degrees, clear 40/78/83 (today's defaults). */
  static final List<LevelBand> XU_2009 = List.of(new LevelBand(Level.YELLOW, 45, 40),
      new LevelBand(Level.ORANGE, 80, 78), new LevelBand(Level.RED, 85, 83));
  private static final Pattern ID = Pattern.compile("[a-z0-9-]+");
  /** The raw field of a rain report: the rain of its interval, mm. */
  static final String RAIN_MM = "rain_mm";

  private final NodeReader r;
  private final Inventory inventory;

  RuleParser(NodeReader r, Inventory inventory) {
    this.r = r;
    this.inventory = inventory;
  }

  /** The rule, or null when it has problems (all of them reported). */
  RuleDef parse(Node node) {
    int before = r.problems().size();
    String peek = RuleSetLoader.idOf(node);
    Map<String, Node> f = r.mapping(node, peek == null ? "rule" : "rule " + peek, RULE_FIELDS);
    if (f == null) {
      return null;
    }
    String id = null;
    Node idNode = r.required(f, "id", node, "rule");
    if (idNode != null) {
      id = r.string(idNode, "id");
      if (id != null && !ID.matcher(id).matches()) {
        r.problem(idNode, "rule id '" + id + "' may only hold lower-case letters, digits and '-'");
      } else if (HealthAlerts.RESERVED_RULE_IDS.contains(id)) {
        r.problem(idNode, "rule id '" + id + "' is reserved for the job's own alerts (" + HealthAlerts.NO_DATA_RULE
            + ": the registry's no-data watch of a silent device): give the rule another id");
      }
    }
    String what = id == null ? "rule" : "rule " + id;
    String description = f.containsKey("description") ? r.string(f.get("description"), "description") : "";
    Scope scope = f.containsKey("scope") ? scope(f.get("scope"), what) : Scope.ALL;
    Node condNode = r.required(f, "condition", node, what);
    Map<String, Node> cf = condNode == null ? null : r.mapping(condNode, what + ": condition", CONDITION_FIELDS);
    String type = null;
    if (cf != null) {
      Node typeNode = r.required(cf, "type", condNode, what + ": condition");
      type = typeNode == null ? null : r.string(typeNode, "condition type");
      if (type != null && !Condition.TYPES.contains(type)) {
        r.problem(typeNode, what + ": unknown condition type '" + type + "'"
            + NodeReader.suggest(type, Condition.TYPES, "known types"));
        type = null;
      }
    }
    String metric = metric(f, type, scope, node, what);
    Condition condition = type == null ? null : condition(type, cf, condNode, scope, what);
    boolean hoursLevels = "forecast_within".equals(type) || "deadman".equals(type);
    boolean letters = type != null && type.equals("crowd") && CrowdMetrics.LEVEL_OF_SERVICE.equals(metric);
    List<LevelBand> levels = levels(f, cf, type, condition, node, what, hoursLevels, letters);
    Duration pending = f.containsKey("pending") ? r.duration(f.get("pending"), what + ": pending") : Duration.ZERO;
    Duration keepFiring =
        f.containsKey("keepFiring") ? r.duration(f.get("keepFiring"), what + ": keepFiring") : Duration.ZERO;
    if ("deadman".equals(type) && pending != null && !pending.isZero()) {
      r.problem(f.get("pending"), what + ": pending has no meaning for a deadman condition: make 'after' longer");
    }
    Deadman deadman = f.containsKey("deadman") ? deadman(f.get("deadman"), type, what) : null;
    Duration autoResolve = null;
    if (f.containsKey("autoResolveAfter")) {
      Node ar = f.get("autoResolveAfter");
      autoResolve = r.duration(ar, what + ": autoResolveAfter");
      if (autoResolve != null && autoResolve.isZero()) {
        r.problem(ar, what + ": autoResolveAfter must be longer than zero (leave it out to keep alerts open)");
      } else if ("deadman".equals(type) || "compound".equals(type)) {
        r.problem(ar, what + ": autoResolveAfter makes no sense on a " + type + " condition: "
            + ("deadman".equals(type) ? "its alert is about the silence itself" : "it is judged per site"));
      } else if (f.containsKey("deadman")) {
        r.problem(ar, what + ": autoResolveAfter and the deadman option contradict each other: silence cannot both "
            + "raise the alert and resolve it; keep one");
      }
    }
    List<String> explain = f.containsKey("explain") ? r.stringList(f.get("explain"), what + ": explain") : List.of();
    boolean crowd = type != null && type.startsWith("crowd");
    if (explain != null && f.containsKey("explain")) {
      for (String e : explain) {
        if (crowd) {
          r.problem(f.get("explain"), what + ": explain does not apply to crowd conditions: their alerts carry the "
              + "figures of the zone, line or camera already (people, capacity, area, entries, exits, inflow)");
          break;
        } else if (HazardMetrics.info(e) == null) {
          r.problem(f.get("explain"), what + ": explain names unknown metric '" + e + "'"
              + NodeReader.suggest(e, HazardMetrics.CATALOGUE.keySet(), "metrics"));
        }
      }
    }
    if (crowd) {
      CrowdConditionParser.check(r, f, node, what, type, metric, scope, condition);
    } else if (scope.hasCrowdFields()) {
      r.problem(f.get("scope"), what + ": cameras, zones and lines belong to crowd conditions (crowd, crowd_surge, "
          + "crowd_dispersal, crowd_motion); a " + type + " condition judges sensors: use sites, kinds, sensors");
    }
    if (r.problems().size() > before || condition == null) {
      return null;
    }
    RuleDef rule = new RuleDef(id, description, scope, metric, condition, levels, pending, keepFiring, deadman,
        explain, autoResolve);
    if (inventory != null && !rule.crowd() && !inventory.anyMatch(scope, kindsThatCount(rule))) {
      r.problem(f.containsKey("scope") ? f.get("scope") : node, what + ": scope matches no known sensor (sites "
          + all(scope.sites()) + ", kinds " + all(scope.kinds().stream().map(SensorKind::wireName).toList())
          + ", sensors " + all(scope.sensors()) + "; " + inventory.subjects().size() + " known sensors)");
      return null;
    }
    return rule;
  }

  private Scope scope(Node n, String what) {
    Map<String, Node> s = r.mapping(n, what + ": scope", SCOPE_FIELDS);
    if (s == null) {
      return Scope.ALL;
    }
    List<String> sites = s.containsKey("sites") ? r.stringList(s.get("sites"), what + ": scope sites") : List.of();
    List<String> sensors =
        s.containsKey("sensors") ? r.stringList(s.get("sensors"), what + ": scope sensors") : List.of();
    Set<SensorKind> kinds = s.containsKey("kinds") ? kinds(s.get("kinds"), what + ": scope kinds") : Set.of();
    List<String> cameras =
        s.containsKey("cameras") ? r.stringList(s.get("cameras"), what + ": scope cameras") : List.of();
    List<String> zones = s.containsKey("zones") ? r.stringList(s.get("zones"), what + ": scope zones") : List.of();
    List<String> lines = s.containsKey("lines") ? r.stringList(s.get("lines"), what + ": scope lines") : List.of();
    return new Scope(sites, kinds, sensors, cameras, zones, lines);
  }

  Set<SensorKind> kinds(Node n, String what) {
    List<String> names = r.stringList(n, what);
    Set<SensorKind> kinds = EnumSet.noneOf(SensorKind.class);
    List<String> known = List.of(SensorKind.values()).stream().map(SensorKind::wireName).toList();
    for (String name : names == null ? List.<String>of() : names) {
      SensorKind k = SensorKind.fromWire(name).orElse(null);
      if (k == null) {
        r.problem(n, what + ": unknown sensor kind '" + name + "'" + NodeReader.suggest(name, known, "kinds"));
      } else {
        kinds.add(k);
      }
    }
    return kinds;
  }

  private String metric(Map<String, Node> f, String type, Scope scope, Node node, String what) {
    Node mNode = f.get("metric");
    String given = mNode == null ? null : r.string(mNode, what + ": metric");
    String implied = type == null ? null : switch (type) {
      case "intensity_duration" -> HazardMetrics.RAIN_EVENT_INTENSITY;
      case "recent_antecedent", "running_intensity" -> RAIN_MM;
      case "tangent_angle" -> given == null ? HazardMetrics.TANGENT_ANGLE_LOW : given;
      case "forecast_within" -> HazardMetrics.FORECAST_FAILURE;
      case "deadman", "compound" -> "";
      case "crowd_surge", "crowd_dispersal" -> CrowdMetrics.PEOPLE;
      case "crowd_motion" -> CrowdMetrics.MOTION_ENERGY;
      default -> given;
    };
    if (type == null) {
      if (given != null) {
        checkMetric(given, scope.kinds(), mNode, what);
      }
      return given == null ? "" : given;
    }
    if (implied == null) {
      if (mNode == null) {
        r.problem(node, what + ": missing field 'metric' (a " + type + " condition judges a metric)");
      }
      return "";
    }
    if (mNode != null && given != null && !given.equals(implied)) {
      r.problem(mNode, what + ": a " + type + " condition "
          + (implied.isEmpty() ? "takes no metric" : "always judges " + implied) + "; remove 'metric'");
      return implied;
    }
    if (type.startsWith("crowd")) {
      if (CrowdMetrics.info(implied) == null) {
        List<String> longer = CrowdMetrics.CATALOGUE.keySet().stream().filter(k -> k.startsWith(implied)).toList();
        r.problem(mNode == null ? node : mNode, what + ": unknown crowd figure '" + implied + "'"
            + (longer.isEmpty() || implied.length() < 3
                ? NodeReader.suggest(implied, CrowdMetrics.CATALOGUE.keySet(), "crowd figures")
                : "; did you mean " + String.join(", ", longer) + "?")
            + (HazardMetrics.info(implied) != null ? " (" + implied + " is a sensor metric: use a threshold condition)"
            : ""));
      }
      return implied;
    }
    if (!implied.isEmpty()) {
      checkMetric(implied, scope.kinds(), mNode == null ? node : mNode, what);
    }
    return implied;
  }

  /** Reports an unknown metric, or scope kinds that do not produce it. */
  void checkMetric(String metric, Set<SensorKind> kinds, Node at, String what) {
    HazardMetrics.Info info = HazardMetrics.info(metric);
    if (info == null) {
      r.problem(at, what + ": unknown metric '" + metric + "'"
          + NodeReader.suggest(metric, HazardMetrics.CATALOGUE.keySet(), "metrics"));
      return;
    }
    for (SensorKind k : kinds) {
      if (!info.kinds().contains(k)) {
        r.problem(at, what + ": metric '" + metric + "' is not produced by " + k.wireName()
            + " sensors (it comes from " + names(info.kinds()) + " sensors)");
      }
    }
  }

  private Condition condition(String type, Map<String, Node> cf, Node at, Scope scope, String what) {
    String w = what + ": " + type;
    Set<String> allowed = switch (type) {
      case "threshold" -> Set.of("direction");
      case "rate_of_change" -> Set.of("window", "direction");
      case "intensity_duration" -> Set.of("curve", "alpha", "beta", "minDuration", "maxDuration", "unit", "count",
          "reportInterval", "storm", "strict");
      case "recent_antecedent" -> Set.of("recent", "antecedent", "intercept", "slope", "unit", "count",
          "reportInterval", "strict");
      case "running_intensity" -> Set.of("window", "unit", "count", "reportInterval", "storm", "strict");
      case "forecast_within" -> Set.of("minR2");
      case "deadman" -> Set.of("after");
      case "compound" -> Set.of("window", "when", "all", "any");
      case "crowd" -> Set.of("recent", "window", "direction");
      case "crowd_surge" -> Set.of("recent", "baseline", "minSamples", "k", "sdFloor", "minChange");
      case "crowd_dispersal" -> Set.of("recent", "baseline", "minSamples", "k", "sdFloor", "minChange", "minFraction",
          "energyFactor", "minEnergy");
      case "crowd_motion" -> Set.of("recent", "baseline", "minSamples", "k", "sdFloor", "minEnergy");
      default -> Set.of();
    };
    for (Map.Entry<String, Node> e : cf.entrySet()) {
      if (!e.getKey().equals("type") && !allowed.contains(e.getKey())) {
        r.problem(e.getValue(), w + ": '" + e.getKey() + "' does not apply to this condition type"
            + (allowed.isEmpty() ? "" : " (it takes " + String.join(", ", new TreeSet<>(allowed)) + ")"));
      }
    }
    switch (type) {
      case "threshold":
        return new Condition.Threshold(direction(cf, w));
      case "rate_of_change": {
        Node win = r.required(cf, "window", at, w);
        Duration d = win == null ? null : r.duration(win, w + ": window");
        if (d != null && d.isZero()) {
          r.problem(win, w + ": window must be longer than zero");
        }
        return d == null ? null : new Condition.RateOfChange(d, direction(cf, w));
      }
      case "intensity_duration":
        return intensityDuration(cf, at, w);
      case "recent_antecedent":
        return RainConditionParser.recentAntecedent(r, cf, at, w);
      case "running_intensity":
        return RainConditionParser.runningIntensity(r, cf, at, w);
      case "tangent_angle":
        return new Condition.TangentAngle();
      case "forecast_within": {
        Double r2 = cf.containsKey("minR2") ? r.number(cf.get("minR2"), w + ": minR2") : 0.8;
        if (r2 != null && (r2 < 0 || r2 > 1)) {
          r.problem(cf.get("minR2"), w + ": minR2 is a fit quality between 0 and 1, not " + r2);
        }
        return r2 == null ? null : new Condition.ForecastWithin(r2);
      }
      case "deadman":
        return new Condition.NoData();
      case "crowd", "crowd_surge", "crowd_dispersal", "crowd_motion":
        return CrowdConditionParser.parse(r, type, cf, at, w);
      default:
        return CompoundParser.parse(this, r, cf, at, scope, w);
    }
  }

  private Direction direction(Map<String, Node> cf, String what) {
    if (!cf.containsKey("direction")) {
      return Direction.ABOVE;
    }
    String d = r.string(cf.get("direction"), what + ": direction");
    if ("above".equals(d)) {
      return Direction.ABOVE;
    }
    if ("below".equals(d)) {
      return Direction.BELOW;
    }
    r.problem(cf.get("direction"), what + ": direction must be 'above' or 'below', not '" + d + "'");
    return Direction.ABOVE;
  }

  private Condition intensityDuration(Map<String, Node> cf, Node at, String w) {
    Node curveNode = r.required(cf, "curve", at, w);
    String curve = curveNode == null ? null : r.string(curveNode, w + ": curve");
    if (curve == null) {
      return null;
    }
    Condition.IntensityDuration builtin = Condition.IntensityDuration.builtin(curve);
    if (builtin != null) {
      for (String k : List.of("alpha", "beta")) {
        if (cf.containsKey(k)) {
          r.problem(cf.get(k), w + ": " + k + " is fixed by the built-in curve " + curve + "; use curve: custom");
        }
      }
    } else if (!curve.equals("custom")) {
      r.problem(curveNode, w + ": unknown curve '" + curve + "' (built in: caine1980, guzzetti2008; or custom with "
          + "alpha and beta)");
      return null;
    }
    double alpha = builtin != null ? builtin.alpha() : positive(cf, "alpha", at, w);
    double beta = builtin != null ? builtin.beta() : positive(cf, "beta", at, w);
    double min = builtin != null ? builtin.minDurationH() : 0;
    double max = builtin != null ? builtin.maxDurationH() : Double.MAX_VALUE;
    if (cf.containsKey("minDuration")) {
      Duration d = r.duration(cf.get("minDuration"), w + ": minDuration");
      min = d == null ? min : d.toMillis() / 3_600_000.0;
    }
    if (cf.containsKey("maxDuration")) {
      Duration d = r.duration(cf.get("maxDuration"), w + ": maxDuration");
      max = d == null ? max : d.toMillis() / 3_600_000.0;
    }
    if (min >= max) {
      r.problem(cf.containsKey("maxDuration") ? cf.get("maxDuration") : at,
          w + ": minDuration must be shorter than maxDuration");
    }
    Condition.RainSeries series = null;
    if (RainConditionParser.SERIES_FIELDS.stream().anyMatch(cf::containsKey)) {
      if (!cf.containsKey("storm")) {
        r.problem(at, w + ": " + String.join(", ", RainConditionParser.SERIES_FIELDS.stream()
            .filter(cf::containsKey).toList()) + " apply only with a storm (storm: {endsAfter: 3h} or "
            + "{endsAfter: 3 reports}); without one the job's rain events are judged, in mm");
        return null;
      }
      series = RainConditionParser.series(r, cf, at, w, true);
      if (series == null) {
        return null;
      }
      if (builtin != null) { // the built-in curves are in mm/h
        alpha = series.unit().fromMm(alpha);
      }
    }
    return Double.isNaN(alpha) || Double.isNaN(beta) ? null
        : new Condition.IntensityDuration(curve, alpha, beta, min, max, series);
  }

  private double positive(Map<String, Node> cf, String key, Node at, String w) {
    Node n = r.required(cf, key, at, w + " (curve: custom)");
    Double v = n == null ? null : r.number(n, w + ": " + key);
    if (v != null && v <= 0) {
      r.problem(n, w + ": " + key + " must be above zero");
      return Double.NaN;
    }
    return v == null ? Double.NaN : v;
  }

  private List<LevelBand> levels(Map<String, Node> f, Map<String, Node> cf, String type, Condition condition,
      Node node, String what, boolean hours, boolean letters) {
    if ("compound".equals(type) || ("deadman".equals(type) && cf != null && cf.containsKey("after"))) {
      if (f.containsKey("levels")) {
        r.problem(f.get("levels"), what + ": a " + type + " condition takes one level: write level: orange");
        return List.of();
      }
      Node lv = r.required(f, "level", node, what);
      Level level = lv == null ? null : level(lv, what);
      if (level == null) {
        return List.of();
      }
      double raise = 1;
      if ("deadman".equals(type)) {
        Duration after = r.duration(cf.get("after"), what + ": after");
        if (after == null || after.isZero()) {
          if (after != null) {
            r.problem(cf.get("after"), what + ": after must be longer than zero");
          }
          return List.of();
        }
        raise = after.toMillis() / 3_600_000.0;
      }
      return List.of(new LevelBand(level, raise, raise));
    }
    if (f.containsKey("level")) {
      r.problem(f.get("level"), what + ": 'level' is for compound and deadman (with after) conditions; use levels");
    }
    if ("tangent_angle".equals(type) && !f.containsKey("levels")) {
      return XU_2009;
    }
    Node ln = r.required(f, "levels", node, what);
    if (ln == null || type == null) {
      return List.of();
    }
    return LevelsParser.parse(r, ln, what, hours, letters,
        condition == null ? Direction.ABOVE : condition.direction());
  }

  private Level level(Node n, String what) {
    String s = r.string(n, what + ": level");
    try {
      Level l = s == null ? null : Level.fromWire(s);
      if (l == Level.NONE) {
        r.problem(n, what + ": level must be blue, yellow, orange or red");
        return null;
      }
      return l;
    } catch (IllegalArgumentException e) {
      r.problem(n, what + ": " + e.getMessage());
      return null;
    }
  }

  private Deadman deadman(Node n, String type, String what) {
    if ("deadman".equals(type)) {
      r.problem(n, what + ": the deadman option makes no sense on a deadman condition");
      return null;
    }
    Map<String, Node> d = r.mapping(n, what + ": deadman", List.of("after", "level"));
    if (d == null) {
      return null;
    }
    Node after = r.required(d, "after", n, what + ": deadman");
    Node lv = r.required(d, "level", n, what + ": deadman");
    Duration a = after == null ? null : r.duration(after, what + ": deadman after");
    Level l = lv == null ? null : level(lv, what + ": deadman");
    if (a != null && a.isZero()) {
      r.problem(after, what + ": deadman after must be longer than zero");
      return null;
    }
    return a == null || l == null ? null : new Deadman(a, l);
  }

  /** Sensor kinds whose readings the rule can judge (for the inventory check); empty: any. */
  private static Set<SensorKind> kindsThatCount(RuleDef rule) {
    Set<SensorKind> kinds = new HashSet<>();
    if (rule.condition() instanceof Condition.Compound c) {
      c.parts().forEach(p -> kinds.addAll(p.kinds().isEmpty()
          ? HazardMetrics.info(p.metric()).kinds() : p.kinds()));
    } else if (!rule.metric().isEmpty()) {
      kinds.addAll(HazardMetrics.info(rule.metric()).kinds());
    }
    if (!rule.scope().kinds().isEmpty()) {
      if (kinds.isEmpty()) {
        return rule.scope().kinds();
      }
      kinds.retainAll(rule.scope().kinds());
      if (kinds.isEmpty()) {
        return EnumSet.noneOf(SensorKind.class);
      }
    }
    return kinds;
  }

  static String names(Set<SensorKind> kinds) {
    Set<String> s = new LinkedHashSet<>();
    EnumSet.copyOf(kinds).forEach(k -> s.add(k.wireName()));
    return String.join(", ", s);
  }

  private static String all(List<String> l) {
    return l.isEmpty() ? "*" : l.toString();
  }
}
