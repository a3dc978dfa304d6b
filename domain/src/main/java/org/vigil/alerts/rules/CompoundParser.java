package org.vigil.alerts.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.SensorKind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a compound condition: {@code window}, named parts under {@code when}, and {@code all:} or {@code any:}
 * listing the part names combined.
 */
final class CompoundParser {

  private CompoundParser() {}

  static Condition.Compound parse(RuleParser p, NodeReader r, Map<String, Node> cf, Node at, Scope scope, String w) {
    Node win = r.required(cf, "window", at, w);
    Duration window = win == null ? null : r.duration(win, w + ": window");
    if (window != null && window.isZero()) {
      r.problem(win, w + ": window must be longer than zero");
      window = null;
    }
    List<Condition.Part> parts = new ArrayList<>();
    Node whenNode = r.required(cf, "when", at, w);
    Map<String, Node> when = whenNode == null ? null : r.mapping(whenNode, w + ": when", null);
    if (when != null) {
      if (when.isEmpty()) {
        r.problem(whenNode, w + ": when must name at least one condition");
      }
      for (Map.Entry<String, Node> e : when.entrySet()) {
        Condition.Part part = part(p, r, e.getKey(), e.getValue(), scope, w);
        if (part != null) {
          parts.add(part);
        }
      }
    }
    Condition.Match match;
    Node ofNode;
    if (cf.containsKey("all") == cf.containsKey("any")) {
      r.problem(at, w + ": give exactly one of all: [names] (every condition) or any: [names] (at least one)");
      return null;
    } else if (cf.containsKey("all")) {
      match = Condition.Match.ALL;
      ofNode = cf.get("all");
    } else {
      match = Condition.Match.ANY;
      ofNode = cf.get("any");
    }
    String key = match == Condition.Match.ALL ? "all" : "any";
    List<String> of = r.stringList(ofNode, w + ": " + key);
    if (of == null) {
      return null;
    }
    if (of.isEmpty()) {
      r.problem(ofNode, w + ": " + key + " must list the names of the conditions under 'when'");
    }
    if (when != null) {
      for (String name : of) {
        if (!when.containsKey(name)) {
          r.problem(ofNode, w + ": " + key + " refers to '" + name + "', which is not one of its conditions ("
              + String.join(", ", when.keySet()) + ")");
        }
      }
      for (String name : when.keySet()) {
        if (!of.contains(name)) {
          r.problem(when.get(name), w + ": condition '" + name + "' is defined under 'when' but not used in " + key);
        }
      }
    }
    if (window == null || when == null || parts.size() < when.size()) {
      return null;
    }
    return new Condition.Compound(match, of, window, parts);
  }

  private static Condition.Part part(RuleParser p, NodeReader r, String name, Node n, Scope scope, String w) {
    String pw = w + ": condition '" + name + "'";
    Map<String, Node> f = r.mapping(n, pw, RuleParser.PART_FIELDS);
    if (f == null) {
      return null;
    }
    Node mn = r.required(f, "metric", n, pw);
    String metric = mn == null ? null : r.string(mn, pw + ": metric");
    Set<SensorKind> kinds = f.containsKey("kinds") ? p.kinds(f.get("kinds"), pw + ": kinds") : Set.of();
    if (!kinds.isEmpty() && !scope.kinds().isEmpty()) {
      Set<SensorKind> both = EnumSet.copyOf(kinds);
      both.retainAll(scope.kinds());
      if (both.isEmpty()) {
        r.problem(f.get("kinds"), pw + ": none of its kinds (" + RuleParser.names(kinds)
            + ") is in the rule's scope (" + RuleParser.names(scope.kinds()) + ")");
      }
    }
    if (metric != null) {
      p.checkMetric(metric, kinds.isEmpty() ? scope.kinds() : kinds, mn, pw);
    }
    if (f.containsKey("above") == f.containsKey("below")) {
      r.problem(n, pw + ": give exactly one of above: <number> or below: <number>");
      return null;
    }
    Direction dir = f.containsKey("above") ? Direction.ABOVE : Direction.BELOW;
    Double threshold = r.number(f.get(dir.wireName()), pw + ": " + dir.wireName());
    return metric == null || threshold == null ? null : new Condition.Part(name, metric, kinds, dir, threshold);
  }
}
