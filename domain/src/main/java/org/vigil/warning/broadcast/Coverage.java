package org.vigil.warning.broadcast;

/**
 * How far one broadcast has reached: every loudspeaker it targets is in exactly one of the counted states.
 *
 * @param identifier the broadcast message's identifier
 * @param targets loudspeakers targeted
 * @param confirmed answered 2xx: the message is playing there
 * @param pending not final yet (in flight or waiting to retry)
 * @param gaveUp given up (retry budget spent, or refused for good)
 * @param superseded dropped unsent because a later message of the incident replaced it
 */
public record Coverage(String identifier, int targets, int confirmed, int pending, int gaveUp, int superseded) {

  /** True when no delivery is pending. */
  public boolean complete() {
    return pending == 0;
  }
}
