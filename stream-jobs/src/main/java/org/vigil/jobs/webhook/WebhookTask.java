package org.vigil.jobs.webhook;

import org.vigil.alerts.notify.Notification;
import org.vigil.core.AlertEvent;

/**
 * One notification bound for one endpoint, already filtered for it: the element of the keyed delivery operator
 * (keyed by {@code endpoint}). Its webhook-id is {@link Notification#id()}.
 *
 * @param endpoint the endpoint's configured name
 * @param notification what the endpoint is sent
 */
public record WebhookTask(String endpoint, Notification notification) {

  /** A lone alert transition ({@link Notification#single}). */
  public WebhookTask(String endpoint, AlertEvent event) {
    this(endpoint, Notification.single(event));
  }

  /** The webhook-id. */
  public String id() {
    return notification.id();
  }
}
