package org.vigil.connectors.influx;

import java.io.Serializable;
import java.time.Duration;

/**
 * How patiently a retryable InfluxDB failure is repeated. Before retry {@code n} (1-based, counted
 * over one unbroken run of failures) wait {@code min(maxBackoff, initialBackoff * 2^(n-1))},
 * jittered to between half and all of it, and at least the server's {@code Retry-After} (capped at
 * {@code maxBackoff}). The budget is time, not attempts: retrying stops, and the writer fails, once
 * InfluxDB has failed without a single success for {@code maxOutage}.
 */
record RetryPolicy(Duration initialBackoff, Duration maxBackoff, Duration maxOutage) implements Serializable {

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
}
