package org.vigil.console.security;

import io.javalin.http.Context;

/**
 * Headers on every response of the console (OWASP ASVS 14.4): a Content-Security-Policy that allows scripts, styles,
 * images and connections from the console's own origin only (no inline script, no inline style, no framing, no
 * plugins), {@code nosniff}, no referrer, no framing and no caching of API answers. (Static files name their charset
 * through the console's MIME types.)
 */
public final class SecurityHeaders {

  /**
   * The policy: the console's page loads {@code /app.css} and the module script {@code /app.js}, which imports its
   * modules from {@code /js/} (same origin: {@code script-src 'self'} covers module scripts and their imports), and
   * calls its API.
   */
  public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: "
      + "blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  private SecurityHeaders() {}

  /** Before every request. */
  public static void before(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cross-Origin-Opener-Policy", "same-origin");
    ctx.header("Cross-Origin-Resource-Policy", "same-origin");
    ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (ctx.path().startsWith("/api/")) {
      ctx.header("Cache-Control", "no-store");
    }
  }
}
