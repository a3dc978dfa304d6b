package org.vigil.alerts.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What changed between two rulesets, rule by rule (keyed by id): added, removed, changed (with the names of the
 * fields that differ) and unchanged, each in the order of the file they are in; and a one-line summary for the
 * audit trail. A rule whose only change is its description is "changed (description)" here, but keeps its state
 * in the job (its {@link RuleDef#fingerprint()} is the same).
 *
 * @param added ids only in the new ruleset
 * @param removed ids only in the old ruleset
 * @param changed per id in both that differs, the fields that differ
 * @param unchanged ids in both and equal
 * @param escalation what changed in the {@code escalation:} section, level by level ({@link
 *     EscalationPolicy#changesFrom}), e.g. {@code red 5m -> 3m}; empty when nothing did
 * @param modes what changed in the {@code modes:} section, mode by mode ({@link ModeProfiles#changesFrom}); empty
 *     when nothing did
 * @param health what changed in the {@code health:} section, rule by rule ({@link HealthRules#changesFrom}); empty
 *     when nothing did
 */
public record RuleSetDiff(List<String> added, List<String> removed, Map<String, List<String>> changed,
    List<String> unchanged, List<String> escalation, List<String> modes, List<String> health) {

  /** Fields compared, in the order they are reported. */
  private static final Map<String, Function<RuleDef, Object>> FIELDS = fields();

  public RuleSetDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changed));
    unchanged = List.copyOf(unchanged);
    escalation = escalation == null ? List.of() : List.copyOf(escalation);
    modes = modes == null ? List.of() : List.copyOf(modes);
    health = health == null ? List.of() : List.copyOf(health);
  }

  /** A diff without mode and health changes. */
  public RuleSetDiff(List<String> added, List<String> removed, Map<String, List<String>> changed,
      List<String> unchanged, List<String> escalation) {
    this(added, removed, changed, unchanged, escalation, List.of(), List.of());
  }

  /** A diff of rules alone (no escalation change). */
  public RuleSetDiff(List<String> added, List<String> removed, Map<String, List<String>> changed,
      List<String> unchanged) {
    this(added, removed, changed, unchanged, List.of(), List.of(), List.of());
  }

  /** Compares two rulesets; {@code old} may be null (everything is added). */
  public static RuleSetDiff diff(RuleSet old, RuleSet now) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    Map<String, List<String>> changed = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<RuleDef> before = old == null ? List.of() : old.rules();
    for (RuleDef r : now.rules()) {
      RuleDef o = before.stream().filter(x -> x.id().equals(r.id())).findFirst().orElse(null);
      if (o == null) {
        added.add(r.id());
        continue;
      }
      List<String> fields = new ArrayList<>();
      FIELDS.forEach((name, get) -> {
        if (!Objects.equals(get.apply(o), get.apply(r))) {
          fields.add(name);
        }
      });
      if (fields.isEmpty()) {
        unchanged.add(r.id());
      } else {
        changed.put(r.id(), fields);
      }
    }
    for (RuleDef o : before) {
      if (now.rule(o.id()).isEmpty()) {
        removed.add(o.id());
      }
    }
    return new RuleSetDiff(added, removed, changed, unchanged,
        now.escalation().changesFrom(old == null ? null : old.escalation()),
        now.modes().changesFrom(old == null ? null : old.modes()),
        now.health().changesFrom(old == null ? null : old.health()));
  }

  /** True when nothing was added, removed or changed. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && escalation.isEmpty() && modes.isEmpty()
        && health.isEmpty();
  }

  /**
   * One line for the audit: {@code 2 changed (rain-24h: levels; slope-tangent-angle: pending), 1 added
   * (water-rise-2)}; then removed; then {@code escalation (red 5m -> 3m)}; then {@code health (region-online added (...))}; {@code no changes} when there are none.
   */
  public String summary() {
    List<String> parts = new ArrayList<>();
    if (!changed.isEmpty()) {
      List<String> each = new ArrayList<>();
      changed.forEach((id, fields) -> each.add(id + ": " + String.join(", ", fields)));
      parts.add(changed.size() + " changed (" + String.join("; ", each) + ")");
    }
    if (!added.isEmpty()) {
      parts.add(added.size() + " added (" + String.join(", ", added) + ")");
    }
    if (!removed.isEmpty()) {
      parts.add(removed.size() + " removed (" + String.join(", ", removed) + ")");
    }
    if (!escalation.isEmpty()) {
      parts.add("escalation (" + String.join(", ", escalation) + ")");
    }
    if (!modes.isEmpty()) {
      parts.add("modes (" + String.join("; ", modes) + ")");
    }
    if (!health.isEmpty()) {
      parts.add("health (" + String.join("; ", health) + ")");
    }
    return parts.isEmpty() ? "no changes" : String.join(", ", parts);
  }

  /** The value of a compared field of a rule, for printing. */
  public static Object field(RuleDef rule, String name) {
    Function<RuleDef, Object> get = FIELDS.get(name);
    if (get == null) {
      throw new IllegalArgumentException("unknown rule field '" + name + "': one of " + FIELDS.keySet());
    }
    return get.apply(rule);
  }

  private static Map<String, Function<RuleDef, Object>> fields() {
    Map<String, Function<RuleDef, Object>> f = new LinkedHashMap<>();
    f.put("description", RuleDef::description);
    f.put("scope", RuleDef::scope);
    f.put("metric", RuleDef::metric);
    f.put("condition", RuleDef::condition);
    f.put("levels", RuleDef::levels);
    f.put("pending", RuleDef::pending);
    f.put("keepFiring", RuleDef::keepFiring);
    f.put("deadman", RuleDef::deadman);
    f.put("explain", RuleDef::explain);
    return f;
  }
}
