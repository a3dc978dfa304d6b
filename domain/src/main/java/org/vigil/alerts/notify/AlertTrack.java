package org.vigil.alerts.notify;

/**
 * What {@link NoiseControl} remembers about one alert (one rule and subject) between transitions: its newest
 * transition, the recent state changes flap detection counts, whether a transition is held back, and what was last
 * notified. A Flink POJO (public no-argument constructor, public fields, no records). Not thread-safe.
 */
public class AlertTrack {

  /** "Not set" for times. */
  public static final long UNSET = Long.MIN_VALUE;

  public String rule;
  public String subject;

  /** The newest transition of this rule and subject, notified or not. */
  public EventSnapshot last;

  /**
   * Direction of the newest state change: +1 up (opened, escalated), -1 down (de-escalated, resolved), 0 none yet.
   * Flap detection counts only changes that reverse it: a storm that escalates through every level and then clears
   * is one rise and one fall, not flapping; a value going back and forth across a threshold is.
   */
  public int lastDirection;

  /** Device times of the counted state changes (reversals) within the flap window, oldest first. */
  public long[] changeTimesMs = new long[0];

  /** Device time of the newest state change. */
  public long lastChangeMs = UNSET;

  /** True from the change that made it flap until it has settled. */
  public boolean flapping;

  /** Device time flapping started; UNSET when not flapping. */
  public long flapStartedAtMs = UNSET;

  /** True when a transition was held back (silence, inhibition, flapping) and consumers have not heard of it. */
  public boolean held;

  /** The end of the silence holding it back, for the release timer; UNSET when not held by a silence. */
  public long heldUntilMs = UNSET;

  /** Alert id of the last transition sent to consumers; null when none was sent. */
  public String notifiedAlertId;

  /** Event id ({@link org.vigil.core.AlertEvent#eventId()}) of the last transition sent to consumers. */
  public String notifiedEventId;

  /** True when the last transition sent to consumers was a resolve. */
  public boolean notifiedResolved;

  /** Who acknowledged the open alert; null when it is not acknowledged (an escalation re-arms it). */
  public String ackedBy;

  /** When it was acknowledged, epoch ms; UNSET when not. */
  public long ackedAtMs = UNSET;

  /**
   * Wall-clock time (epoch ms) the current wait for an acknowledgement started: the opening (or the level rise that
   * re-armed the acknowledgement), then each referral up the region tree; UNSET when nothing waits (acknowledged,
   * resolved). See {@link Referrals}.
   */
  public long referralBaseMs = UNSET;

  /** Referrals made since the alert last needed an acknowledgement (0: none yet). */
  public int referrals;

  public AlertTrack() {}

  /** Whether the alert this track holds is open (its newest transition is not a resolve). */
  public boolean open() {
    return last != null && last.state != org.vigil.core.AlertState.RESOLVED;
  }
}
