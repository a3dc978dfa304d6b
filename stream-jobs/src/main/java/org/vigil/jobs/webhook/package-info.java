/**
 * Webhook delivery inside the Flink job: {@link org.vigil.jobs.webhook.WebhookDelivery#attach} fans each alert event
 * out to its endpoints and delivers it in a keyed operator whose pending deliveries are checkpointed state, so a
 * checkpoint never waits for HTTP and a restored job re-sends what was pending under the same {@code webhook-id}.
 */
package org.vigil.jobs.webhook;
