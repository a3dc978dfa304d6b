package org.vigil.alerts.notify;

import org.vigil.core.AlertEvent;

/**
 * What became of an {@link Ack}: accepted with the {@code acknowledged} transition it produced (to be stored and
 * published like any transition), or refused with the reason.
 *
 * @param ack the acknowledgement
 * @param event the acknowledged transition, null when refused
 * @param reason why it was refused, null when accepted
 */
public record AckDecision(Ack ack, AlertEvent event, String reason) {

  public static AckDecision accepted(Ack ack, AlertEvent event) {
    return new AckDecision(ack, event, null);
  }

  public static AckDecision refused(Ack ack, String reason) {
    return new AckDecision(ack, null, reason);
  }

  public boolean isAccepted() {
    return event != null;
  }
}
