package org.vigil.ingest.mqtt.source;

/**
 * An error that fails an MQTT source reader (and so the task, which Flink then restarts): the broker refused a
 * subscription or the credentials, or another connection took over the reader's client id.
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
