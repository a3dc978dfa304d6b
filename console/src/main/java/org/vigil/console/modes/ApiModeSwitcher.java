package org.vigil.console.modes;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.vigil.alerts.rules.Mode;
import org.vigil.alerts.rules.ModeProfiles;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.cli.launcher.ModeSwitcher;
import org.vigil.console.auth.Access;
import org.vigil.console.http.Json;

/**
 * A command mode switch made as a console user makes it in the browser: over the console's HTTP API, with the
 * console's own {@code Origin} and the session cookie of a login, so that the request guard, the user's role and
 * region and the audit ({@code console_audit}: the login, {@code mode.switch}, the logout) apply as to anyone.
 *
 * <ol>
 *   <li>{@code POST /api/login} as the user; {@code GET /api/modes}: the region's effective mode before;</li>
 *   <li>{@code POST /api/modes} {@code {"region", "mode", "reason"}} (202: sent to the job);</li>
 *   <li>{@code GET /api/modes} until the region has the mode, set by this user no earlier than the request (the
 *       job's retained {@code vigil/mode/<region>}), at most {@code wait};</li>
 *   <li>{@code GET /api/rules}: what the mode changes at a site with the given tags, beside the daily levels;</li>
 *   <li>{@code POST /api/logout}.</li>
 * </ol>
 */
public final class ApiModeSwitcher implements ModeSwitcher {

  private final Supplier<URI> console;
  private final String user;
  private final String password;
  private final Duration wait;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * @param console the console's URL, asked when switching (it is known once the console has started)
   * @param wait how long to wait for the job's switch to reach the console
   */
  public ApiModeSwitcher(Supplier<URI> console, String user, String password, Duration wait) {
    this.console = console;
    this.user = user;
    this.password = password;
    this.wait = wait;
  }

  @Override
  public Switched switchMode(String region, String mode, String reason, List<String> siteTags)
      throws IOException, InterruptedException {
    URI base = console.get();
    String origin = base.getScheme() + "://" + base.getRawAuthority();
    JsonNode login = call(base, origin, null, "POST", "/api/login", Json.MAPPER.createObjectNode()
        .put("user", user).put("password", password).toString(), 200);
    String cookie = Access.COOKIE + "=" + login.get("token").asText();
    try {
      JsonNode entry = entry(call(base, origin, cookie, "GET", "/api/modes", null, 200), region);
      String before = entry == null ? "?" : entry.path("effective").asText("?");
      long sentAt = System.currentTimeMillis();
      call(base, origin, cookie, "POST", "/api/modes", Json.MAPPER.createObjectNode().put("region", region)
          .put("mode", mode).put("reason", reason).toString(), 202);
      long requestedAt = System.currentTimeMillis();
      long accepted = 0;
      long until = System.nanoTime() + wait.toNanos();
      while (accepted == 0 && System.nanoTime() < until) {
        JsonNode e = entry(call(base, origin, cookie, "GET", "/api/modes", null, 200), region);
        if (e != null && mode.equals(e.path("mode").asText()) && user.equals(e.path("setBy").asText())
            && e.path("setAtMs").asLong(0) >= sentAt - 1_000) {
          accepted = e.get("setAtMs").asLong();
        } else {
          Thread.sleep(250);
        }
      }
      JsonNode rules = call(base, origin, cookie, "GET", "/api/rules", null, 200);
      String changes = changes(RuleSetLoader.parse(rules.path("yaml").asText(), rules.path("source").asText()),
          Mode.fromWire(mode), siteTags);
      return new Switched(user, before, requestedAt, accepted, changes);
    } finally {
      try {
        call(base, origin, cookie, "POST", "/api/logout", null, 200);
      } catch (IOException e) {
        // the session ends with its time anyway
      }
    }
  }

  /**
   * What {@code mode} changes at a site with {@code tags}: each rule the mode gives other levels there, with its
   * levels in the mode and daily, e.g. {@code crowd-density at [tourist]: yellow 0.8/0.7, orange 1.5/1.3, red 3/2.6
   * (daily yellow 1.08/0.9, orange 2.17/1.8, red 4/3.5)}; then the mode's escalation times if it changes them.
   */
  static String changes(RuleSet rules, Mode mode, List<String> tags) {
    ModeProfiles.Profile p = mode == null ? null : rules.modes().profile(mode);
    if (p == null) {
      return "no changes (the ruleset in force has no " + (mode == null ? "such" : mode.wireName()) + " profile)";
    }
    List<String> parts = new ArrayList<>();
    for (ModeProfiles.RuleOverride o : p.rules()) {
      if (!o.appliesAt(tags)) {
        continue;
      }
      RuleDef daily = rules.rules().stream().filter(r -> r.id().equals(o.rule())).findFirst().orElse(null);
      parts.add(o.describe() + (daily == null ? "" : " (daily " + ModeProfiles.bands(daily.levels()) + ")"));
    }
    if (p.escalationFactor() != 1 || !p.escalationTimes().isEmpty()) {
      String all = p.describe();
      int at = all.indexOf("escalation ");
      parts.add(at < 0 ? all : all.substring(at));
    }
    return parts.isEmpty() ? "no changes at a site tagged " + tags : String.join("; ", parts);
  }

  private static JsonNode entry(JsonNode modes, String region) {
    for (JsonNode e : modes.path("modes")) {
      if (region.equals(e.path("region").asText())) {
        return e;
      }
    }
    return null;
  }

  /** One request as the console's page sends it; the answer's JSON, or an IOException saying what the console said. */
  private JsonNode call(URI base, String origin, String cookie, String method, String path, String body, int expect)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (!method.equals("GET")) {
      b.header("Origin", origin);
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expect) {
      String why = r.body();
      try {
        why = Json.MAPPER.readTree(r.body()).path("error").asText(r.body());
      } catch (IOException e) {
        // not JSON: the body as it came
      }
      throw new IOException(method + " " + path + " as " + user + ": " + r.statusCode() + " " + why);
    }
    return r.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(r.body());
  }
}
