package org.vigil.alerts.notify;

import java.util.Collection;
import java.util.Set;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;

/**
 * Inhibition: while an alert of an inhibiting rule ({@link NotifyOptions#inhibitingRules()}, the deadman rules) is
 * open on a subject, that subject's transitions of other rules are held until it resolves. The inhibiting alert
 * itself is notified, and its resolve releases what it held ({@link #releases}).
 */
public final class InhibitStage implements MuteStage {

  private final Set<String> inhibitingRules;

  public InhibitStage(Set<String> inhibitingRules) {
    this.inhibitingRules = Set.copyOf(inhibitingRules);
  }

  @Override
  public NotifyDecision.Mute muteOf(SiteNotifyState site, AlertEvent e, long atMs, Collection<Silence> silences) {
    if (inhibitingRules.contains(e.rule())) {
      return null;
    }
    for (AlertTrack t : site.tracks.values()) {
      if (t.subject.equals(e.subject()) && inhibitingRules.contains(t.rule) && t.open()) {
        return new NotifyDecision.Mute("inhibited by " + t.rule, AlertTrack.UNSET);
      }
    }
    return null;
  }

  /** True when {@code e} ends an inhibition: what it held may be sent now. */
  public boolean releases(AlertEvent e) {
    return e.state() == AlertState.RESOLVED && inhibitingRules.contains(e.rule());
  }
}
