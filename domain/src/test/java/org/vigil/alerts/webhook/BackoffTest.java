package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration FIVE_MIN = Duration.ofMinutes(5);
  /** Wed, 21 Oct 2015 07:28:00 GMT, the RFC 7231 example date. */
  private static final Instant RFC_EXAMPLE = Instant.parse("2015-10-21T07:28:00Z");

  /** A Random whose nextDouble is fixed. */
  static Random fixed(double d) {
    return new Random() {
      @Override
      public double nextDouble() {
        return d;
      }
    };
  }

  @Test
  void capDoublesPerFailedAttemptUpToTheMaximum() {
    // 1 s, 2 s, 4 s, ... 256 s, then the 300 s cap.
    long[] expected = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000};
    for (int failed = 1; failed <= expected.length; failed++) {
      assertThat(Backoff.exponentialCapMs(failed, 1_000, 300_000)).as("after %d failures", failed)
          .isEqualTo(expected[failed - 1]);
    }
    assertThat(Backoff.exponentialCapMs(500, 1_000, 300_000)).isEqualTo(300_000);
    assertThat(Backoff.exponentialCapMs(63, Long.MAX_VALUE / 4, Long.MAX_VALUE / 2)).isEqualTo(Long.MAX_VALUE / 2);
  }

  @Test
  void fullJitterIsUniformBelowTheCap() {
    assertThat(Backoff.fullJitter(3, SECOND, FIVE_MIN, fixed(0.0))).isEqualTo(Duration.ZERO);
    assertThat(Backoff.fullJitter(3, SECOND, FIVE_MIN, fixed(0.5))).isEqualTo(Duration.ofSeconds(2));
    assertThat(Backoff.fullJitter(3, SECOND, FIVE_MIN, fixed(0.999))).isEqualTo(Duration.ofMillis(3_996));
    Random r = new Random(42);
    for (int i = 0; i < 1_000; i++) {
      assertThat(Backoff.fullJitter(4, SECOND, FIVE_MIN, r)).isBetween(Duration.ZERO, Duration.ofMillis(7_999));
    }
  }

  @Test
  void retryAfterAcceptsDeltaSecondsAndHttpDates() {
    Instant now = RFC_EXAMPLE.minusSeconds(90);

    assertThat(Backoff.parseRetryAfter("120", now)).contains(Duration.ofSeconds(120));
    assertThat(Backoff.parseRetryAfter(" 0 ", now)).contains(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now)).contains(Duration.ofSeconds(90));
    assertThat(Backoff.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", RFC_EXAMPLE.plusSeconds(5)))
        .contains(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("soon", now)).isEmpty();
    assertThat(Backoff.parseRetryAfter("-5", now)).isEmpty();
    assertThat(Backoff.parseRetryAfter("99999999999999999999999", now)).isPresent();
  }

  @Test
  void retryAfterWinsOverJitterButIsCappedByMaxBackoff() {
    Clock clock = Clock.fixed(RFC_EXAMPLE, ZoneOffset.UTC);

    assertThat(Backoff.nextDelay(1, SECOND, FIVE_MIN, Optional.of("7"), clock, fixed(0.5)))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(Backoff.nextDelay(1, SECOND, FIVE_MIN, Optional.of("3600"), clock, fixed(0.5))).isEqualTo(FIVE_MIN);
    assertThat(Backoff.nextDelay(1, SECOND, FIVE_MIN, Optional.of("garbage"), clock, fixed(0.5)))
        .isEqualTo(Duration.ofMillis(500));
    assertThat(Backoff.nextDelay(2, SECOND, FIVE_MIN, Optional.empty(), clock, fixed(0.5)))
        .isEqualTo(Duration.ofSeconds(1));
  }
}
