package org.vigil.console.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in users by session token (32 random bytes, URL-safe base64). The same token is the session cookie of a
 * browser and the bearer token of a script. A session ends at logout or after {@code idleTimeout} without a request.
 * Sessions live in memory: a console restart logs everyone out.
 */
public final class Sessions {

  /** One login. */
  public record Session(String token, User user, long createdMs, long lastSeenMs) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Session> byToken = new ConcurrentHashMap<>();
  private final Duration idleTimeout;
  private final Clock clock;

  public Sessions(Duration idleTimeout, Clock clock) {
    this.idleTimeout = idleTimeout;
    this.clock = clock;
  }

  /** Starts a session for {@code user}. */
  public Session open(User user) {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    long now = clock.millis();
    Session s = new Session(token, user, now, now);
    byToken.put(token, s);
    return s;
  }

  /** The live session of a token, touched; empty when unknown or expired (an expired one is removed). */
  public Optional<Session> find(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    long now = clock.millis();
    Session s = byToken.computeIfPresent(token, (t, old) ->
        now - old.lastSeenMs() > idleTimeout.toMillis() ? null
            : new Session(t, old.user(), old.createdMs(), now));
    return Optional.ofNullable(s);
  }

  /** Ends a session. */
  public void close(String token) {
    if (token != null) {
      byToken.remove(token);
    }
  }

  public int size() {
    return byToken.size();
  }
}
