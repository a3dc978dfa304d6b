package org.vigil.jobs.webhook;

import org.vigil.core.AlertEvent;

/**
 * One alert event bound for one endpoint: the element of the keyed delivery operator (keyed by {@code endpoint}).
 *
 * @param endpoint the endpoint's configured name
 * @param event the alert event
 */
public record WebhookTask(String endpoint, AlertEvent event) {}
