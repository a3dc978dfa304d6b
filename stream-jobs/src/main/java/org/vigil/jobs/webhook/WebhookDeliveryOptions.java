package org.vigil.jobs.webhook;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.WebhookSettings;

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

  public static final Duration DEFAULT_POLL_INTERVAL = WebhookSettings.POLL_INTERVAL.defaultValue();
  public static final int DEFAULT_MAX_PENDING = WebhookSettings.MAX_PENDING.defaultValue();
  public static final int DEFAULT_MAX_IN_FLIGHT = WebhookSettings.MAX_IN_FLIGHT.defaultValue();

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

  /** Returns this, or throws {@link ConfigException} listing every problem. */
  public WebhookDeliveryOptions validate() {
    List<String> p = problems();
    if (!p.isEmpty()) {
      throw new ConfigException("invalid webhook configuration", p);
    }
    return this;
  }

  /** Reads the keys in the class documentation (blank or unset: the default); a test passes {@code Map::get}. */
  public static WebhookDeliveryOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    WebhookDeliveryOptions o = read(r);
    r.check("invalid webhook configuration", o.problems());
    return o;
  }

  /** Reads the keys into {@code r}, which collects the problems of values that do not parse. */
  public static WebhookDeliveryOptions read(SettingsReader r) {
    return new WebhookDeliveryOptions(r.get(WebhookSettings.POLL_INTERVAL), r.get(WebhookSettings.MAX_PENDING),
        r.get(WebhookSettings.MAX_IN_FLIGHT));
  }
}
