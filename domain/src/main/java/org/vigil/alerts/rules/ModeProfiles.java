package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vigil.core.Level;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The ruleset's {@code modes:} section: what changes when a region runs in {@link Mode#HOLIDAY} or {@link
 * Mode#EMERGENCY} mode ({@link Mode#DAILY} is the rules as written). A profile may give rules other levels (at every
 * site, or only at sites whose registry entry has one of the given tags) and scale or replace the escalation times.
 *
 * <pre>{@code
 * modes:
 *   holiday:
 *     rules:
 *       crowd-density:
 *         where: {tags: [tourist]}        # only at sites tagged tourist (without where: at every site)
 *         levels:
 *           yellow: {raise: 0.8, clear: 0.7}
 *           orange: {raise: 1.5, clear: 1.3}
 *           red:    {raise: 3, clear: 2.6}
 *   emergency:
 *     escalation: {factor: 0.5}           # every escalation time halved
 *     # or level times, which replace the (scaled) ones: escalation: {factor: 0.5, red: 2m}
 * }</pre>
 *
 * <p>Levels are checked as a rule's own (names, order, clear on the right side of raise, in the rule's units);
 * compound and deadman rules, whose one level is not a threshold, take no override. A mode's levels replace the
 * rule's levels; nothing else of the rule changes, so a switch keeps the rule's windows and open alerts and judges
 * the next value with the new levels.
 *
 * @param profiles one per mode that changes anything, in the file's order
 */
public record ModeProfiles(List<Profile> profiles) implements Serializable {

  /** No {@code modes:} section: every mode judges as daily. */
  public static final ModeProfiles NONE = new ModeProfiles(List.of());

  /** Fields of a mode's profile. */
  static final List<String> PROFILE_FIELDS = List.of("rules", "escalation");
  /** Fields of a rule's override. */
  static final List<String> OVERRIDE_FIELDS = List.of("where", "levels");
  /** Fields of an override's {@code where:}. */
  static final List<String> WHERE_FIELDS = List.of("tags");
  /** Largest escalation factor: more would put off an answer ten times longer than the daily rules ask. */
  public static final double MAX_FACTOR = 10;

  public ModeProfiles {
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
  }

