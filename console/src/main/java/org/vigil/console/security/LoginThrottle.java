package org.vigil.console.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing (OWASP ASVS 2.2.1): after {@link #FREE_FAILURES} failed logins for one user name, or
 * {@link #FREE_FAILURES_PER_ADDRESS} from one client address (a monitoring center's operators may share one), within
 * {@link #WINDOW}, further attempts for that name or from that address are refused (429, {@code Retry-After}) for a
 * lock that doubles with every further failure, from 30 s up to 15 minutes. The right password during a lock is
 * refused too, so a lock cannot be raced. A success clears the name's count.
 */
public final class LoginThrottle {

  /** Failures of one user name allowed before the first lock. */
  public static final int FREE_FAILURES = 5;

  /** Failures from one address allowed before the first lock. */
  public static final int FREE_FAILURES_PER_ADDRESS = 20;

  /** How long failures are remembered. */
  public static final Duration WINDOW = Duration.ofMinutes(15);

  static final Duration FIRST_LOCK = Duration.ofSeconds(30);
  static final Duration MAX_LOCK = Duration.ofMinutes(15);
  private static final int MAX_TRACKED = 100_000;

  private final Clock clock;
  private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  private static final class Failures {
    int count;
    long firstMs;
    long lockedUntilMs;
  }

  /** How long the caller must wait before trying this name from this address; zero when it may try now. */
  public Duration waitFor(String user, String address) {
    long now = clock.millis();
    long until = Math.max(lockedUntil("user:" + user, now), lockedUntil("ip:" + address, now));
    return until > now ? Duration.ofMillis(until - now) : Duration.ZERO;
  }

  /** A failed login of this name from this address. */
  public void failed(String user, String address) {
    long now = clock.millis();
    fail("user:" + user, now, FREE_FAILURES);
    fail("ip:" + address, now, FREE_FAILURES_PER_ADDRESS);
    if (byKey.size() > MAX_TRACKED) {
      prune(now);
    }
  }

  /** A successful login: the name's failures are forgotten (the address's stay, against spraying many names). */
  public void succeeded(String user) {
    byKey.remove("user:" + user);
  }

  private long lockedUntil(String key, long now) {
    Failures f = byKey.get(key);
    return f == null ? 0 : f.lockedUntilMs;
  }

  private void fail(String key, long now, int free) {
    byKey.compute(key, (k, f) -> {
      if (f == null || now - f.firstMs > WINDOW.toMillis()) {
        f = new Failures();
        f.firstMs = now;
      }
      f.count++;
      if (f.count >= free) {
        int doublings = Math.min(f.count - free, 10);
        long lock = Math.min(MAX_LOCK.toMillis(), FIRST_LOCK.toMillis() << doublings);
        f.lockedUntilMs = now + lock;
      }
      return f;
    });
  }

  private void prune(long now) {
    for (Iterator<Map.Entry<String, Failures>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
      Failures f = it.next().getValue();
      if (now - f.firstMs > WINDOW.toMillis() && f.lockedUntilMs < now) {
        it.remove();
      }
    }
  }
}
