package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.vigil.core.AlertEvent;

/**
 * What noise control decides about one alert transition, as it passes the stages of {@link NoiseControl} in turn
 * ({@link NotifyStage}): each stage takes the decision so far and returns it, changed or not, and the last stage
 * ({@link GroupStage}) carries it out. Stages change {@link #outcome()} through {@link #hold}, {@link #flapping},
 * {@link #heldWhileFlapping} and {@link #settled}; what they send goes to {@link #sent()}, in order.
 */
public final class NotifyDecision {

  /** What becomes of the transition. */
  public enum Outcome {
    /** To be notified: grouped with the site's others, or at once at the immediate level. */
    NOTIFY,
    /** Held back by a silence or an inhibiting alert ({@link #mute()}); sent once that ends, if still news. */
    HELD,
    /** The change that makes the alert flap: one {@code flapping} notification. */
    FLAPPING,
    /** A change of an alert that is flapping: held until it settles. */
    HELD_WHILE_FLAPPING,
    /** A flapping alert has been quiet long enough: one {@code settled} notification with its final state. */
    SETTLED
  }

  /** Why a transition is held: a silence (until its end) or an inhibiting alert (until it resolves: UNSET). */
  public record Mute(String reason, long untilMs) {}

  private final AlertEvent event;
  private final AlertTrack track;
  private final long atMs;
  private final boolean change;
  private final boolean acknowledgement;
  private final Collection<Silence> silences;
  private final List<Notification> sent = new ArrayList<>();
  private Outcome outcome = Outcome.NOTIFY;
  private Mute mute;
  private String message = "";

  /**
   * @param event the transition
   * @param track its alert's track (state kept between transitions)
   * @param atMs device time it is judged at
   * @param change a state change (opened, escalated, de-escalated, resolved), not an acknowledgement
   * @param acknowledgement an operator's acknowledgement just accepted: grouped, never sent at once
   * @param silences the silences known
   */
  public NotifyDecision(AlertEvent event, AlertTrack track, long atMs, boolean change, boolean acknowledgement,
      Collection<Silence> silences) {
    this.event = Objects.requireNonNull(event, "event");
    this.track = Objects.requireNonNull(track, "track");
    this.atMs = atMs;
    this.change = change;
    this.acknowledgement = acknowledgement;
    this.silences = silences == null ? List.of() : silences;
  }

  /** A transition from the rule engine, judged at its own device time. */
  public static NotifyDecision of(AlertEvent e, AlertTrack track, Collection<Silence> silences) {
    return new NotifyDecision(e, track, e.updatedAtMs(), e.state() != org.vigil.core.AlertState.ACKNOWLEDGED, false,
        silences);
  }

  public AlertEvent event() {
    return event;
  }

  public AlertTrack track() {
    return track;
  }

  public long atMs() {
    return atMs;
  }

  public boolean change() {
    return change;
  }

  public boolean acknowledgement() {
    return acknowledgement;
  }

  public Collection<Silence> silences() {
    return silences;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Why it is held; null unless {@link Outcome#HELD}. */
  public Mute mute() {
    return mute;
  }

  /** The sentence of a {@code flapping} or {@code settled} notification; empty otherwise. */
  public String message() {
    return message;
  }

  /** The notifications sent while deciding, in order. */
  public List<Notification> sent() {
    return sent;
  }

  /** Held back by {@code m}; a state change is remembered as held on its track. */
  public NotifyDecision hold(Mute m) {
    outcome = Outcome.HELD;
    mute = m;
    if (change) {
      track.held = true;
      track.heldUntilMs = m.untilMs() == UNSET ? UNSET : Math.max(track.heldUntilMs, m.untilMs());
    }
    return this;
  }

  NotifyDecision flapping(String why) {
    outcome = Outcome.FLAPPING;
    message = why;
    return this;
  }

  NotifyDecision heldWhileFlapping() {
    outcome = Outcome.HELD_WHILE_FLAPPING;
    return this;
  }

  NotifyDecision settled(String why) {
    outcome = Outcome.SETTLED;
    message = why;
    return this;
  }

  void send(Notification n) {
    sent.add(n);
  }

  /** Records {@code e} as the last transition consumers were told of. */
  static void markNotified(AlertTrack t, AlertEvent e) {
    t.notifiedAlertId = e.id();
    t.notifiedEventId = e.eventId();
    t.notifiedResolved = e.state() == org.vigil.core.AlertState.RESOLVED;
  }

  @Override
  public String toString() {
    return "NotifyDecision[" + event.eventId() + " " + outcome + (mute == null ? "" : " " + mute.reason()) + ", "
        + sent.size() + " sent]";
  }
}
