package org.vigil.jobs.notify;

import org.vigil.alerts.notify.Ack;
import org.vigil.core.AlertEvent;

/**
 * The keyed input of {@link NotifyFunction}: an alert transition from the rules, or an operator's acknowledgement.
 * Both are keyed by site, so the ack reaches the state that knows its alert. Exactly one field is set.
 *
 * @param alert a transition, or null
 * @param ack an acknowledgement, or null
 */
public record NotifyInput(AlertEvent alert, Ack ack) {

  public NotifyInput {
    if ((alert == null) == (ack == null)) {
      throw new IllegalArgumentException("a notify input is either an alert or an ack, not " + (alert == null
          ? "neither" : "both"));
    }
  }

  public static NotifyInput of(AlertEvent alert) {
    return new NotifyInput(alert, null);
  }

  public static NotifyInput of(Ack ack) {
    return new NotifyInput(null, ack);
  }

  /** The key: the site of the alert or ack. */
  public String site() {
    return alert != null ? alert.site() : ack.site();
  }

  /** Device time of the input: the transition's, or the ack's. */
  public long timestampMs() {
    return alert != null ? alert.updatedAtMs() : ack.atMs();
  }
}
