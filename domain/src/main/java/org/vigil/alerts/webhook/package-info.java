/**
 * Alert webhooks following the Standard Webhooks specification: the JSON body ({@link
 * org.vigil.alerts.webhook.AlertJson}), signing and verification ({@link org.vigil.alerts.webhook.WebhookSigner},
 * {@link org.vigil.alerts.webhook.WebhookVerifier}), endpoint configuration ({@link
 * org.vigil.alerts.webhook.WebhookEndpoint}), delivery with retries ({@link
 * org.vigil.alerts.webhook.WebhookDispatcher}) and a small receiver for tests and the local demo ({@link
 * org.vigil.alerts.webhook.WebhookReceiver}). Package-private classes are internals.
 */
package org.vigil.alerts.webhook;
