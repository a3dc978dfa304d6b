package org.vigil.alerts.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.WebhookSettings;

/**
 * One webhook destination and how hard to try delivering to it.
 *
 * <p>Null durations and a null {@code minLevel} take the defaults; nothing else is checked on construction: call
 * {@link #validate()} (the dispatcher does), which reports every problem at once. {@link #toString()} never shows a
 * secret, nor the URL's path or query (webhook URLs often embed a token).
 *
 * <h2>From the environment: {@link #fromLookup}</h2>
 *
 * <table>
 *   <caption>keys read; {@code <n>} is the 1-based position in VIGIL_WEBHOOK_URLS</caption>
 *   <tr><td>{@code VIGIL_WEBHOOK_URLS}</td><td>comma-separated URLs; unset or blank: no webhooks</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_SECRET}</td><td>{@code whsec_…} secret for every endpoint; during a rotation two,
 *       separated by a space or comma (both are signed with)</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_<n>_NAME}</td><td>endpoint name, default {@code webhook-<n>}</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_TIMEOUT}</td><td>per attempt, default 5s</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_MAX_ATTEMPTS}</td><td>default 8</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_INITIAL_BACKOFF}</td><td>default 1s</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_MAX_BACKOFF}</td><td>default 5m</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_MIN_LEVEL}</td><td>blue, yellow, orange or red; default none (everything)</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_SITES}</td><td>comma-separated site globs ({@code *} any characters, {@code ?} one);
 *       default empty: every site</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_RULES}</td><td>comma-separated rule id globs (e.g. {@code rain-*,slope-tangent});
 *       default empty: every rule</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_STATES}</td><td>comma-separated from opened, escalated, de-escalated, resolved,
 *       acknowledged, referred, group, flapping, settled; default empty: all. A group passes with the members whose state is
 *       listed ({@code group} listed: whatever their states)</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_ALLOW_NETWORKS}</td><td>address classes a URL may point to besides public
 *       addresses: comma-separated from loopback, private, link-local, unspecified ({@link OutboundGuard}); default
 *       none, so a URL to this machine, the private network or the cloud metadata address is refused</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_FORMAT}</td><td>{@code standard} (Standard Webhooks payload) or {@code cloudevents}
 *       (CloudEvents 1.0 structured mode, still signed with the Standard Webhooks headers); default standard</td></tr>
 * </table>
 *
 * <p>How the filters judge a notification: {@code org.vigil.alerts.notify.EndpointFilter}.
 *
 * <p>Every key except {@code URLS} and {@code ALLOW_NETWORKS} may also be given per endpoint as {@code VIGIL_WEBHOOK_<n>_<KEY>} (e.g. {@code
 * VIGIL_WEBHOOK_2_SECRET}), which wins over the shared one. Durations are {@code 250ms}, {@code 5s}, {@code 5m},
 * {@code 1h} or ISO-8601 ({@code PT5S}). A blank value counts as unset.
 *
 * @param name short name used in logs and results
 * @param url absolute http or https URL
 * @param secrets one {@code whsec_…} secret, or two during a rotation (the current one first)
 * @param timeout per attempt, until the response headers arrive
 * @param maxAttempts the retry budget, first attempt included
 * @param initialBackoff upper bound of the first retry delay; doubles per failed attempt
 * @param maxBackoff cap of the retry delay, also of a server's {@code Retry-After}
 * @param minLevel events whose {@link org.vigil.core.AlertEvent#notifyLevel()} is below it are not sent; {@link
 *     Level#NONE} sends everything
 * @param sites site globs; empty: every site
 * @param rules rule id globs; empty: every rule
 * @param states states and notification kinds sent (see {@link #STATES}); empty: all
 * @param format the body's form
 */
