package org.vigil.alerts.crowd;

import java.util.Map;
import org.vigil.core.AlertEvent;

/** Builds crowd alert events: the one place that knows the shape of {@link AlertEvent}. */
final class CrowdAlerts {

  private CrowdAlerts() {}

  /** {@code e} with the crowd rule's message and explaining numbers. */
  static AlertEvent withMessage(AlertEvent e, String message, Map<String, Double> details) {
    return new AlertEvent(e.id(), e.rule(), e.site(), e.subject(), e.level(), e.previousLevel(), e.state(), e.value(),
        e.threshold(), e.startedAtMs(), e.updatedAtMs(), message, details, null);
  }
}
