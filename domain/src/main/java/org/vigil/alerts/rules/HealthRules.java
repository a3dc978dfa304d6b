package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The ruleset's {@code health:} section: rules that judge the device health the job computes per device, site and
 * region ({@link HealthRule}), read and validated here with line numbers like the rest of the ruleset.
 *
 * <pre>{@code
 * health:
 *   - name: region-online
 *     scope: region                  # device, site or region
 *     metric: online_share           # online_share, reports_today_share, reports_month_share, battery_v, rssi_dbm
 *     below: {yellow: 90%, orange: 75%, red: 50%}
 *     hysteresis: 5%                 # optional: ends a level only at its threshold + this (default 5 points)
 *     for: 10m                       # optional: raise only after this long below (default 0)
 * }</pre>
 *
 * @param rules the rules, names unique, in file order
 */
public record HealthRules(List<HealthRule> rules) implements Serializable {

  /** No health rules: what a ruleset without a {@code health:} section has. */
  public static final HealthRules NONE = new HealthRules(List.of());

  /** Fields of one health rule. */
  static final List<String> FIELDS = List.of("name", "description", "scope", "metric", "below", "hysteresis", "for");

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
  private static final List<String> SCOPES = Arrays.stream(HealthRule.Scope.values())
      .map(HealthRule.Scope::wireName).toList();
  private static final List<String> METRICS = Arrays.stream(HealthRule.Metric.values())
      .map(HealthRule.Metric::wireName).toList();
  private static final List<String> LEVELS = List.of("blue", "yellow", "orange", "red");

