package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy policy = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofMinutes(10));

  @Test
  void doublesFromTheInitialBackoffUpToTheCap() {
    // With the jitter at its top (random -> 1): 200, 400, 800, 1600, 3200, 6400, then capped at 10 s.
    long[] expected = {200, 400, 800, 1600, 3200, 6400, 10_000, 10_000};
    for (int retry = 1; retry <= expected.length; retry++) {
      assertThat(policy.backoff(retry, 0.9999999, null).toMillis())
          .as("retry %d", retry)
          .isBetween(expected[retry - 1] - 1, expected[retry - 1]);
    }
  }

  @Test
  void jitterStaysBetweenHalfAndAllOfTheDelay() {
    assertThat(policy.backoff(1, 0.0, null)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.backoff(3, 0.0, null)).isEqualTo(Duration.ofMillis(400));
    assertThat(policy.backoff(3, 0.5, null)).isEqualTo(Duration.ofMillis(600));
  }

  @Test
  void honoursRetryAfterUpToTheCap() {
    assertThat(policy.backoff(1, 0.0, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(policy.backoff(1, 0.0, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
  }
}
