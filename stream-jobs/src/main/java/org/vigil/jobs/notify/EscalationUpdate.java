package org.vigil.jobs.notify;

import java.io.Serializable;
import java.util.Objects;
import org.vigil.alerts.rules.EscalationPolicy;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.RuleSet;

/**
 * The escalation policy of an accepted ruleset ({@code escalation:}, and what its {@code modes:} section makes of it
 * in each command mode), as noise control receives it (broadcast) and keeps it in force: a newer ruleset version
 * replaces it, whatever its rules.
 *
 * @param version the ruleset's version (0 for the rules file the job started with)
 * @param policy its escalation periods in daily mode ({@link EscalationPolicy#NONE} when it has no section)
 * @param holiday the periods in holiday mode; null (state from before modes): as daily
 * @param emergency the periods in emergency mode; null: as daily
 */
public record EscalationUpdate(long version, EscalationPolicy policy, EscalationPolicy holiday,
    EscalationPolicy emergency) implements Serializable {

  public EscalationUpdate {
    Objects.requireNonNull(policy, "policy");
  }

  /** A policy without modes. */
  public EscalationUpdate(long version, EscalationPolicy policy) {
    this(version, policy, null, null);
  }

  /** The policy of a ruleset version, in every mode. */
  public static EscalationUpdate of(long version, RuleSet rules) {
    return new EscalationUpdate(version, rules.escalation(), rules.escalation(Mode.HOLIDAY),
        rules.escalation(Mode.EMERGENCY));
  }

  /** The periods in a mode. */
  public EscalationPolicy in(Mode mode) {
    EscalationPolicy p = switch (mode) {
      case HOLIDAY -> holiday;
      case EMERGENCY -> emergency;
      default -> policy;
    };
    return p == null ? policy : p;
  }
}
