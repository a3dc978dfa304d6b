package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;

/**
 * Acknowledgements: {@link #acknowledge} turns an operator's {@link Ack} of an open alert into an
 * {@code acknowledged} transition (same id and level), notified like the others but not a state change (flap
 * detection does not count it); an alert is acknowledged once, until it opens again or escalates ({@link #apply}
 * re-arms it).
 */
public final class AcknowledgeStage implements NotifyStage {

  /** An escalation (or a new opening) re-arms the acknowledgement: it needs one again. */
  @Override
  public NotifyDecision apply(SiteNotifyState site, NotifyDecision d) {
    AlertState state = d.event().state();
    if (d.change() && (state == AlertState.OPENED || state == AlertState.ESCALATED)) {
      d.track().ackedBy = null;
      d.track().ackedAtMs = UNSET;
    }
    return d;
  }

  /**
   * The acknowledged transition of the alert {@code ack} names, recorded on its track, or the reason it is refused
   * (unknown, resolved, already acknowledged).
   */
  public AckDecision acknowledge(SiteNotifyState site, Ack ack) {
    AlertTrack t = trackOf(site, ack.alertId());
    if (t == null) {
      return AckDecision.refused(ack, "no alert " + ack.alertId() + " is known at site " + ack.site()
          + " (unknown, long resolved, or superseded by a newer alert of the same rule and sensor)");
    }
    if (!t.open()) {
      return AckDecision.refused(ack, "alert " + ack.alertId() + " was resolved at "
          + AlertJson.isoTime(t.last.updatedAtMs) + "; only open alerts can be acknowledged");
    }
    if (t.ackedBy != null) {
      return AckDecision.refused(ack, "alert " + ack.alertId() + " is already acknowledged by " + t.ackedBy + " at "
          + AlertJson.isoTime(t.ackedAtMs));
    }
    AlertEvent last = t.last.toEvent();
    AlertEvent acked = new AlertEvent(last.id(), last.rule(), last.site(), last.subject(), last.level(), last.level(),
        AlertState.ACKNOWLEDGED, last.value(), last.threshold(), last.startedAtMs(), ack.atMs(),
        "acknowledged by " + ack.by() + (ack.comment().isBlank() ? "" : ": " + ack.comment()), last.details(),
        last.forecastFailureAtMs(), null, last.mode());
    t.ackedBy = ack.by();
    t.ackedAtMs = ack.atMs();
    return AckDecision.accepted(ack, acked);
  }

  /** The track whose newest transition belongs to alert {@code alertId}; null when none. */
  static AlertTrack trackOf(SiteNotifyState site, String alertId) {
    AlertTrack t = null;
    for (AlertTrack c : site.tracks.values()) {
      if (c.last != null && c.last.id.equals(alertId)) {
        t = c;
      }
    }
    return t;
  }
}
