package org.vigil.alerts.notify;

/** A control message (ack or silence) that cannot be used; the message says what is wrong and what to send instead. */
public class ControlMessageException extends RuntimeException {

  public ControlMessageException(String message) {
    super(message);
  }
}
