package org.vigil.alerts.notify;

import java.util.Objects;

/**
 * An operator's acknowledgement of an open alert, as it arrives on the control topic.
 *
 * @param alertId the alert's {@link org.vigil.core.AlertEvent#id()}
 * @param site the alert's site; it routes the ack to the state that knows the alert (alert ids carry no site)
 * @param by who acknowledged
 * @param atMs when, epoch ms; becomes the {@code updatedAt} of the acknowledged event, so a replay gives the same event
 * @param comment free text, may be empty
 */
public record Ack(String alertId, String site, String by, long atMs, String comment) {

  public Ack {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(site, "site");
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("ack of " + alertId + " says nobody: 'by' is empty");
    }
    comment = comment == null ? "" : comment;
  }
}
