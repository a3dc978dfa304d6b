package org.vigil.alerts.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.vigil.core.settings.Durations;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads typed values out of SnakeYAML nodes (the ruleset's, and the registry's through a subclass) and collects {@link Problem}s with the node's line and column instead of
 * stopping at the first; every getter returns null when the value is missing or wrong (and says why).
 */
public class NodeReader {

  /**
   * The most characters a ruleset or registry file may have: 64 Mi. SnakeYAML's own default (3 Mi) refuses a county
   * registry of about 25,000 devices or one with detailed boundaries.
   */
  public static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

  private final String file;
  private final List<Problem> problems = new ArrayList<>();

  /** SnakeYAML's options for Vigil's files: its defaults, with the size above. */
  public static LoaderOptions loaderOptions() {
    LoaderOptions o = new LoaderOptions();
    o.setCodePointLimit(MAX_CODE_POINTS);
    return o;
  }

  public NodeReader(String file) {
    this.file = file;
  }

  public List<Problem> problems() {
    return problems;
  }

  public void problem(Node at, String message) {
    problems.add(at == null ? new Problem(file, 0, 0, message)
        : new Problem(file, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, message));
  }

  public void problem(int line, int column, String message) {
    problems.add(new Problem(file, line, column, message));
  }

  /**
   * The mapping's entries by key, in file order; reports a node that is not a mapping, duplicate keys and keys not
   * in {@code known} (with the closest known ones).
   */
  public Map<String, Node> mapping(Node n, String what, Collection<String> known) {
    if (!(n instanceof MappingNode m)) {
      problem(n, what + " must be a mapping of names to values (key: value), not " + kindOf(n));
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
        continue;
      }
      if (known != null && !known.contains(key)) {
        problem(k, what + ": unknown field '" + key + "'" + suggest(key, known, "known fields"));
        continue;
      }
      out.put(key, t.getValueNode());
    }
    return out;
  }

  /** The scalar text of a node, or null (reported) when it is not a scalar. */
  public String string(Node n, String what) {
    if (n instanceof ScalarNode s) {
      return s.getValue();
    }
    problem(n, what + " must be a single value, not " + kindOf(n));
    return null;
  }

  /** A required field's node, or null (reported as missing at the mapping). */
  public Node required(Map<String, Node> map, String key, Node owner, String what) {
    Node n = map.get(key);
    if (n == null) {
      problem(owner, what + ": missing field '" + key + "'");
    }
    return n;
  }

  public Double number(Node n, String what) {
    String s = string(n, what);
    if (s == null) {
      return null;
    }
    try {
      double d = Double.parseDouble(s.strip());
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problem(n, what + " must be a number, not '" + s + "'");
    return null;
  }

  /** A number, or when {@code durationsAllowed} a duration converted to hours. */
  public Double numberOrHours(Node n, String what, boolean durationsAllowed) {
    if (!durationsAllowed) {
      return number(n, what);
    }
    String s = string(n, what);
    if (s == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(s.strip());
      if (Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      Duration d = Durations.parse(s);
      if (d != null) {
        return d.toMillis() / 3_600_000.0;
      }
    }
    problem(n, what + " must be a number of hours or a duration such as 30m or 72h, not '" + s + "'");
    return null;
  }

  public Duration duration(Node n, String what) {
    String s = string(n, what);
    if (s == null) {
      return null;
    }
    Duration d = Durations.parse(s);
    if (d == null) {
      problem(n, what + ": '" + s + "' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 such as PT5M");
    } else if (d.isNegative()) {
      problem(n, what + " must not be negative");
      return null;
    }
    return d;
  }

  /** A list of strings: a sequence, a single value, or {@code "*"} (all: the empty list). */
  public List<String> stringList(Node n, String what) {
    List<String> out = new ArrayList<>();
    if (n instanceof ScalarNode s) {
      if (!s.getValue().equals("*")) {
        out.add(s.getValue());
      }
      return out;
    }
    if (n instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        String v = string(item, what + " entries");
        if (v != null && !v.equals("*")) {
          out.add(v);
        } else if (v != null) {
          return List.of();
        }
      }
      return out;
    }
    problem(n, what + " must be a list such as [a, b] or \"*\", not " + kindOf(n));
    return null;
  }

  /** {@code ", did you mean x, y?"} with the closest of the known names, or the whole list when few. */
  public static String suggest(String name, Collection<String> known, String label) {
    List<String> close = known.stream()
        .filter(k -> distance(name, k) <= Math.max(2, name.length() / 3))
        .sorted(Comparator.comparingInt((String k) -> distance(name, k)).thenComparing(k -> k))
        .limit(3)
        .toList();
    if (!close.isEmpty()) {
      return "; did you mean " + String.join(", ", close) + "?";
    }
    return known.size() <= 8 ? " (" + label + ": " + String.join(", ", known) + ")" : "";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
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
      int[] tmp = prev;
      prev = cur;
      cur = tmp;
    }
    return prev[b.length()];
  }

  public static String kindOf(Node n) {
    if (n instanceof MappingNode) {
      return "a mapping";
    }
    if (n instanceof SequenceNode) {
      return "a list";
    }
    return n == null ? "nothing" : "'" + ((ScalarNode) n).getValue() + "'";
  }
}
