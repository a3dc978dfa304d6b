package org.vigil.connectors.mqtt;

import java.io.Serializable;

/** Turns an element into an MQTT topic and payload; shipped with the job graph, so serializable. */
public interface MqttMessageEncoder<T> extends Serializable {

  String topic(T element);

  byte[] payload(T element);

  /** Whether the broker keeps the message as the topic's last known value for new subscribers (default: no). */
  default boolean retained(T element) {
    return false;
  }
}
