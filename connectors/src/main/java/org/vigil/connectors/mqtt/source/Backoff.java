package org.vigil.connectors.mqtt.source;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: the n-th delay is drawn from [d/2, d] with d = min(initial * 2^n, max). */
final class Backoff {

  private final long initialMs;
  private final long maxMs;
  private int attempt;

  Backoff(Duration initial, Duration max) {
    this.initialMs = Math.max(1, initial.toMillis());
    this.maxMs = Math.max(initialMs, max.toMillis());
  }

  synchronized long nextDelayMs() {
    long ceiling = initialMs << Math.min(attempt, 30);
    if (ceiling <= 0 || ceiling > maxMs) {
      ceiling = maxMs;
    } else {
      attempt++;
    }
    long floor = ceiling / 2;
    return floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1);
  }

  synchronized void reset() {
    attempt = 0;
  }
}
