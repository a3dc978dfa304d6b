package org.vigil.alerts.webhook;

/** A JSON document that is not a valid alert event or webhook body; the message names the field at fault. */
public class AlertJsonException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public AlertJsonException(String message) {
    super(message);
  }

  public AlertJsonException(String message, Throwable cause) {
    super(message, cause);
  }
}
