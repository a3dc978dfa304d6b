package org.vigil.jobs.webhook;

import java.io.Serializable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.alerts.webhook.WebhookConfigException;
import org.vigil.alerts.webhook.WebhookEndpoint;

/**
 * Settings of the webhook delivery operator (the endpoints' own settings are in {@link WebhookEndpoint}).
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}</caption>
 *   <tr><td>{@code VIGIL_WEBHOOK_POLL_INTERVAL}</td><td>how often finished deliveries are collected, default
 *       250ms</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_MAX_PENDING}</td><td>per endpoint, deliveries not yet final; past it a new one is
 *       dead-lettered at once ({@code webhook_queue_full}); default 10000</td></tr>
 *   <tr><td>{@code VIGIL_WEBHOOK_MAX_IN_FLIGHT}</td><td>per endpoint and subtask, HTTP requests under way at once,
 *       default 4</td></tr>
 * </table>
 *
 * @param pollInterval how often the operator collects finished deliveries and emits their records; it adds at most
 *     this much to a record's emission, never to the HTTP delivery itself
 * @param maxPendingPerEndpoint bound of pending deliveries (in flight, queued, waiting to retry) per endpoint
 * @param maxInFlightPerEndpoint concurrent HTTP requests per endpoint; a hanging endpoint holds at most these
 */
public record WebhookDeliveryOptions(Duration pollInterval, int maxPendingPerEndpoint, int maxInFlightPerEndpoint)
    implements Serializable {

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
  public static final int DEFAULT_MAX_PENDING = 10_000;
  public static final int DEFAULT_MAX_IN_FLIGHT = 4;

  public static WebhookDeliveryOptions defaults() {
    return new WebhookDeliveryOptions(DEFAULT_POLL_INTERVAL, DEFAULT_MAX_PENDING, DEFAULT_MAX_IN_FLIGHT);
  }

  public WebhookDeliveryOptions withPollInterval(Duration d) {
    return new WebhookDeliveryOptions(d, maxPendingPerEndpoint, maxInFlightPerEndpoint);
  }

  public WebhookDeliveryOptions withMaxPendingPerEndpoint(int n) {
    return new WebhookDeliveryOptions(pollInterval, n, maxInFlightPerEndpoint);
  }

  public WebhookDeliveryOptions withMaxInFlightPerEndpoint(int n) {
    return new WebhookDeliveryOptions(pollInterval, maxPendingPerEndpoint, n);
  }

  /** Every problem, empty when valid. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (pollInterval == null || pollInterval.toMillis() < 1) {
      p.add("webhook poll interval must be at least 1 ms, got " + pollInterval);
    }
    if (maxPendingPerEndpoint < 1) {
      p.add("webhook max pending per endpoint must be at least 1, got " + maxPendingPerEndpoint);
    }
    if (maxInFlightPerEndpoint < 1) {
      p.add("webhook max in flight per endpoint must be at least 1, got " + maxInFlightPerEndpoint);
    }
    return p;
  }

  /** Returns this, or throws {@link WebhookConfigException} listing every problem. */
  public WebhookDeliveryOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new WebhookConfigException(p);
    }
    return this;
  }

  /** Reads the keys in the class documentation (blank or unset: the default); a test passes {@code Map::get}. */
  public static WebhookDeliveryOptions fromLookup(Function<String, String> lookup) {
    List<String> p = new ArrayList<>();
    Duration poll = DEFAULT_POLL_INTERVAL;
    String v = get(lookup, "VIGIL_WEBHOOK_POLL_INTERVAL");
    if (v != null) {
      try {
        poll = WebhookEndpoint.parseDuration(v);
      } catch (IllegalArgumentException | DateTimeParseException e) {
        p.add("VIGIL_WEBHOOK_POLL_INTERVAL '" + v + "' is not a duration (250ms, 1s or PT1S)");
      }
    }
    int pending = integer(lookup, "VIGIL_WEBHOOK_MAX_PENDING", DEFAULT_MAX_PENDING, p);
    int inFlight = integer(lookup, "VIGIL_WEBHOOK_MAX_IN_FLIGHT", DEFAULT_MAX_IN_FLIGHT, p);
    WebhookDeliveryOptions o = new WebhookDeliveryOptions(poll, pending, inFlight);
    p.addAll(o.problems());
    if (!p.isEmpty()) {
      throw new WebhookConfigException(p);
    }
    return o;
  }

  private static String get(Function<String, String> lookup, String key) {
    String v = lookup.apply(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static int integer(Function<String, String> lookup, String key, int dflt, List<String> problems) {
    String v = get(lookup, key);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      problems.add(key + " '" + v + "' is not an integer");
      return dflt;
    }
  }
}
