package org.vigil.warning.broadcast;

/**
 * One loudspeaker's delivery of one broadcast, as reported to listeners when it changes.
 *
 * @param identifier the broadcast message's identifier
 * @param loudspeakerId the loudspeaker
 * @param status what happened
 * @param attempts attempts made so far
 * @param reason for a failure or giving up: why (HTTP status or error); else empty
 * @param atMs when, epoch ms
 * @param latencyMs from the broadcast's start to this event
 */
public record Delivery(String identifier, String loudspeakerId, Status status, int attempts, String reason, long atMs,
    long latencyMs) {

  /** A delivery's states: SENT and FAILED are passing, the rest final. */
  public enum Status {
    /** An attempt went out. */
    SENT,
    /** The loudspeaker answered 2xx. */
    CONFIRMED,
    /** An attempt failed; another follows after a backoff. */
    FAILED,
    /** No more attempts: the budget is spent or the answer says never. */
    GAVE_UP,
    /** Dropped unsent: a later message of the same incident replaced it. */
    SUPERSEDED;

    public boolean isFinal() {
      return this == CONFIRMED || this == GAVE_UP || this == SUPERSEDED;
    }
  }
}
