package org.vigil.jobs.webhook;

import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/** Deterministic alert events for the webhook delivery tests. */
final class TestAlerts {

  /** 2026-11-28T08:00:00Z. */
  static final long T0 = 1_795_852_800_000L;
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private TestAlerts() {}

  /** Event number {@code i}: alert {@code alt_test_<i>} opened at T0 + i seconds, at {@code level}. */
  static AlertEvent opened(int i, Level level) {
    long t = T0 + i * 1000L;
    return new AlertEvent(String.format("alt_test_%04d", i), "rain-1h", "hill-a", "hill-a/rain/r" + (i % 7), level,
        Level.NONE, AlertState.OPENED, 31.5, 30.0, t, t, "test alert " + i);
  }

  static AlertEvent opened(int i) {
    return opened(i, Level.ORANGE);
  }
}
