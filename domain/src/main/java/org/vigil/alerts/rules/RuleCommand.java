package org.vigil.alerts.rules;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A change to the rules in force, as the job's broadcast side applies it: upsert or delete one rule id at a
 * ruleset version. Applying commands with {@link #apply} gives the same rules whatever order they arrive in: per id,
 * the command with the highest version wins, and a delete stays as a tombstone (rule null) so that an older upsert
 * arriving later cannot bring the rule back.
 *
 * @param ruleId the rule's id
 * @param version the ruleset version that made this change, from 1
 * @param rule the rule for an upsert, null for a delete
 */
public record RuleCommand(String ruleId, long version, RuleDef rule) implements Serializable {

  public RuleCommand {
    Objects.requireNonNull(ruleId, "ruleId");
    if (rule != null && !rule.id().equals(ruleId)) {
      throw new IllegalArgumentException("rule " + rule.id() + " filed under id " + ruleId);
    }
  }

  /** True for a delete. */
  public boolean isDelete() {
    return rule == null;
  }

  /**
   * Applies a command to the commands in force (by rule id, tombstones included); returns true when it changed
   * them. A command is ignored when the id already holds one of a higher version, or the same version (the same
   * publication seen twice).
   */
  public static boolean apply(Map<String, RuleCommand> inForce, RuleCommand c) {
    RuleCommand current = inForce.get(c.ruleId());
    if (current != null && current.version() >= c.version()) {
      return false;
    }
    inForce.put(c.ruleId(), c);
    return true;
  }

  /**
   * The commands that turn the rules in force into a published ruleset: an upsert of every rule at the ruleset's
   * version, and a delete at that version of every id in force that the ruleset no longer has; ids sorted.
   *
   * @throws IllegalArgumentException when the ruleset has no version (it was not published)
   */
  public static List<RuleCommand> forPublication(RuleSet published, Collection<String> idsInForce) {
    if (published.version() == null) {
      throw new IllegalArgumentException("ruleset has no version: only a published ruleset can be applied");
    }
    long v = published.version();
    List<RuleCommand> out = new ArrayList<>();
    published.rules().forEach(r -> out.add(new RuleCommand(r.id(), v, r)));
    for (String id : new TreeSet<>(idsInForce)) {
      if (published.rule(id).isEmpty()) {
        out.add(new RuleCommand(id, v, null));
      }
    }
    return out;
  }
}
