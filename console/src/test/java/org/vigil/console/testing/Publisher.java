package org.vigil.console.testing;

import java.nio.charset.StandardCharsets;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A test's MQTT publisher on the real broker, standing in for the job or devices. */
public final class Publisher implements AutoCloseable {

  private final MqttAsyncClient client;

  public Publisher(String url, String clientId) throws MqttException {
    client = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    o.setReceiveMaximum(1000);
    client.connect(o).waitForCompletion(10_000);
  }

  /** QoS 1, waits for the broker. */
  public void publish(String topic, String payload, boolean retained) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    m.setRetained(retained);
    client.publish(topic, m).waitForCompletion(10_000);
  }

  /** QoS 0, does not wait (load generation). */
  public void fire(String topic, byte[] payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(0);
    client.publish(topic, m);
  }

  @Override
  public void close() throws MqttException {
    client.disconnect().waitForCompletion(5_000);
    client.close();
  }
}
