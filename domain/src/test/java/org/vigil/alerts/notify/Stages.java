package org.vigil.alerts.notify;

import java.util.List;
import org.vigil.core.AlertEvent;

/** Hand-built inputs for the stage tests: tracks, decisions. */
final class Stages {

  private Stages() {}

  /** A track of {@code e}'s rule and subject whose newest transition is {@code e}. */
  static AlertTrack track(AlertEvent e) {
    AlertTrack t = new AlertTrack();
    t.rule = e.rule();
    t.subject = e.subject();
    t.last = EventSnapshot.of(e);
    return t;
  }

  /** The decision about {@code e} as it enters the stages, no silences known. */
  static NotifyDecision decision(AlertEvent e, AlertTrack t) {
    return NotifyDecision.of(e, t, List.of());
  }

  /** The decision about {@code e} with these silences known. */
  static NotifyDecision decision(AlertEvent e, AlertTrack t, List<Silence> silences) {
    return NotifyDecision.of(e, t, silences);
  }

  /** A site state holding these tracks under their keys. */
  static SiteNotifyState site(AlertTrack... tracks) {
    SiteNotifyState s = new SiteNotifyState();
    for (AlertTrack t : tracks) {
      s.tracks.put(NoiseControl.key(t.rule, t.subject), t);
    }
    return s;
  }
}
