package org.vigil.alerts.rules;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * A whole ruleset as published: the rules and who changed them and why. Immutable; rules keep the file's order.
 *
 * @param version assigned on publish (increasing), null in a file not yet published
 * @param author who made this version
 * @param comment why
 * @param rules the rules, ids unique
 * @param escalation how long alerts may stay unacknowledged before they are referred up the region tree ({@link
 *     EscalationPolicy#NONE} without an {@code escalation:} section; also for a ruleset serialised before it had one)
 * @param modes what the holiday and emergency command modes change ({@link ModeProfiles#NONE} without a {@code
 *     modes:} section; also for a ruleset serialised before it had one)
 * @param health the rules that judge device health ({@link HealthRules#NONE} without a {@code health:} section; also
 *     for a ruleset serialised before it had one)
 */
public record RuleSet(Long version, String author, String comment, List<RuleDef> rules, EscalationPolicy escalation,
    ModeProfiles modes, HealthRules health) implements Serializable {

  public RuleSet {
    author = author == null ? "" : author;
    comment = comment == null ? "" : comment;
    rules = rules == null ? List.of() : List.copyOf(rules);
    escalation = escalation == null ? EscalationPolicy.NONE : escalation;
    modes = modes == null ? ModeProfiles.NONE : modes;
    health = health == null ? HealthRules.NONE : health;
  }

  /** A ruleset without mode profiles and health rules. */
  public RuleSet(Long version, String author, String comment, List<RuleDef> rules, EscalationPolicy escalation) {
    this(version, author, comment, rules, escalation, ModeProfiles.NONE, HealthRules.NONE);
  }

  /** A ruleset without health rules. */
  public RuleSet(Long version, String author, String comment, List<RuleDef> rules, EscalationPolicy escalation,
      ModeProfiles modes) {
    this(version, author, comment, rules, escalation, modes, HealthRules.NONE);
  }

  /** A ruleset without mode profiles. */
  public RuleSet(Long version, String author, String comment, List<RuleDef> rules, EscalationPolicy escalation,
      HealthRules health) {
    this(version, author, comment, rules, escalation, ModeProfiles.NONE, health);
  }

  /** A ruleset without escalation. */
  public RuleSet(Long version, String author, String comment, List<RuleDef> rules) {
    this(version, author, comment, rules, EscalationPolicy.NONE);
  }

  /** The rule with this id. */
  public Optional<RuleDef> rule(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The escalation times of a command mode ({@link ModeProfiles#escalation}). */
  public EscalationPolicy escalation(Mode mode) {
    return modes.escalation(escalation, mode);
  }

  /** The same rules under another version, author and comment (what publishing does). */
  public RuleSet withVersion(long newVersion, String newAuthor, String newComment) {
    return new RuleSet(newVersion, newAuthor, newComment, rules, escalation, modes, health);
  }

  /** Classes a serialised ruleset may hold: its own records and the JDK's values and collections. */
  private static final ObjectInputFilter ONLY_RULES =
      ObjectInputFilter.Config.createFilter("maxdepth=20;org.vigil.alerts.rules.**;org.vigil.core.*;java.**;!*");

  /**
   * The checked ruleset as bytes (Java serialization of its records), the form in which the monitoring job passes
   * it to its rule operators and keeps it in state: they judge with the rules as read and checked once, without
   * reading YAML again.
   */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(this);
    } catch (IOException e) {
      throw new UncheckedIOException("ruleset not serialisable", e);
    }
    return bytes.toByteArray();
  }

  /** The ruleset of {@link #toBytes()}. */
  public static RuleSet fromBytes(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(ONLY_RULES);
      return (RuleSet) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      throw new IllegalStateException("serialised ruleset unreadable: " + e, e);
    }
  }
}
