package org.vigil.connectors.mqtt.source;

/**
 * An error that fails an MQTT source reader (and so the task, which Flink then restarts): the broker refused a
 * subscription or the credentials, another connection took over the reader's client id, or the reader found no
 * broker connection within the reconnect timeout.
 */
public final class MqttSourceException extends RuntimeException {

  private final String clientId;

  public MqttSourceException(String clientId, String message, Throwable cause) {
    super("MQTT client " + clientId + ": " + message, cause);
    this.clientId = clientId;
  }

  /** The client id (split) the error belongs to. */
  public String clientId() {
    return clientId;
  }
}
