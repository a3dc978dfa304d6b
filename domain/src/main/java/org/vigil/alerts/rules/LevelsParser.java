package org.vigil.alerts.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigil.core.Level;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a rule's {@code levels:} ({@code yellow: {raise: 45, clear: 40}} or {@code yellow: 45}, clear then equal to
 * raise) and checks that they make sense in the condition's direction.
 */
final class LevelsParser {

  private static final List<String> NAMES = List.of("blue", "yellow", "orange", "red");

  private LevelsParser() {}

  static List<LevelBand> parse(NodeReader r, Node node, String what, boolean hours, Direction dir) {
    return parse(r, node, what, hours, false, dir);
  }

  /**
   * @param letters thresholds may also be Fruin level-of-service letters A-F, read as 1-6 (rules on
   *     {@code level_of_service})
   */
  static List<LevelBand> parse(NodeReader r, Node node, String what, boolean hours, boolean letters, Direction dir) {
    Map<String, Node> m = r.mapping(node, what + ": levels", NAMES);
    if (m == null) {
      return List.of();
    }
    if (m.isEmpty() && ((MappingNode) node).getValue().isEmpty()) {
      r.problem(node, what + ": levels must name at least one of blue, yellow, orange, red");
      return List.of();
    }
    List<LevelBand> bands = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    for (Map.Entry<String, Node> e : m.entrySet()) {
      Level level = Level.fromWire(e.getKey());
      String w = what + ": " + e.getKey();
      Double raise;
      Double clear;
      if (e.getValue() instanceof MappingNode) {
        Map<String, Node> rc = r.mapping(e.getValue(), w, List.of("raise", "clear"));
        if (rc == null) {
          continue;
        }
        Node rn = r.required(rc, "raise", e.getValue(), w);
        raise = rn == null ? null : value(r, rn, w + " raise", hours, letters);
        clear = rc.containsKey("clear") ? value(r, rc.get("clear"), w + " clear", hours, letters) : raise;
      } else {
        raise = value(r, e.getValue(), w, hours, letters);
        clear = raise;
      }
      if (raise != null && clear != null) {
        bands.add(new LevelBand(level, raise, clear));
        nodes.add(e.getValue());
      }
    }
    int n = bands.size();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> bands.get(i).level()));
    List<LevelBand> sorted = new ArrayList<>();
    boolean ok = true;
    String up = dir == Direction.ABOVE ? "above" : "below";
    String side = dir == Direction.ABOVE ? "at or below" : "at or above";
    for (int k = 0; k < n; k++) {
      LevelBand b = bands.get(order.get(k));
      Node at = nodes.get(order.get(k));
      String name = what + ": " + b.level().wireName();
      if (!dir.reaches(b.raise(), b.clear())) {
        r.problem(at, String.format(Locale.ROOT, "%s: clear threshold %s is on the wrong side of raise %s: for a "
            + "hazard %s its threshold the clear threshold must be %s the raise threshold", name, num(b.clear()),
            num(b.raise()), up, side));
        ok = false;
      }
      if (k > 0) {
        LevelBand prev = bands.get(order.get(k - 1));
        String lower = prev.level().wireName();
        if (!dir.reaches(b.raise(), prev.raise()) || b.raise() == prev.raise()) {
          r.problem(at, String.format(Locale.ROOT, "%s: raise threshold %s must be %s %s's raise %s: levels are "
              + "misordered (a higher level needs a value further %s)", name, num(b.raise()), up, lower,
              num(prev.raise()), dir == Direction.ABOVE ? "up" : "down"));
          ok = false;
        } else if (!dir.reaches(b.clear(), prev.raise()) || b.clear() == prev.raise()) {
          r.problem(at, String.format(Locale.ROOT, "%s: clear threshold %s must be %s %s's raise %s: the levels "
              + "overlap (a value between them would keep %s where %s has not even begun)", name, num(b.clear()),
              up, lower, num(prev.raise()), b.level().wireName(), lower));
          ok = false;
        }
      }
      sorted.add(b);
    }
    return ok ? sorted : List.of();
  }

  private static Double value(NodeReader r, Node n, String what, boolean hours, boolean letters) {
    if (letters && n instanceof org.yaml.snakeyaml.nodes.ScalarNode s && s.getValue().strip().matches("[A-Fa-f]")) {
      return (double) (Character.toUpperCase(s.getValue().strip().charAt(0)) - 'A' + 1);
    }
    return r.numberOrHours(n, what, hours);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }
}
