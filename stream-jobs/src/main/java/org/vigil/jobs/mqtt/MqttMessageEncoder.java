package org.vigil.jobs.mqtt;

import java.io.Serializable;

/** Turns an element into an MQTT topic and payload; shipped with the job graph, so serializable. */
public interface MqttMessageEncoder<T> extends Serializable {

  String topic(T element);

  byte[] payload(T element);
}
