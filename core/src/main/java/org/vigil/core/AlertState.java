package org.vigil.core;

import java.util.Locale;

/** Transitions of an alert's life; the webhook event type is {@code alert.<wireName>}. */
public enum AlertState {
  OPENED,
  ESCALATED,
  DE_ESCALATED,
  RESOLVED,
  ACKNOWLEDGED,
  /**
   * Not acknowledged within the escalation period of its level: referred to the next region up (or, at the top, a
   * reminder to it). The level does not change; {@link AlertEvent#referral()} says to whom and which time it is.
   */
  REFERRED;

  /** {@code opened}, {@code de-escalated}, ... as used in event types and tags. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
