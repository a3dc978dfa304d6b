package org.vigil.console.control;

/** A control message could not be published; the message names the topic and the cause. */
public class ControlPublishException extends RuntimeException {
  public ControlPublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
