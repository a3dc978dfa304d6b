package org.vigil.alerts.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Random;

/** Retry delays: capped exponential backoff with full jitter, or the server's {@code Retry-After}. */
public final class Backoff {

  private Backoff() {}

  /**
   * Delay before the next attempt: {@code Retry-After} when the response has a usable one, otherwise full jitter,
   * uniform in {@code [0, min(max, initial * 2^(failedAttempts-1)))}; either way at most {@code max}.
   */
  public static Duration nextDelay(
      int failedAttempts, Duration initial, Duration max, Optional<String> retryAfter, Clock clock, Random random) {
    Optional<Duration> asked = retryAfter.flatMap(v -> parseRetryAfter(v, clock.instant()));
    if (asked.isPresent()) {
      return asked.get().compareTo(max) > 0 ? max : asked.get();
    }
    return fullJitter(failedAttempts, initial, max, random);
  }

  public static Duration fullJitter(int failedAttempts, Duration initial, Duration max, Random random) {
    long capMs = exponentialCapMs(failedAttempts, initial.toMillis(), max.toMillis());
    return Duration.ofMillis((long) (random.nextDouble() * capMs));
  }

  /** {@code min(max, initial * 2^(failedAttempts-1))} without overflow. */
  static long exponentialCapMs(int failedAttempts, long initialMs, long maxMs) {
    int shift = Math.max(0, failedAttempts - 1);
    if (shift >= 62 || initialMs > (maxMs >> Math.min(shift, 62))) {
      return maxMs;
    }
    return Math.min(maxMs, initialMs << shift);
  }

  /**
   * {@code Retry-After} as delta-seconds ({@code 120}) or an IMF-fixdate HTTP-date ({@code Wed, 21 Oct 2015 07:28:00
   * GMT}); a date in the past gives zero. Empty for anything else (the obsolete RFC 850 and asctime date forms
   * included), so the caller falls back to its own backoff.
   */
  static Optional<Duration> parseRetryAfter(String value, Instant now) {
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L)); // absurdly large: the cap applies
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
