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
 * role does not allow the action, auditing every refusal. Duty by region ({@link Duty}): {@link #requireSite} and
 * {@link #requireRegion} answer 403 (audited) when the target lies outside the user's region.
 */
public final class Access {

  /** The session cookie. */
  public static final String COOKIE = "vigil_session";
  private static final String ATTR = "vigil.session";

  private final Sessions sessions;
  private final AuditLog audit;
  private final Clock clock;
  private final Duty duty;

  public Access(Sessions sessions, AuditLog audit, Clock clock, Duty duty) {
    this.sessions = sessions;
    this.audit = audit;
    this.clock = clock;
    this.duty = duty;
  }

  /** Duty by region: the region tree in force. */
  public Duty duty() {
    return duty;
  }

  /**
   * Refuses (403, audited with the site's region) when {@code site} lies outside {@code u}'s region; a site the
   * registry does not know lies only in the whole county's.
   */
  public void requireSite(Context ctx, User u, String action, String site, String target) {
    if (!duty.sees(u, site)) {
      String region = duty.tree().regionOfSite(site);
      record(ctx, u, action, "refused", target, region == null ? "" : region, "site " + site + " is outside region "
          + u.region());
      throw new ApiException(403, "user " + u.name() + " answers for region " + u.region() + ": site " + site
          + (region == null ? " is not in the registry" : " lies in " + region) + ", outside it (" + action + ")");
    }
  }

  /** Refuses (403, audited) when {@code region} lies outside {@code u}'s region. */
  public void requireRegion(Context ctx, User u, String action, String region, String target) {
    if (!duty.covers(u, region)) {
      record(ctx, u, action, "refused", target, region, "region " + region + " is outside region " + u.region());
      throw new ApiException(403, "user " + u.name() + " answers for region " + u.region() + ": region " + region
          + " lies outside it (" + action + ")");
    }
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
    record(ctx, user, action, outcome, target, "", detail);
  }

  /** Audits an action on a target in {@code targetRegion} (may be empty). */
  public void record(Context ctx, User user, String action, String outcome, String target, String targetRegion,
      String detail) {
    audit.record(new AuditEntry(clock.millis(), user == null ? "-" : user.name(),
        user == null ? "-" : user.role().wireName(), Duty.regionLabel(user), action, outcome,
        target == null ? "" : target, targetRegion == null ? "" : targetRegion, detail == null ? "" : detail,
        ctx.ip()));
  }

  /** The region of a site for the audit trail: its registry region, or empty. */
  public String regionOfSite(String site) {
    String r = duty.tree().regionOfSite(site);
    return r == null ? "" : r;
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