  /**
   * What one mode changes.
   *
   * @param mode holiday or emergency
   * @param rules the rules it gives other levels, in the file's order (one per rule)
   * @param escalationFactor the factor on every daily escalation time (1: unchanged)
   * @param escalationTimes level times that replace the scaled ones; 0 for a level left as scaled
   */
  public record Profile(Mode mode, List<RuleOverride> rules, double escalationFactor,
      EscalationPolicy escalationTimes) implements Serializable {
    public Profile {
      Objects.requireNonNull(mode, "mode");
      rules = rules == null ? List.of() : List.copyOf(rules);
      escalationTimes = escalationTimes == null ? EscalationPolicy.NONE : escalationTimes;
    }

    /** The override of a rule, or null. */
    public RuleOverride override(String ruleId) {
      return rules.stream().filter(o -> o.rule().equals(ruleId)).findFirst().orElse(null);
    }

    /** {@code crowd-density at [tourist]: yellow 0.8/0.7, ...; escalation x0.5, red 2m}. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      for (RuleOverride o : rules) {
        parts.add(o.describe());
      }
      List<String> esc = new ArrayList<>();
      if (escalationFactor != 1) {
        esc.add("x" + num(escalationFactor));
      }
      if (!escalationTimes.isEmpty()) {
        esc.add(escalationTimes.toString());
      }
      if (!esc.isEmpty()) {
        parts.add("escalation " + String.join(", ", esc));
      }
      return parts.isEmpty() ? "no changes" : String.join("; ", parts);
    }
  }

  /**
   * Other levels for one rule in one mode.
   *
   * @param rule the rule's id
   * @param tags the site tags it applies at (any one of them); empty: every site in the rule's scope
   * @param levels the levels it judges with there, lowest first
   */
  public record RuleOverride(String rule, List<String> tags, List<LevelBand> levels) implements Serializable {
    public RuleOverride {
      Objects.requireNonNull(rule, "rule");
      tags = tags == null ? List.of() : List.copyOf(tags);
      levels = levels == null ? List.of() : List.copyOf(levels);
    }

    /** True at a site with these tags. */
    public boolean appliesAt(Collection<String> siteTags) {
      return tags.isEmpty() || (siteTags != null && siteTags.stream().anyMatch(tags::contains));
    }

    /** E.g. {@code crowd-density at [tourist]: yellow 0.8/0.7, orange 1.5/1.3}. */
    public String describe() {
      return rule + (tags.isEmpty() ? "" : " at " + tags) + ": " + bands(levels);
    }
  }

  /** The profile of a mode, or null (daily, or a mode the section does not name: it judges as daily). */
  public Profile profile(Mode mode) {
    return profiles.stream().filter(p -> p.mode() == mode).findFirst().orElse(null);
  }

  /** The override that applies to a rule in a mode at a site with these tags, or null. */
  public RuleOverride override(String ruleId, Mode mode, Collection<String> siteTags) {
    Profile p = mode == null ? null : profile(mode);
    RuleOverride o = p == null ? null : p.override(ruleId);
    return o != null && o.appliesAt(siteTags) ? o : null;
  }

  /** The rule as judged in a mode at a site with these tags: the rule itself, or a copy with the mode's levels. */
  public RuleDef ruleFor(RuleDef rule, Mode mode, Collection<String> siteTags) {
    RuleOverride o = override(rule.id(), mode, siteTags);
    return o == null ? rule : withLevels(rule, o.levels());
  }

  /** A copy of {@code rule} with other levels. */
  static RuleDef withLevels(RuleDef rule, List<LevelBand> levels) {
    return new RuleDef(rule.id(), rule.description(), rule.scope(), rule.metric(), rule.condition(), levels,
        rule.pending(), rule.keepFiring(), rule.deadman(), rule.explain(), rule.autoResolveAfter());
  }

  /**
   * The escalation times in a mode: the daily ones ({@code base}) times the mode's factor (rounded to the
   * millisecond, at least {@link EscalationPolicy#MIN_PERIOD}), then the mode's level times in their place. A level
   * that does not escalate daily does not in the mode either, unless the mode gives it a time.
   */
  public EscalationPolicy escalation(EscalationPolicy base, Mode mode) {
    EscalationPolicy daily = base == null ? EscalationPolicy.NONE : base;
    Profile p = mode == null ? null : profile(mode);
    if (p == null) {
      return daily;
    }
    long[] ms = new long[Level.ALERT_LEVELS.length];
    for (int i = 0; i < ms.length; i++) {
      Level l = Level.ALERT_LEVELS[i];
      long d = daily.periodMs(l);
      long scaled = d == 0 ? 0 : Math.max(EscalationPolicy.MIN_PERIOD.toMillis(), Math.round(d * p.escalationFactor()));
      long replaced = p.escalationTimes().periodMs(l);
      ms[i] = replaced > 0 ? replaced : scaled;
    }
    return new EscalationPolicy(ms[0], ms[1], ms[2], ms[3]);
  }

  /** What changed from {@code old}, mode by mode: {@code holiday (added: ...)}, {@code emergency: a -> b}. */
  public List<String> changesFrom(ModeProfiles old) {
    ModeProfiles before = old == null ? NONE : old;
    List<String> out = new ArrayList<>();
    for (Mode m : Mode.values()) {
      Profile was = before.profile(m);
      Profile now = profile(m);
      if (Objects.equals(was, now)) {
        continue;
      }
      if (was == null) {
        out.add(m.wireName() + " (added: " + now.describe() + ")");
      } else if (now == null) {
        out.add(m.wireName() + " (removed, was: " + was.describe() + ")");
      } else {
        out.add(m.wireName() + ": " + was.describe() + " -> " + now.describe());
      }
    }
    return out;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Profile p : profiles) {
      parts.add(p.mode().wireName() + ": " + p.describe());
    }
    return parts.isEmpty() ? "none" : String.join("; ", parts);
  }

  /** Levels as the section's summaries and the diff write them: {@code yellow 0.8/0.7, orange 1.5/1.3}. */
  public static String bands(List<LevelBand> levels) {
    List<String> bands = new ArrayList<>();
    for (LevelBand b : levels) {
      bands.add(b.level().wireName() + " " + num(b.raise()) + "/" + num(b.clear()));
    }
    return String.join(", ", bands);
  }

