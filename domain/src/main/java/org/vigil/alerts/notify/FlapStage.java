package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.time.Duration;
import java.util.Arrays;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;

/**
 * Flapping: when an alert (rule + subject) reverses direction (up: opened, escalated; down: de-escalated, resolved;
 * its first change counts as one) {@code changes} times within {@code window}, that change becomes one
 * {@code flapping} notification, its later changes are held, and once it has gone {@code settle} without a change
 * one {@code settled} notification gives its final state ({@link #settle}). The changes before the threshold is
 * reached are notified normally: flapping cannot be known in advance. A storm rising level by level and then falling
 * is one rise and one fall, not flapping. Acknowledgements are not changes.
 */
public final class FlapStage implements NotifyStage {

  private final int changes;
  private final Duration window;
  private final Duration settle;

  public FlapStage(int changes, Duration window, Duration settle) {
    this.changes = changes;
    this.window = window;
    this.settle = settle;
  }

  @Override
  public NotifyDecision apply(SiteNotifyState site, NotifyDecision d) {
    if (!d.change()) {
      return d;
    }
    AlertTrack t = d.track();
    AlertEvent e = d.event();
    if (countChange(t, e.state(), d.atMs())) {
      return d.flapping(e.rule() + " on " + e.subject() + " is flapping: " + t.changeTimesMs.length
          + " state changes up and down within " + NoiseControl.human(window) + "; its notifications are held until"
          + " it has been quiet for " + NoiseControl.human(settle));
    }
    return t.flapping ? d.heldWhileFlapping() : d;
  }

  /** Device time a flapping alert settles unless it changes first; UNSET when it is not flapping. */
  public long settlesAtMs(AlertTrack t) {
    return t.flapping ? t.lastChangeMs + settle.toMillis() : UNSET;
  }

  /** True when the flapping alert has been quiet for the settle period by device time {@code nowMs}. */
  public boolean settledBy(AlertTrack t, long nowMs) {
    return t.flapping && t.lastChangeMs + settle.toMillis() <= nowMs;
  }

  /**
   * Ends the flapping of {@code t}: the decision to send its final state as one {@code settled} notification, at
   * the device time it became quiet enough; the stages after this one (silences, inhibition) may still hold it.
   */
  public NotifyDecision settle(AlertTrack t, java.util.Collection<Silence> silences) {
    long at = t.lastChangeMs + settle.toMillis();
    t.flapping = false;
    t.flapStartedAtMs = UNSET;
    t.changeTimesMs = new long[0];
    AlertEvent last = t.last.toEvent();
    return new NotifyDecision(last, t, at, true, false, silences).settled(last.rule() + " on " + last.subject()
        + " has settled after flapping: now " + (last.state() == AlertState.RESOLVED ? "resolved"
        : last.state().wireName() + " at " + last.level().wireName()));
  }

  /**
   * Records a state change; true when it makes the alert start flapping. Only reversals count (the first change, then
   * every change whose direction differs from the one before: up after down or down after up), so an alert rising
   * level by level and later falling level by level is not flapping, while one crossing a threshold back and forth is.
   */
  private boolean countChange(AlertTrack t, AlertState state, long now) {
    int direction = state == AlertState.OPENED || state == AlertState.ESCALATED ? 1 : -1;
    boolean reversal = direction != t.lastDirection;
    t.lastDirection = direction;
    t.lastChangeMs = t.lastChangeMs == UNSET ? now : Math.max(t.lastChangeMs, now);
    if (!reversal) {
      return false;
    }
    long w = window.toMillis();
    long[] kept = Arrays.stream(t.changeTimesMs).filter(x -> now - x < w).toArray();
    t.changeTimesMs = Arrays.copyOf(kept, kept.length + 1);
    t.changeTimesMs[kept.length] = now;
    if (!t.flapping && t.changeTimesMs.length >= changes) {
      t.flapping = true;
      t.flapStartedAtMs = now;
      return true;
    }
    return false;
  }
}
