package org.vigil.alerts.rules;

import java.io.Serializable;
import java.util.List;
import java.util.Optional;

/**
 * A whole ruleset as published: the rules and who changed them and why. Immutable; rules keep the file's order.
 *
 * @param version assigned on publish (increasing), null in a file not yet published
 * @param author who made this version
 * @param comment why
 * @param rules the rules, ids unique
 */
public record RuleSet(Long version, String author, String comment, List<RuleDef> rules) implements Serializable {

  public RuleSet {
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    rules = rules == null ? List.of() : List.copyOf(rules);
  }

  /** The rule with this id. */
  public Optional<RuleDef> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The same rules under another version, author and comment (what publishing does). */
  public RuleSet withVersion(long newVersion, String newAuthor, String newComment) {
    return new RuleSet(newVersion, newAuthor, newComment, rules);
  }
}
