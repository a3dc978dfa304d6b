package org.vigil.core;

import java.util.Locale;

/** Transitions of an alert's life; the webhook event type is {@code alert.<wireName>}. */
public enum AlertState {
  OPENED,
  ESCALATED,
  DE_ESCALATED,
  RESOLVED,
  ACKNOWLEDGED;

  /** {@code opened}, {@code de-escalated}, ... as used in event types and tags. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
