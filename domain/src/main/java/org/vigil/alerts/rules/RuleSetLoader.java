package org.vigil.alerts.rules;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a ruleset from YAML and validates it, reporting every problem at once with file, line and column
 * ({@link RuleSetInvalidException}). What is checked: the file's structure (unknown, missing, duplicated and wrongly
 * typed fields), ids ({@code [a-z0-9-]+}, unique), condition types and their parameters, metrics (known, with the
 * closest names when not, and produced by the sensor kinds in scope), levels (known names, thresholds rising with
 * the level, clear thresholds on the right side of raise and above the lower level's raise), durations, compound
 * references, the {@code escalation:} section ({@link EscalationPolicy}: alert levels and periods of at least a
 * second), the {@code modes:} section ({@link ModeProfiles}), the {@code health:} section ({@link HealthRules}), and,
 * given an {@link Inventory}, that each scope matches a known sensor.
 */
public final class RuleSetLoader {

  /** Fields of the ruleset. */
  /**
   * Highest ruleset version: 2^53 - 1, the largest whole number that every JSON reader (the console's browser
   * included) holds exactly, and far from {@code long} overflow when the next version is counted.
   */
  public static final long MAX_VERSION = 9_007_199_254_740_991L;

  static final List<String> TOP_FIELDS =
      List.of("version", "author", "comment", "escalation", "health", "rules", "modes");

  /**
   * A validated ruleset with notes about checks that were not made.
   *
   * @param ruleSet the rules
   * @param notes e.g. that scopes were not checked against known sensors
   */
  public record Loaded(RuleSet ruleSet, List<String> notes) {
    public Loaded {
      notes = List.copyOf(notes);
    }
  }

  private RuleSetLoader() {}

  /** The scalar {@code id} of a rule's mapping, or null. */
  static String idOf(Node item) {
    if (item instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
            && t.getValueNode() instanceof ScalarNode v) {
          return v.getValue();
        }
      }
    }
    return null;
  }

  /** Parses and validates without an inventory (scopes are not checked against known sensors). */
  public static RuleSet parse(String yaml, String fileName) {
    return load(yaml, fileName, null).ruleSet();
  }

  /**
   * Parses and validates.
   *
   * @param inventory the known sensors, or null to skip the check that each scope matches one (a note says so)
   * @throws RuleSetInvalidException with every problem found
   */
  public static Loaded load(String yaml, String fileName, Inventory inventory) {
    NodeReader r = new NodeReader(fileName);
    Node root;
    try {
      root = new Yaml(NodeReader.loaderOptions()).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      r.problem(m == null ? 0 : m.getLine() + 1, m == null ? 0 : m.getColumn() + 1,
          "not valid YAML: " + e.getProblem() + (e.getContext() == null ? "" : " (" + e.getContext() + ")"));
      throw new RuleSetInvalidException(r.problems());
    } catch (YAMLException e) {
      r.problem(0, 0, "not valid YAML: " + e.getMessage());
      throw new RuleSetInvalidException(r.problems());
    }
    if (root == null) {
      r.problem(1, 1, "the file is empty: a ruleset needs at least 'rules:'");
      throw new RuleSetInvalidException(r.problems());
    }
    Map<String, Node> top = r.mapping(root, "ruleset", TOP_FIELDS);
    if (top == null) {
      throw new RuleSetInvalidException(r.problems());
    }
    Long version = null;
    if (top.containsKey("version")) {
      String v = r.string(top.get("version"), "version");
      if (v != null && v.strip().matches("[1-9][0-9]{0,15}") && Long.parseLong(v.strip()) <= MAX_VERSION) {
        version = Long.parseLong(v.strip());
      } else if (v != null) {
        r.problem(top.get("version"), "version must be a whole number from 1 to " + MAX_VERSION
            + " (it is assigned on publish), not '" + (v.length() > 40 ? v.substring(0, 40) + "..." : v) + "'");
      }
    }
    String author = top.containsKey("author") ? r.string(top.get("author"), "author") : "";
    String comment = top.containsKey("comment") ? r.string(top.get("comment"), "comment") : "";
    List<RuleDef> rules = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Node rulesNode = r.required(top, "rules", root, "ruleset");
    if (rulesNode instanceof SequenceNode seq) {
      Map<String, Node> seen = new HashMap<>();
      RuleParser parser = new RuleParser(r, inventory);
      for (Node item : seq.getValue()) {
        String id = idOf(item);
        Node first = id == null ? null : seen.putIfAbsent(id, item);
        if (first != null) {
          r.problem(item, "rule id '" + id + "' is used twice (first at line "
              + (first.getStartMark().getLine() + 1) + "): ids must be unique");
        }
        RuleDef rule = parser.parse(item);
        if (rule != null && first == null) {
          rules.add(rule);
        }
      }
    } else if (rulesNode != null) {
      r.problem(rulesNode, "rules must be a list of rules (each starting with '- id: ...')");
    }
    EscalationPolicy escalation = EscalationPolicy.NONE;
    if (top.containsKey("escalation")) {
      escalation = EscalationPolicy.read(r, top.get("escalation"));
    }
    // The command modes' profiles (ModeProfiles), read after the rules whose levels they change.
    ModeProfiles modes = top.containsKey("modes") ? ModeProfiles.read(r, top.get("modes"), rules) : ModeProfiles.NONE;
    HealthRules health = top.containsKey("health") ? HealthRules.read(r, top.get("health")) : HealthRules.NONE;
    if (inventory == null) {
      notes.add("scopes were not checked against known sensors: no inventory was given");
    }
    if (!r.problems().isEmpty()) {
      throw new RuleSetInvalidException(r.problems());
    }
    return new Loaded(new RuleSet(version, author, comment, rules, escalation, modes, health), notes);
  }
}
