package org.vigil.console.security;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.Locale;
import org.vigil.console.http.ApiException;

/**
 * Cross-site request forgery defence for every state-changing request ({@code POST}, {@code PUT}, {@code PATCH},
 * {@code DELETE}), beside the session cookie's {@code SameSite=Strict} (which other ports of the same host, such as
 * Grafana or a development server, do not count as another site):
 *
 * <ul>
 *   <li>a browser's {@code Origin} (or, without it, {@code Sec-Fetch-Site}) must be the console's own origin: the
 *       scheme and {@code Host} the request came to. Tools that send neither (curl, the {@code vigil} commands) pass;
 *       they cannot be made to send a cookie by another page.
 *   <li>a request with a body must say {@code Content-Type: application/json}: a form or {@code text/plain} body, the
 *       kinds another page can send without asking, is refused (415) before it is read.
 *   <li>a body is at most {@link #MAX_BODY_BYTES}.
 * </ul>
 */
public final class RequestGuard {

  /** Largest request body: a ruleset of 1 MiB as JSON, with room. */
  public static final long MAX_BODY_BYTES = 2L * 1024 * 1024;

  private RequestGuard() {}

  /** Before every request. */
  public static void before(Context ctx) {
    HandlerType m = ctx.method();
    if (m != HandlerType.POST && m != HandlerType.PUT && m != HandlerType.PATCH && m != HandlerType.DELETE) {
      return;
    }
    String origin = ctx.header("Origin");
    String host = ctx.header("Host");
    if (origin != null) {
      if (!sameOrigin(origin, ctx.scheme(), host)) {
        throw new ApiException(403, "cross-origin request refused: Origin " + shorten(origin)
            + " is not this console's");
      }
    } else {
      String site = ctx.header("Sec-Fetch-Site");
      if (site != null && !site.equals("same-origin") && !site.equals("none")) {
        throw new ApiException(403, "cross-origin request refused (Sec-Fetch-Site: " + shorten(site) + ")");
      }
    }
    long length = ctx.contentLength();
    if (length > MAX_BODY_BYTES) {
      throw new ApiException(413, "the body has " + length + " bytes; at most " + MAX_BODY_BYTES);
    }
    if (length > 0 || ctx.header("Transfer-Encoding") != null) {
      String type = ctx.contentType();
      if (type == null || !type.toLowerCase(Locale.ROOT).split(";", 2)[0].strip().equals("application/json")) {
        throw new ApiException(415, "send the body as Content-Type: application/json");
      }
    }
  }

  /** Whether {@code origin} is {@code scheme://host} of this request (default ports folded). */
  static boolean sameOrigin(String origin, String scheme, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      URI h = URI.create(scheme + "://" + host);
      return o.getScheme() != null && o.getScheme().equalsIgnoreCase(h.getScheme())
          && o.getHost() != null && o.getHost().equalsIgnoreCase(h.getHost())
          && port(o) == port(h);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static String shorten(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
