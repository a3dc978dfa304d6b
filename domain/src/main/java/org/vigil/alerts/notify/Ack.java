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
 * @param author the MQTT identity that sent the ack, from its topic ({@code vigil/control/ack/<identity>}, whose
 *     last level only that identity may publish on); {@link #ANONYMOUS} on the old topic without one
 */
public record Ack(String alertId, String site, String by, long atMs, String comment, String author) {

  /** The author of a command that came on a topic without an identity level (a broker without identities). */
  public static final String ANONYMOUS = "anonymous";

  /** An ack whose author is not known yet (set by the job from the topic it came on). */
  public Ack(String alertId, String site, String by, long atMs, String comment) {
    this(alertId, site, by, atMs, comment, ANONYMOUS);
  }

  /** The same ack, sent by {@code identity}. */
  public Ack withAuthor(String identity) {
    return new Ack(alertId, site, by, atMs, comment, identity);
  }

  public Ack {
    author = author == null || author.isBlank() ? ANONYMOUS : author;
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(site, "site");
    if (by == null || by.isBlank()) {
      throw new IllegalArgumentException("ack of " + alertId + " says nobody: 'by' is empty");
    }
    comment = comment == null ? "" : comment;
  }
}
