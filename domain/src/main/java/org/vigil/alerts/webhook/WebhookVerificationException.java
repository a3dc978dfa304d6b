package org.vigil.alerts.webhook;

/** A webhook whose headers or signature do not verify; the message says which check failed. */
public class WebhookVerificationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public WebhookVerificationException(String message) {
    super(message);
  }
}