public record WebhookEndpoint(
    String name,
    String url,
    List<String> secrets,
    Duration timeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Level minLevel,
    List<String> sites,
    List<String> rules,
    Set<String> states,
    Format format) implements java.io.Serializable {

  /** The values {@code VIGIL_WEBHOOK_STATES} accepts: alert states and notification kinds. */
  public static final Set<String> STATES = Set.of("opened", "escalated", "de-escalated", "resolved", "acknowledged",
      "referred", "group", "flapping", "settled");

  /** How a notification is written in the request body. */
  public enum Format {
    /** {@code {"type":"alert.<state>","timestamp":…,"data":{…}}}, content type {@code application/json}. */
    STANDARD("application/json"),
    /** CloudEvents 1.0 structured mode, content type {@code application/cloudevents+json}. */
    CLOUDEVENTS("application/cloudevents+json");

    private final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }

    /** {@code standard} or {@code cloudevents}, case-insensitive. */
    public static Format fromWire(String v) {
      return switch (v.strip().toLowerCase(Locale.ROOT)) {
        case "standard" -> STANDARD;
        case "cloudevents" -> CLOUDEVENTS;
        default -> throw new IllegalArgumentException("format '" + v + "' is neither standard nor cloudevents");
      };
    }
  }

  public static final Duration DEFAULT_TIMEOUT = WebhookSettings.TIMEOUT.defaultValue();
  public static final int DEFAULT_MAX_ATTEMPTS = WebhookSettings.MAX_ATTEMPTS.defaultValue();
  public static final Duration DEFAULT_INITIAL_BACKOFF = WebhookSettings.INITIAL_BACKOFF.defaultValue();
  public static final Duration DEFAULT_MAX_BACKOFF = WebhookSettings.MAX_BACKOFF.defaultValue();
  /** Key sizes the Standard Webhooks spec allows for symmetric secrets. */
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;

  private static final String PREFIX = "VIGIL_WEBHOOK_";

  public WebhookEndpoint {
    secrets = secrets == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(secrets));
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    initialBackoff = initialBackoff == null ? DEFAULT_INITIAL_BACKOFF : initialBackoff;
    maxBackoff = maxBackoff == null ? DEFAULT_MAX_BACKOFF : maxBackoff;
    minLevel = minLevel == null ? Level.NONE : minLevel;
    sites = sites == null ? List.of() : List.copyOf(sites);
    rules = rules == null ? List.of() : List.copyOf(rules);
    states = states == null ? Set.of() : Set.copyOf(states);
    format = format == null ? Format.STANDARD : format;
  }

  /** An endpoint without site, rule or state filters, in the standard format. */
  public WebhookEndpoint(String name, String url, List<String> secrets, Duration timeout, int maxAttempts,
      Duration initialBackoff, Duration maxBackoff, Level minLevel) {
    this(name, url, secrets, timeout, maxAttempts, initialBackoff, maxBackoff, minLevel, null, null, null, null);
  }

  /** An endpoint with the default timeout, retry budget, backoff and no level filter. */
  public static WebhookEndpoint of(String name, String url, String... secrets) {
    return new WebhookEndpoint(name, url, Arrays.asList(secrets), null, DEFAULT_MAX_ATTEMPTS, null, null, null);
  }

  public WebhookEndpoint withTimeout(Duration t) {
    return new WebhookEndpoint(name, url, secrets, t, maxAttempts, initialBackoff, maxBackoff, minLevel, sites, rules,
        states, format);
  }

  public WebhookEndpoint withMaxAttempts(int n) {
    return new WebhookEndpoint(name, url, secrets, timeout, n, initialBackoff, maxBackoff, minLevel, sites, rules,
        states, format);
  }

  public WebhookEndpoint withBackoff(Duration initial, Duration max) {
    return new WebhookEndpoint(name, url, secrets, timeout, maxAttempts, initial, max, minLevel, sites, rules, states,
        format);
  }

  public WebhookEndpoint withMinLevel(Level level) {
    return new WebhookEndpoint(name, url, secrets, timeout, maxAttempts, initialBackoff, maxBackoff, level, sites,
        rules, states, format);
  }

  /** The same endpoint with these site globs, rule globs and states (null or empty: no filter). */
  public WebhookEndpoint withFilters(List<String> siteGlobs, List<String> ruleGlobs, Set<String> stateNames) {
    return new WebhookEndpoint(name, url, secrets, timeout, maxAttempts, initialBackoff, maxBackoff, minLevel,
        siteGlobs, ruleGlobs, stateNames, format);
  }

  public WebhookEndpoint withFormat(Format f) {
    return new WebhookEndpoint(name, url, secrets, timeout, maxAttempts, initialBackoff, maxBackoff, minLevel, sites,
        rules, states, f);
  }

  /** The URL as a URI; call after {@link #validate()}. */
  public URI uri() {
    return URI.create(url);
  }

  /** Every problem with this endpoint, each prefixed with its name; empty when it is valid. */
  public List<String> problems() {
    String who = name == null || name.isBlank() ? "webhook " + maskedUrl() + ": " : "webhook '" + name + "': ";
    return problems(who);
  }

  private List<String> problems(String who) {
    List<String> p = new ArrayList<>();
    if (name == null || name.isBlank()) {
      p.add("name is blank");
    }
    urlProblem().ifPresent(p::add);
    if (secrets.isEmpty() || secrets.size() > 2) {
      p.add("needs one secret, or two during a rotation; got " + secrets.size());
    }
    for (int i = 0; i < secrets.size(); i++) {
      try {
        int n = WebhookSigner.decodeSecret(secrets.get(i), "secret #" + (i + 1)).length;
        if (n < MIN_KEY_BYTES || n > MAX_KEY_BYTES) {
          p.add("secret #" + (i + 1) + " has a " + n + "-byte key; Standard Webhooks asks for " + MIN_KEY_BYTES + " to "
              + MAX_KEY_BYTES + " (WebhookSigner.generateSecret() makes one)");
        }
      } catch (IllegalArgumentException e) {
        p.add(e.getMessage());
      }
    }
    if (timeout.isNegative() || timeout.isZero()) {
      p.add("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1) {
      p.add("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      p.add("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      p.add("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
    }
    for (String st : states) {
      if (!STATES.contains(st)) {
        p.add("state '" + st + "' is not one of " + new java.util.TreeSet<>(STATES));
      }
    }
    for (String g : sites) {
      if (g.isBlank()) {
        p.add("a site glob is blank");
      }
    }
    for (String g : rules) {
      if (g.isBlank()) {
        p.add("a rule glob is blank");
      }
    }
    for (int i = 0; i < p.size(); i++) {
      p.set(i, who + p.get(i));
    }
    return p;
  }

  /** Returns this endpoint, or throws {@link ConfigException} listing every problem. */
  public WebhookEndpoint validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new ConfigException("invalid webhook configuration", p);
    }
    return this;
  }

  Optional<String> urlProblem() {
    if (url == null || url.isBlank()) {
      return Optional.of("url is missing");
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        return Optional.of("url " + maskedUrl() + " must be http or https");
      }
      if (u.getHost() == null) {
        return Optional.of("url " + maskedUrl() + " has no host");
      }
      return Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.of("url is not a valid URI: " + e.getReason());
    }
  }

  /** {@code scheme://host:port} plus {@code /…} when there is more: safe to log. */
  public String maskedUrl() {
    if (url == null) {
      return "null";
    }
    try {
      URI u = new URI(url);
      if (u.getHost() == null) {
        return u.getScheme() == null ? "<url without scheme>" : u.getScheme() + ":…";
      }
      String base = u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
      boolean more = (u.getRawPath() != null && u.getRawPath().length() > 1) || u.getRawQuery() != null;
      return more ? base + "/…" : base;
    } catch (URISyntaxException e) {
      return "<invalid url>";
    }
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[name=" + name + ", url=" + maskedUrl() + ", secrets=" + secrets.size() + " (masked)"
        + ", timeout=" + timeout + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", minLevel=" + minLevel.wireName()
        + (sites.isEmpty() ? "" : ", sites=" + sites) + (rules.isEmpty() ? "" : ", rules=" + rules)
        + (states.isEmpty() ? "" : ", states=" + new java.util.TreeSet<>(states))
        + ", format=" + format.name().toLowerCase(Locale.ROOT) + "]";
  }

  /**
   * Reads the endpoints described in the class documentation; a test passes {@code Map::get}.
   *
   * @return the endpoints, all valid; empty when {@code VIGIL_WEBHOOK_URLS} is unset
   * @throws ConfigException listing every problem of every endpoint
   */
  public static List<WebhookEndpoint> fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    List<String> list = r.get(WebhookSettings.URLS);
    if (list.isEmpty()) {
      return List.of();
    }
    Set<String> problems = new LinkedHashSet<>();
    Set<OutboundGuard.Network> allowed = Set.of();
    try {
      allowed = OutboundGuard.parse(r.raw(WebhookSettings.ALLOW_NETWORKS));
    } catch (IllegalArgumentException e) {
      problems.add(PREFIX + "ALLOW_NETWORKS: " + e.getMessage());
    }
    // Shared values are read once, so a bad one is reported once; each endpoint's own key wins over them.
    String sharedSecret = r.raw(WebhookSettings.SECRET);
    Duration timeout = r.get(WebhookSettings.TIMEOUT);
    int attempts = r.get(WebhookSettings.MAX_ATTEMPTS);
    Duration initial = r.get(WebhookSettings.INITIAL_BACKOFF);
    Duration max = r.get(WebhookSettings.MAX_BACKOFF);
    String level = r.get(WebhookSettings.MIN_LEVEL);
    List<String> sites = r.get(WebhookSettings.SITES);
    List<String> rules = r.get(WebhookSettings.RULES);
    List<String> states = r.get(WebhookSettings.STATES);
    String format = r.get(WebhookSettings.FORMAT);
    List<WebhookEndpoint> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      int n = i + 1;
      String own = PREFIX + n + "_";
      String name = r.get(WebhookSettings.NAME, WebhookSettings.NAME.keyFor(String.valueOf(n)), "webhook-" + n);
      String secretValue = r.text(own + "SECRET") != null ? r.text(own + "SECRET") : sharedSecret;
      List<String> secrets = secretValue == null ? List.of() : Arrays.asList(secretValue.split("[\\s,]+"));
      String endpointLevel = r.get(WebhookSettings.MIN_LEVEL, own + "MIN_LEVEL", level);
      WebhookEndpoint e = new WebhookEndpoint(name, list.get(i), secrets,
          r.get(WebhookSettings.TIMEOUT, own + "TIMEOUT", timeout),
          r.get(WebhookSettings.MAX_ATTEMPTS, own + "MAX_ATTEMPTS", attempts),
          r.get(WebhookSettings.INITIAL_BACKOFF, own + "INITIAL_BACKOFF", initial),
          r.get(WebhookSettings.MAX_BACKOFF, own + "MAX_BACKOFF", max),
          endpointLevel == null ? null : Level.fromWire(endpointLevel),
          r.get(WebhookSettings.SITES, own + "SITES", sites),
          r.get(WebhookSettings.RULES, own + "RULES", rules),
          new LinkedHashSet<>(r.get(WebhookSettings.STATES, own + "STATES", states).stream()
              .map(x -> x.toLowerCase(Locale.ROOT)).toList()),
          Format.fromWire(r.get(WebhookSettings.FORMAT, own + "FORMAT", format)));
      String where = "VIGIL_WEBHOOK_URLS entry " + n + " ('" + name + "'): ";
      for (String p : e.problems(where)) {
        problems.add(secrets.isEmpty() && p.endsWith("got 0")
            ? where + "no secret: set VIGIL_WEBHOOK_SECRET or VIGIL_WEBHOOK_" + n + "_SECRET" : p);
      }
      if (e.urlProblem().isEmpty()) {
        OutboundGuard.refusal(e.uri(), allowed).ifPresent(x -> problems.add(where + x));
      }
      if (!names.add(name)) {
        problems.add(where + "name '" + name + "' is used twice");
      }
      out.add(e);
    }
    List<String> all = new ArrayList<>();
    r.problems().forEach(p -> all.add(p.toString()));
    all.addAll(problems);
    if (!all.isEmpty()) {
      throw new ConfigException("invalid webhook configuration", all);
    }
    return List.copyOf(out);
  }

}
