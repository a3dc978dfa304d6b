package org.vigil.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.vigil.core.settings.Durations;
import org.vigil.alerts.rules.NodeReader;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The ruleset's {@link NodeReader} with what the registry needs besides: lists, text fields, ids by pattern, numbers
 * in a range and positive durations; problems collected with the node's line and column, as the ruleset's are.
 */
final class YamlNodes extends NodeReader {

  YamlNodes(String file) {
    super(file);
  }

  static int line(Node n) {
    return n.getStartMark().getLine() + 1;
  }

  /** The items of a list, or null (reported). */
  List<Node> list(Node n, String what) {
    if (n instanceof SequenceNode s) {
      return s.getValue();
    }
    problem(n, what + " must be a list (each item starting with '- '), not " + kindOf(n));
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

  /** A positive duration (intervals, silences): zero and negative ones are refused. */
  @Override
  public Duration duration(Node n, String what) {
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

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
