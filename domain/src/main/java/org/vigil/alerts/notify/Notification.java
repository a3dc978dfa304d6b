package org.vigil.alerts.notify;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/**
 * One message to the people and systems that are told about alerts: a single alert transition, a group of a site's
 * transitions, or the start or end of an alert's flapping. Built by {@link NoiseControl}; its webhook body is
 * {@link NotificationJson#toWebhookBody}.
 *
 * @param id deterministic: for {@link Kind#ALERT} the member's {@link AlertEvent#eventId()} (so a single transition
 *     keeps the webhook-id it always had), otherwise {@code ntf_} + a hash of kind, site and members (see
 *     {@link NotificationIds}); a replay produces the same id
 * @param site the site all members belong to
 * @param level the highest {@link AlertEvent#notifyLevel()} among the members
 * @param kind what the notification says
 * @param members the transitions it reports, in device-time order (then rule, subject)
 * @param createdAtMs device time it was decided, epoch ms (the group's close, the flap's start or settling)
 * @param message a sentence for people
 */
public record Notification(
    String id, String site, Level level, Kind kind, List<AlertEvent> members, long createdAtMs, String message) {

  /** What a notification reports; the webhook event type is {@link #eventType()}. */
  public enum Kind {
    /** One transition, sent as the plain alert event ({@code alert.<state>}). */
    ALERT,
    /** Several transitions of one site within the group window ({@code alert.group}). */
    GROUP,
    /** An alert started flapping; its notifications are held until it settles ({@code alert.flapping}). */
    FLAPPING,
    /** A flapping alert has been quiet for the settle period; the member is its final state ({@code alert.settled}). */
    SETTLED;

    /** {@code alert.group}, {@code alert.flapping}, {@code alert.settled}; {@link #ALERT} uses the member's state. */
    public String eventType() {
      return "alert." + name().toLowerCase(Locale.ROOT);
    }
  }

  public Notification {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(kind, "kind");
    members = List.copyOf(members);
    if (members.isEmpty()) {
      throw new IllegalArgumentException("notification " + id + " has no members");
    }
  }

  /** A lone transition as a notification: id = its event id, as {@link NoiseControl} sends a group of one. */
  public static Notification single(AlertEvent e) {
    return new Notification(e.eventId(), e.site(), e.notifyLevel(), Kind.ALERT, List.of(e), e.updatedAtMs(),
        e.message());
  }

  /** The webhook event type: {@code alert.<state>} of the member for {@link Kind#ALERT}, else the kind's. */
  public String eventType() {
    return kind == Kind.ALERT ? "alert." + members.get(0).state().wireName() : kind.eventType();
  }
}
