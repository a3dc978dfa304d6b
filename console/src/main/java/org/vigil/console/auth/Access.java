package org.vigil.console.auth;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.util.Optional;
import org.vigil.console.http.ApiException;
import org.vigil.console.audit.AuditEntry;
import org.vigil.console.audit.AuditLog;

/**
 * Who is asking, and whether they may: resolves the session from the {@code vigil_session} cookie (HttpOnly,
 * SameSite=Strict) or an {@code Authorization: Bearer} token, answers 401 without a live session and 403 when the
 * role does not allow the action, auditing every refusal.
 */
public final class Access {

  /** The session cookie. */
  public static final String COOKIE = "vigil_session";
  private static final String ATTR = "vigil.session";

  private final Sessions sessions;
  private final AuditLog audit;
  private final Clock clock;

  public Access(Sessions sessions, AuditLog audit, Clock clock) {
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
  }

  /** The caller's session, if any (looked up once per request). */
  public Optional<Sessions.Session> session(Context ctx) {
    Sessions.Session cached = ctx.attribute(ATTR);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Sessions.Session> s = sessions.find(token(ctx));
    s.ifPresent(v -> ctx.attribute(ATTR, v));
    return s;
  }

  /** The token the caller sent, or null. */
  public static String token(Context ctx) {
    String h = ctx.header("Authorization");
    if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return h.substring(7).strip();
    }
    return ctx.cookie(COOKIE);
  }

  /** The caller's user, who must hold {@code role} for {@code action}; 401 or 403 (audited) otherwise. */
  public User require(Context ctx, Role role, String action) {
    Optional<Sessions.Session> s = session(ctx);
    if (s.isEmpty()) {
      record(ctx, null, action, "refused", "", "not logged in");
      throw new ApiException(401, "log in first");
    }
    User u = s.get().user();
    if (!u.role().allows(role)) {
      record(ctx, u, action, "refused", "", "needs role " + role.wireName());
      throw new ApiException(403, "role " + u.role().wireName() + " may not " + action + " (needs "
          + role.wireName() + ")");
    }
    return u;
  }

  /** Audits an action of {@code user} (null: not logged in). */
  public void record(Context ctx, User user, String action, String outcome, String target, String detail) {
    audit.record(new AuditEntry(clock.millis(), user == null ? "-" : user.name(),
        user == null ? "-" : user.role().wireName(), action, outcome, target == null ? "" : target,
        detail == null ? "" : detail, ctx.ip()));
  }

  /** Sets the session cookie. */
  public static void setCookie(Context ctx, String token, int maxAgeSeconds) {
    // Secure whenever the console is reached over TLS (its own or a proxy's that says so), so the cookie never
    // travels in clear text once it has been sent over https.
    boolean secure = "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
    ctx.cookie(new Cookie(COOKIE, token, "/", maxAgeSeconds, secure, 0, true, null, null, SameSite.STRICT));
  }
}
