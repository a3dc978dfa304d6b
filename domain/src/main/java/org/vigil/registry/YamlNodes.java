package org.vigil.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.settings.Durations;
import org.vigil.alerts.rules.Problem;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of SnakeYAML nodes for the registry and collects {@link Problem}s with the node's line and
 * column instead of stopping at the first; getters return null when a value is missing or wrong (and say why).
 */
final class YamlNodes {

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  YamlNodes(String file) {
    this.file = file;
  }

  List<Problem> problems() {
    return problems;
  }

  void problem(Node at, String message) {
    problems.add(at == null ? new Problem(file, 0, 0, message)
        : new Problem(file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, message));
  }

  void problem(int line, int column, String message) {
    problems.add(new Problem(file, line, column, message));
  }

  static int line(Node n) {
    return n.getStartMark().getLine() + 1;
  }

  /** The mapping's entries in file order; reports a non-mapping, duplicate keys and keys not in {@code known}. */
  Map<String, Node> mapping(Node n, String what, Collection<String> known) {
    if (!(n instanceof MappingNode m)) {
      problem(n, what + " must be a mapping (key: value), not " + kindOf(n));
      return null;
    }
    Map<String, Node> out = new LinkedHashMap<>();
    for (NodeTuple t : m.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k)) {
        problem(t.getKeyNode(), what + ": keys must be plain names");
        continue;
      }
      String key = k.getValue();
      if (out.containsKey(key)) {
        problem(k, what + ": '" + key + "' is given twice");
      } else if (known != null && !known.contains(key)) {
        problem(k, what + ": unknown field '" + key + "' (known fields: " + String.join(", ", known) + ")");
      } else {
        out.put(key, t.getValueNode());
      }
    }
    return out;
  }

  /** The items of a list, or null (reported). */
  List<Node> list(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    problem(n, what + " must be a list (each item starting with '- '), not " + kindOf(n));
    return null;
  }

  String string(Node n, String what) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(n, what + " must be a single value, not " + kindOf(n));
    return null;
  }

  /** A field's text, or null (reported as missing at {@code owner} when {@code required}). */
  String field(Map<String, Node> m, String key, Node owner, String what, boolean required) {
    Node n = m.get(key);
    if (n == null) {
      if (required) {
        problem(owner, what + ": missing field '" + key + "'");
      }
      return null;
    }
    return string(n, what + " " + key);
  }

  /** A required field's node, or null (reported as missing at {@code owner}). */
  Node required(Map<String, Node> m, String key, Node owner, String what) {
    Node n = m.get(key);
    if (n == null) {
      problem(owner, what + ": missing field '" + key + "'");
    }
    return n;
  }

  Node required(Map<String, Node> m, String key, Node owner) {
    return required(m, key, owner, "registry");
  }

  /** A text matching {@code pattern}, or null (reported). */
  String id(Map<String, Node> m, String key, Node owner, String what, String pattern, String rule) {
    String s = field(m, key, owner, what, true);
    if (s != null && !s.matches(pattern)) {
      problem(m.get(key), what + ": " + key + " '" + s + "' must be " + rule);
      return null;
    }
    return s;
  }

  Double number(Node n, String what, double min, double max) {
    String s = string(n, what);
    if (s == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(s.strip());
      if (Double.isFinite(d) && d >= min && d <= max) {
        return d;
      }
      problem(n, what + " must be from " + fmt(min) + " to " + fmt(max) + ", not " + s);
      return null;
    } catch (NumberFormatException e) {
      problem(n, what + " must be a number, not '" + s + "'");
      return null;
    }
  }

  Duration duration(Node n, String what) {
    String s = string(n, what);
    if (s == null) {
      return null;
    }
    Duration d = Durations.parse(s);
    if (d == null || d.isZero()) {
      problem(n, what + ": '" + s + "' is not a positive duration: write 30s, 5m, 1h, 2d or ISO-8601 such as PT10M");
      return null;
    }
    return d;
  }

  static String kindOf(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return n == null ? "nothing" : "'" + ((ScalarNode) n).getValue() + "'";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
