package org.vigil.jobs.notify;

import java.io.Serializable;
import java.util.Objects;
import org.vigil.alerts.rules.EscalationPolicy;

/**
 * The escalation policy of an accepted ruleset ({@code escalation:}), as noise control receives it (broadcast) and
 * keeps it in force: a newer ruleset version replaces it, whatever its rules.
 *
 * @param version the ruleset's version (0 for the rules file the job started with)
 * @param policy its escalation periods ({@link EscalationPolicy#NONE} when it has no section)
 */
public record EscalationUpdate(long version, EscalationPolicy policy) implements Serializable {

  public EscalationUpdate {
    Objects.requireNonNull(policy, "policy");
  }
}
