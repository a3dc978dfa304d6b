package org.vigil.jobs.webhook;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.notify.EndpointFilter;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.webhook.WebhookEndpoint;

/**
 * Turns one notification into one {@link WebhookTask} per endpoint whose subscription it passes ({@link
 * EndpointFilter}: minimum level, sites, rules, states; a group keeps the members that pass), in configured order.
 * Holds only the endpoints' names and filters, no URL or secret.
 */
public final class WebhookFanOut implements FlatMapFunction<Notification, WebhookTask> {

  private final List<WebhookEndpoint> filters = new ArrayList<>();

  public WebhookFanOut(List<WebhookEndpoint> endpoints) {
    for (WebhookEndpoint e : endpoints) {
      filters.add(new WebhookEndpoint(e.name(), "", List.of(), null, 1, null, null, e.minLevel(), e.sites(),
          e.rules(), e.states(), e.format()));
    }
  }

  @Override
  public void flatMap(Notification n, Collector<WebhookTask> out) {
    for (WebhookEndpoint e : filters) {
      EndpointFilter.apply(n, e).ifPresent(x -> out.collect(new WebhookTask(e.name(), x)));
    }
  }
}
