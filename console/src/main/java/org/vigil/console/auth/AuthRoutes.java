package org.vigil.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.vigil.console.http.ApiException;
import org.vigil.console.http.Json;
import org.vigil.console.security.LoginThrottle;

/**
 * {@code POST /api/login} {@code {"user", "password"}} -> session cookie and {@code {"user", "role", "token"}} (the
 * token also works as a bearer token); {@code POST /api/logout}; {@code GET /api/me}. Failed logins are throttled
 * per user name and per client address ({@link LoginThrottle}).
 */
public final class AuthRoutes {

  private final UserDirectory users;
  private final Sessions sessions;
  private final Access access;
  private final int cookieMaxAge;

  private final LoginThrottle throttle;

  public AuthRoutes(UserDirectory users, Sessions sessions, Access access, int cookieMaxAgeSeconds,
      LoginThrottle throttle) {
    this.users = users;
    this.sessions = sessions;
    this.access = access;
    this.cookieMaxAge = cookieMaxAgeSeconds;
    this.throttle = throttle;
  }

  public void routing(Javalin app) {
    app.post("/api/login", this::login);
    app.post("/api/logout", this::logout);
    app.get("/api/me", ctx -> {
      User u = access.require(ctx, Role.VIEWER, "read");
      ctx.json(Map.of("user", u.name(), "role", u.role().wireName(), "region", Duty.regionLabel(u),
          "regionName", u.region().isEmpty() ? "whole county" : access.duty().tree().name(u.region())));
    });
  }

  private void login(Context ctx) {
    JsonNode body = Json.body(ctx);
    String name = Json.text(body, "user", true);
    String password = Json.text(body, "password", true);
    if (name.length() > 64 || password.length() > 1024) {
      throw ApiException.badRequest("user or password is too long");
    }
    Duration wait = throttle.waitFor(name, ctx.ip());
    if (!wait.isZero()) {
      access.record(ctx, null, "login", "throttled", name, "too many failed logins");
      ctx.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
      throw new ApiException(429, "too many failed logins for this user or from this address: try again in "
          + Math.max(1, (wait.toMillis() + 999) / 1000) + " s");
    }
    Optional<User> u = users.authenticate(name, password.toCharArray());
    if (u.isEmpty()) {
      throttle.failed(name, ctx.ip());
      access.record(ctx, null, "login", "refused", name, "wrong user or password");
      throw new ApiException(401, "wrong user or password");
    }
    throttle.succeeded(name);
    Sessions.Session s = sessions.open(u.get());
    Access.setCookie(ctx, s.token(), cookieMaxAge);
    access.record(ctx, u.get(), "login", "ok", name, "");
    ctx.json(Map.of("user", u.get().name(), "role", u.get().role().wireName(), "token", s.token(),
        "region", Duty.regionLabel(u.get()), "regionName", u.get().region().isEmpty() ? "whole county"
            : access.duty().tree().name(u.get().region())));
  }

  private void logout(Context ctx) {
    User u = access.require(ctx, Role.VIEWER, "logout");
    sessions.close(Access.token(ctx));
    Access.setCookie(ctx, "", 0);
    access.record(ctx, u, "logout", "ok", "", "");
    ctx.json(Map.of("ok", true));
  }
}