  private static String num(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /**
   * Reads the {@code modes:} section, reporting every problem with its line: mode names holiday and emergency (daily
   * is the rules themselves), rule ids of this ruleset, levels checked as the rule's own, tags as in the registry,
   * an escalation factor above 0 and at most {@link #MAX_FACTOR}, level times of at least a second. Returns null
   * when it is wrong (the problems are in {@code r}).
   */
  static ModeProfiles read(NodeReader r, Node section, List<RuleDef> rules) {
    Map<String, Node> modes = r.mapping(section, "modes", Mode.NAMES);
    if (modes == null) {
      return null;
    }
    Map<String, RuleDef> byId = new LinkedHashMap<>();
    rules.forEach(d -> byId.put(d.id(), d));
    int before = r.problems().size();
    List<Profile> out = new ArrayList<>();
    for (Map.Entry<String, Node> e : modes.entrySet()) {
      Mode mode = Mode.fromWire(e.getKey());
      String what = "modes." + e.getKey();
      if (mode == Mode.DAILY) {
        r.problem(keyOf(section, e.getKey()), what + ": daily is the rules and escalation times as written; a profile is for"
            + " holiday or emergency");
        continue;
      }
      Profile p = profile(r, e.getValue(), what, mode, byId);
      if (p != null) {
        out.add(p);
      }
    }
    return r.problems().size() > before ? null : new ModeProfiles(out);
  }

  private static Profile profile(NodeReader r, Node n, String what, Mode mode, Map<String, RuleDef> rules) {
    Map<String, Node> f = r.mapping(n, what, PROFILE_FIELDS);
    if (f == null) {
      return null;
    }
    List<RuleOverride> overrides = new ArrayList<>();
    if (f.containsKey("rules")) {
      Map<String, Node> byRule = r.mapping(f.get("rules"), what + ".rules", null);
      for (Map.Entry<String, Node> e : byRule == null ? Map.<String, Node>of().entrySet() : byRule.entrySet()) {
        RuleOverride o = override(r, e.getValue(), keyOf(f.get("rules"), e.getKey()), what + ".rules." + e.getKey(),
            e.getKey(), rules);
        if (o != null) {
          overrides.add(o);
        }
      }
    }
    double factor = 1;
    EscalationPolicy times = EscalationPolicy.NONE;
    if (f.containsKey("escalation")) {
      List<String> known = new ArrayList<>(EscalationPolicy.FIELDS);
      known.add(0, "factor");
      Map<String, Node> esc = r.mapping(f.get("escalation"), what + ".escalation", known);
      if (esc != null) {
        long[] ms = new long[EscalationPolicy.FIELDS.size()];
        for (Map.Entry<String, Node> e : esc.entrySet()) {
          String w = what + ".escalation." + e.getKey();
          if (e.getKey().equals("factor")) {
            Double v = r.number(e.getValue(), w);
            if (v != null && !(v > 0 && v <= MAX_FACTOR)) {
              r.problem(e.getValue(), w + " must be above 0 and at most " + num(MAX_FACTOR)
                  + " (0.5 halves every escalation time), not " + num(v));
            } else if (v != null) {
              factor = v;
            }
            continue;
          }
          Duration d = r.duration(e.getValue(), w);
          if (d != null && d.compareTo(EscalationPolicy.MIN_PERIOD) < 0) {
            r.problem(e.getValue(), w + " must be at least " + EscalationPolicy.human(
                EscalationPolicy.MIN_PERIOD.toMillis()) + ", not " + EscalationPolicy.human(d.toMillis()));
          } else if (d != null) {
            ms[EscalationPolicy.FIELDS.indexOf(e.getKey())] = d.toMillis();
          }
        }
        times = new EscalationPolicy(ms[0], ms[1], ms[2], ms[3]);
      }
    }
    return new Profile(mode, overrides, factor, times);
  }

  /** The key node of {@code key} in a mapping (where a problem with the name is reported), else the mapping. */
  private static Node keyOf(Node mapping, String key) {
    if (mapping instanceof org.yaml.snakeyaml.nodes.MappingNode m) {
      for (org.yaml.snakeyaml.nodes.NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return k;
        }
      }
    }
    return mapping;
  }

  private static RuleOverride override(NodeReader r, Node n, Node name, String what, String id,
      Map<String, RuleDef> rules) {
    Map<String, Node> f = r.mapping(n, what, OVERRIDE_FIELDS);
    if (f == null) {
      return null;
    }
    RuleDef rule = rules.get(id);
    if (rule == null) {
      r.problem(name, what + ": there is no rule '" + id + "' in this ruleset"
          + NodeReader.suggest(id, rules.keySet(), "rules"));
      return null;
    }
    String type = rule.condition().type();
    if ("compound".equals(type) || "deadman".equals(type)) {
      r.problem(name, what + ": rule '" + id + "' is a " + type + " rule, whose level is not a threshold; a mode can"
          + " only give other levels to rules with levels");
      return null;
    }
    List<String> tags = List.of();
    if (f.containsKey("where")) {
      Map<String, Node> w = r.mapping(f.get("where"), what + ".where", WHERE_FIELDS);
      if (w != null && w.containsKey("tags")) {
        tags = tags(r, w.get("tags"), what + ".where.tags");
      } else if (w != null) {
        r.problem(f.get("where"), what + ".where: give tags: [...] (the sites' registry tags it applies at)");
      }
    }
    Node ln = r.required(f, "levels", n, what);
    if (ln == null) {
      return null;
    }
    boolean hours = "forecast_within".equals(type);
    boolean letters = rule.crowd() && CrowdMetrics.LEVEL_OF_SERVICE.equals(rule.metric());
    int before = r.problems().size();
    List<LevelBand> levels = LevelsParser.parse(r, ln, what, hours, letters, rule.condition().direction());
    if (r.problems().size() > before || levels.isEmpty()) {
      return null;
    }
    return new RuleOverride(id, tags, levels);
  }

  private static List<String> tags(NodeReader r, Node n, String what) {
    List<String> out = new ArrayList<>();
    int before = r.problems().size();
    List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
    for (Node item : items) {
      String t = item instanceof ScalarNode s ? s.getValue().strip().toLowerCase(Locale.ROOT) : null;
      if (t == null || !t.matches("[a-z0-9][a-z0-9-]{0,39}")) {
        r.problem(item, what + ": a tag is a word of lower-case letters, digits and '-', such as tourist");
      } else if (!out.contains(t)) {
        out.add(t);
      }
    }
    if (out.isEmpty() && r.problems().size() == before) {
      r.problem(n, what + " must name at least one tag");
    }
    return out;
  }
}
