package org.vigil.alerts.webhook;

import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** Alert events for the webhook tests. */
final class TestEvents {

  /** 2025-11-28T08:00:00Z. */
  static final long STARTED_MS = 1_764_316_800_000L;
  /** 2025-11-28T08:05:00.250Z. */
  static final long UPDATED_MS = 1_764_317_100_250L;

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OTHER_SECRET = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

  private TestEvents() {}

  static AlertEvent escalated() {
    return new AlertEvent("alt_0123456789abcdef0123", "rain-1h", "hillside-a", "hillside-a/rain/r1", Level.ORANGE,
        Level.YELLOW, AlertState.ESCALATED, 41.5, 40.0, STARTED_MS, UPDATED_MS,
        "rainfall over the last hour at hillside-a/rain/r1 is 41.5 mm, at or above the orange level of 40 mm");
  }

  static AlertEvent opened(String id, Level level) {
    return new AlertEvent(id, "rain-1h", "hillside-a", "hillside-a/rain/r1", level, Level.NONE, AlertState.OPENED,
        31.5, 30.0, STARTED_MS, STARTED_MS, "opened " + id);
  }
}