  public HealthRules {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** The rule called {@code name}. */
  public Optional<HealthRule> rule(String name) {
    return rules.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * What changed from {@code old} to these, rule by rule in file order: {@code region-online added}, {@code
   * site-reports removed}, {@code battery-low: device battery_v below yellow 3.5 V -> device battery_v below yellow
   * 3.4 V}; empty when nothing did.
   */
  public List<String> changesFrom(HealthRules old) {
    HealthRules before = old == null ? NONE : old;
    List<String> out = new ArrayList<>();
    for (HealthRule r : rules) {
      Optional<HealthRule> was = before.rule(r.name());
      if (was.isEmpty()) {
        out.add(r.name() + " added (" + r + ")");
      } else if (!was.get().equals(r)) {
        out.add(r.name() + ": " + was.get() + " -> " + r
            + (Objects.equals(was.get().description(), r.description()) ? "" : " (description changed)"));
      }
    }
    for (HealthRule r : before.rules()) {
      if (rule(r.name()).isEmpty()) {
        out.add(r.name() + " removed");
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return rules.isEmpty() ? "none" : rules.size() + " health rule" + (rules.size() == 1 ? "" : "s");
  }

  /**
   * Reads the {@code health:} section, reporting every problem with its line. Returns null when anything in it is
   * wrong (the problems are in {@code r}).
   */
  static HealthRules read(NodeReader r, Node section) {
    if (!(section instanceof SequenceNode seq)) {
      r.problem(section, "health must be a list of health rules (each starting with '- name: ...'), not "
          + NodeReader.kindOf(section));
      return null;
    }
    int before = r.problems().size();
    List<HealthRule> out = new ArrayList<>();
    Map<String, Node> seen = new HashMap<>();
    for (Node item : seq.getValue()) {
      HealthRule rule = rule(r, item, seen);
      if (rule != null) {
        out.add(rule);
      }
    }
    return r.problems().size() == before ? new HealthRules(out) : null;
  }

  private static HealthRule rule(NodeReader r, Node item, Map<String, Node> seen) {
    Map<String, Node> f = r.mapping(item, "health rule", FIELDS);
    if (f == null) {
      return null;
    }
    int before = r.problems().size();
    Node nameNode = r.required(f, "name", item, "health rule");
    String name = nameNode == null ? null : r.string(nameNode, "health rule name");
    if (name != null && !NAME.matcher(name).matches()) {
      r.problem(nameNode, "health rule name '" + name + "' must be lower-case letters, digits and '-'");
      name = null;
    } else if (name != null && seen.containsKey(name)) {
      r.problem(item, "health rule name '" + name + "' is used twice (first at line "
          + (seen.get(name).getStartMark().getLine() + 1) + "): names must be unique");
    } else if (name != null) {
      seen.put(name, item);
    }
    String what = "health rule '" + (name == null ? "?" : name) + "'";
    String description = f.containsKey("description") ? r.string(f.get("description"), what + " description") : "";

    HealthRule.Scope scope = null;
    Node scopeNode = r.required(f, "scope", item, what);
    String s = scopeNode == null ? null : r.string(scopeNode, what + " scope");
    if (s != null) {
      if (SCOPES.contains(s)) {
        scope = HealthRule.Scope.valueOf(s.toUpperCase(java.util.Locale.ROOT));
      } else {
        r.problem(scopeNode, what + ": unknown scope '" + s + "'" + NodeReader.suggest(s, SCOPES, "scopes"));
      }
    }

    HealthRule.Metric metric = null;
    Node metricNode = r.required(f, "metric", item, what);
    String m = metricNode == null ? null : r.string(metricNode, what + " metric");
    if (m != null) {
      metric = HealthRule.Metric.fromWire(m);
      if (metric == null) {
        String hint = m.startsWith("battery") ? " (devices report their battery in volts: battery_v)"
            : m.startsWith("signal") || m.startsWith("rssi") ? " (signal strength in dBm: rssi_dbm)" : "";
        r.problem(metricNode, what + ": unknown metric '" + m + "'" + hint + NodeReader.suggest(m, METRICS, "metrics"));
      } else if (metric.deviceOnly() && scope != null && scope != HealthRule.Scope.DEVICE) {
        r.problem(metricNode, what + ": metric " + m + " is only known for single devices (scope: device), not for a "
            + scope.wireName() + "'s roll-up");
      }
    }

    double[] below = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
    Node belowNode = r.required(f, "below", item, what);
    if (belowNode != null) {
      int known = r.problems().size();
      Map<String, Node> levels = r.mapping(belowNode, what + " below", LEVELS);
      if (levels != null && levels.isEmpty() && r.problems().size() == known) {
        r.problem(belowNode, what + ": below needs at least one level, e.g. {yellow: 90%}");
      } else if (levels != null && metric != null) {
        for (Map.Entry<String, Node> e : levels.entrySet()) {
          Double v = value(r, e.getValue(), metric, what + " below." + e.getKey(), false);
          if (v != null) {
            below[LEVELS.indexOf(e.getKey())] = v;
          }
        }
        order(r, belowNode, levels, below, metric, what);
      }
    }

    double hysteresis = metric == null ? 0 : metric.defaultHysteresis();
    if (f.containsKey("hysteresis") && metric != null) {
      Double h = value(r, f.get("hysteresis"), metric, what + " hysteresis", true);
      if (h != null) {
        hysteresis = h;
      }
    }
    long holdMs = 0;
    if (f.containsKey("for")) {
      Duration d = r.duration(f.get("for"), what + " for");
      if (d != null) {
        holdMs = d.toMillis();
      }
    }
    if (r.problems().size() != before || name == null || scope == null || metric == null) {
      return null;
    }
    return new HealthRule(name, description, scope, metric, below[0], below[1], below[2], below[3], hysteresis,
        holdMs);
  }

  /** Thresholds fall as the level rises (every metric is "less is worse"). */
  private static void order(NodeReader r, Node belowNode, Map<String, Node> levels, double[] below,
      HealthRule.Metric metric, String what) {
    int lower = -1;
    for (int i = 0; i < below.length; i++) {
      if (Double.isNaN(below[i])) {
        continue;
      }
      if (lower >= 0 && below[i] >= below[lower]) {
        Node at = levels.get(LEVELS.get(i));
        r.problem(at == null ? belowNode : at, what + ": thresholds out of order: " + LEVELS.get(i) + " ("
            + metric.format(below[i]) + ") must be below " + LEVELS.get(lower) + " (" + metric.format(below[lower])
            + "), as a higher level is raised by a lower figure");
      }
      lower = i;
    }
  }

  /**
   * A threshold or hysteresis in the metric's unit: shares as {@code 90%} (or a fraction 0-1), from 0 to 100 %;
   * volts from 0 to 100 V; dBm from -200 to 0 (a hysteresis: from 0 to 200 dB).
   */
  private static Double value(NodeReader r, Node n, HealthRule.Metric metric, String what, boolean margin) {
    String text = r.string(n, what);
    if (text == null) {
      return null;
    }
    String t = text.strip();
    boolean percent = t.endsWith("%");
    if (percent) {
      t = t.substring(0, t.length() - 1).strip();
    }
    double v;
    try {
      v = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      r.problem(n, what + " must be " + (metric.share() ? "a percentage such as 90%" : "a number") + ", not '"
          + text + "'");
      return null;
    }
    if (!Double.isFinite(v)) {
      r.problem(n, what + " must be a finite number, not '" + text + "'");
      return null;
    }
    if (metric.share()) {
      if (!percent && v > 1) {
        r.problem(n, what + ": " + metric.wireName() + " is a share: write " + text + "% (or a fraction from 0 to 1),"
            + " not " + text);
        return null;
      }
      double share = percent ? v / 100 : v;
      if (share < 0 || share > 1) {
        r.problem(n, what + ": percent out of range: " + text + " is not from 0% to 100%");
        return null;
      }
      return share;
    }
    if (percent) {
      r.problem(n, what + ": " + metric.wireName() + " is in " + (metric == HealthRule.Metric.BATTERY_V ? "volts"
          : "dBm") + ", not a percentage: write a number such as "
          + (metric == HealthRule.Metric.BATTERY_V ? "3.4" : "-115"));
      return null;
    }
    boolean ok = margin ? v >= 0 && v <= (metric == HealthRule.Metric.BATTERY_V ? 100 : 200)
        : metric == HealthRule.Metric.BATTERY_V ? v > 0 && v <= 100 : v >= -200 && v <= 0;
    if (!ok) {
      r.problem(n, what + ": " + text + " is out of range ("
          + (margin ? "from 0 to " + (metric == HealthRule.Metric.BATTERY_V ? "100 V" : "200 dB")
              : metric == HealthRule.Metric.BATTERY_V ? "above 0 V, at most 100 V" : "from -200 to 0 dBm") + ")");
      return null;
    }
    return v;
  }
}
