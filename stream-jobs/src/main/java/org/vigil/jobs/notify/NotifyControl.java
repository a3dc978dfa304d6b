package org.vigil.jobs.notify;

import org.vigil.alerts.notify.Silence;
import org.vigil.jobs.registry.RegistryUpdate;

/**
 * The broadcast input of {@link NotifyFunction}: a silence (set or lifted), the escalation policy of a new ruleset,
 * or a new registry version (the region tree referrals climb). Exactly one field is set.
 *
 * @param silence a silence, or null
 * @param escalation an escalation policy, or null
 * @param registry a registry version, or null
 */
public record NotifyControl(Silence silence, EscalationUpdate escalation, RegistryUpdate registry) {

  public NotifyControl {
    int set = (silence == null ? 0 : 1) + (escalation == null ? 0 : 1) + (registry == null ? 0 : 1);
    if (set != 1) {
      throw new IllegalArgumentException("a notify control input is one of a silence, an escalation policy or a"
          + " registry, not " + set);
    }
  }

  public static NotifyControl of(Silence s) {
    return new NotifyControl(s, null, null);
  }

  public static NotifyControl of(EscalationUpdate e) {
    return new NotifyControl(null, e, null);
  }

  public static NotifyControl of(RegistryUpdate r) {
    return new NotifyControl(null, null, r);
  }
}
