package org.vigil.jobs.influx;

import java.io.Serializable;
import java.time.Duration;

/**
 * How often and how patiently a retryable InfluxDB failure is repeated: at most {@code maxAttempts}
 * sends; before retry {@code n} (1-based) wait {@code min(maxBackoff, initialBackoff * 2^(n-1))},
 * jittered to between half and all of it, and at least the server's {@code Retry-After} (capped at
 * {@code maxBackoff}).
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) implements Serializable {

  /**
   * @param retry 1 for the first retry
   * @param random uniform in [0, 1)
   * @param retryAfter the server's Retry-After, or null
   */
  Duration backoff(int retry, double random, Duration retryAfter) {
    long initial = initialBackoff.toMillis();
    long max = maxBackoff.toMillis();
    long base = initial;
    for (int i = 1; i < retry && base < max; i++) {
      base *= 2;
    }
    base = Math.min(base, max);
    long delay = base / 2 + (long) (random * (base - base / 2));
    if (retryAfter != null) {
      delay = Math.max(delay, Math.min(retryAfter.toMillis(), max));
    }
    return Duration.ofMillis(delay);
  }

  /** The longest total wait before giving up, ignoring jitter and request time. */
  Duration worstCaseWait() {
    Duration total = Duration.ZERO;
    for (int retry = 1; retry < maxAttempts; retry++) {
      total = total.plus(backoff(retry, 0.999999, null));
    }
    return total;
  }
}
