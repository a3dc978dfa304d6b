package org.vigil.jobs.notify;

import org.vigil.alerts.notify.Silence;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.jobs.registry.RegistryUpdate;

/**
 * The broadcast input of {@link NotifyFunction}: a silence (set or lifted), the escalation policy of a new ruleset,
 * a new registry version (the region tree referrals climb), or the sites' command modes (which escalation times
 * apply). Exactly one field is set.
 *
 * @param silence a silence, or null
 * @param escalation an escalation policy, or null
 * @param registry a registry version, or null
 * @param modes the sites' modes, or null
 */
public record NotifyControl(Silence silence, EscalationUpdate escalation, RegistryUpdate registry, SiteModes modes) {

  public NotifyControl {
    int set = (silence == null ? 0 : 1) + (escalation == null ? 0 : 1) + (registry == null ? 0 : 1)
        + (modes == null ? 0 : 1);
    if (set != 1) {
      throw new IllegalArgumentException("a notify control input is one of a silence, an escalation policy, a"
          + " registry or the sites' modes, not " + set);
    }
  }

  public NotifyControl(Silence silence, EscalationUpdate escalation, RegistryUpdate registry) {
    this(silence, escalation, registry, null);
  }

  public static NotifyControl of(Silence s) {
    return new NotifyControl(s, null, null, null);
  }

  public static NotifyControl of(EscalationUpdate e) {
    return new NotifyControl(null, e, null, null);
  }

  public static NotifyControl of(RegistryUpdate r) {
    return new NotifyControl(null, null, r, null);
  }

  public static NotifyControl of(SiteModes m) {
    return new NotifyControl(null, null, null, m);
  }
}
