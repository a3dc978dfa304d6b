package org.vigil.jobs.webhook;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/**
 * Turns one alert event into one {@link WebhookTask} per endpoint whose level filter it passes, in configured order.
 * Holds only endpoint names and minimum levels, no URL or secret.
 */
public final class WebhookFanOut implements FlatMapFunction<AlertEvent, WebhookTask> {

  private final List<String> names = new ArrayList<>();
  private final List<Level> minLevels = new ArrayList<>();

  public WebhookFanOut(List<WebhookEndpoint> endpoints) {
    for (WebhookEndpoint e : endpoints) {
      names.add(e.name());
      minLevels.add(e.minLevel());
    }
  }

  @Override
  public void flatMap(AlertEvent event, Collector<WebhookTask> out) {
    for (int i = 0; i < names.size(); i++) {
      if (!minLevels.get(i).isAbove(event.notifyLevel())) {
        out.collect(new WebhookTask(names.get(i), event));
      }
    }
  }
}
