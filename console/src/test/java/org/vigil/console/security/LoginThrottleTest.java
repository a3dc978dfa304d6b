package org.vigil.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Locks after five failures of a name (twenty of an address), doubling from 30 s to 15 min; a success forgets. */
class LoginThrottleTest {

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle t = new LoginThrottle(clock);

  @Test
  void fiveFailuresOfANameLockItThirtySecondsThenDoubling() {
    for (int i = 0; i < 4; i++) {
      t.failed("maria", "10.0.0.1");
      assertThat(t.waitFor("maria", "10.0.0.1")).isZero();
    }
    t.failed("maria", "10.0.0.1"); // the 5th: 30 s
    assertThat(t.waitFor("maria", "10.0.0.2")).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.waitFor("otto", "10.0.0.2")).isZero(); // another name from another address may go on
    clock.advance(Duration.ofSeconds(31));
    assertThat(t.waitFor("maria", "10.0.0.1")).isZero();
    t.failed("maria", "10.0.0.1"); // the 6th: 60 s, the 7th: 120 s
    assertThat(t.waitFor("maria", "10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
    t.failed("maria", "10.0.0.1");
    assertThat(t.waitFor("maria", "10.0.0.1")).isEqualTo(Duration.ofSeconds(120));
    for (int i = 0; i < 10; i++) {
      t.failed("maria", "10.0.0.1");
    }
    assertThat(t.waitFor("maria", "10.0.0.1")).isEqualTo(Duration.ofMinutes(15)); // the cap
  }

  @Test
  void twentyFailuresFromOneAddressLockItForEveryName() {
    for (int i = 0; i < 20; i++) {
      t.failed("user" + i, "10.0.0.9"); // password spraying: one try per name
    }
    assertThat(t.waitFor("someone-else", "10.0.0.9")).isEqualTo(Duration.ofSeconds(30));
    assertThat(t.waitFor("someone-else", "10.0.0.8")).isZero();
  }

  @Test
  void aSuccessForgetsTheNamesFailuresAndOldFailuresExpire() {
    for (int i = 0; i < 4; i++) {
      t.failed("maria", "10.0.0.1");
    }
    t.succeeded("maria");
    t.failed("maria", "10.0.0.1");
    assertThat(t.waitFor("maria", "10.0.0.1")).isZero();
    for (int i = 0; i < 3; i++) {
      t.failed("otto", "10.0.0.3");
    }
    clock.advance(LoginThrottle.WINDOW.plusSeconds(1)); // failures older than 15 min no longer count
    t.failed("otto", "10.0.0.3");
    t.failed("otto", "10.0.0.3");
    assertThat(t.waitFor("otto", "10.0.0.3")).isZero();
  }

  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
