package org.vigil.console.live;

import org.vigil.console.control.ControlPublishException;
import org.vigil.console.control.ControlPublisher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.console.auth.Duty;
import org.vigil.core.topics.Topics;

/**
 * The console's one MQTT connection: subscribes the live feeds (clean session, so retained risk, rules, status and
 * silences arrive first) and hands every message to {@link LiveState}; publishes acknowledgements and silences. It
 * reconnects on its own (Paho's automatic reconnect, 1 s doubling to 30 s) and subscribes again each time; the
 * retained messages then bring the state back. Subscriptions are asynchronous (a blocking subscribe can deadlock
 * behind a flood of retained messages).
 */
public final class ConsoleMqtt implements ControlPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleMqtt.class);

  /**
   * The feeds, with their QoS: readings, frames and detections at 0 (the newest matters), the rest at 1; the
   * registry topic is added per console ({@code <registry topic>/+}).
   */
  static final String[] FILTERS = {
      Topics.ALERTS_FILTER, Topics.RISK_FILTER, Topics.ACKS_FILTER, Topics.below(Topics.RULES),
      Topics.below(Topics.SILENCES), Topics.DETECTIONS_FILTER, Topics.FRAMES_FILTER, Topics.READINGS_FILTER,
      Topics.WARNINGS_FILTER, Topics.BROADCAST_FILTER, Topics.MODES_FILTER};
  static final int[] QOS = {1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1};

  private final MqttAsyncClient client;
  private final MqttClientFactory clients;
  private final AtomicLong reconnects = new AtomicLong();
  private volatile boolean connected;

  /**
   * @param url broker
   * @param security the console's identity (vigil-console) and the broker's CA
   * @param clientId client id of the console (unique per console)
   * @param state where messages go
   */
  public ConsoleMqtt(String url, MqttClientSecurity security, String clientId, LiveState state)
      throws MqttException {
    this(url, security, clientId, state, null);
  }

  /**
   * @param duty duty by region, which takes the registry versions from {@code <its topic>/+}; null: none
   */
  public ConsoleMqtt(String url, MqttClientSecurity security, String clientId, LiveState state, Duty duty)
      throws MqttException {
    String[] filters = FILTERS;
    int[] qos = QOS;
    if (duty != null) {
      filters = java.util.Arrays.copyOf(FILTERS, FILTERS.length + 1);
      filters[FILTERS.length] = duty.topic() + "/+";
      qos = java.util.Arrays.copyOf(QOS, QOS.length + 1);
      qos[QOS.length] = 1;
    }
    String[] subscribe = filters;
    int[] subscribeQos = qos;
    // Clean start, Paho's own reconnect (1 s doubling to 30 s) once connected, keepalive 15 s, connect timeout 5 s.
    clients = MqttClientFactory.to(url, security)
        .cleanSession()
        .automaticReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .keepAlive(Duration.ofSeconds(15))
        .connectionTimeout(Duration.ofSeconds(5));
    client = clients.newAsyncClient(clientId);
    client.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        if (duty != null && duty.isRegistryTopic(topic)) {
          duty.onRegistry(topic, message.getPayload());
        } else {
          state.onMessage(topic, message.getPayload());
        }
      }

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {
        connected = true;
        if (reconnect) {
          reconnects.incrementAndGet();
          LOG.info("console reconnected to {}", serverUri);
        }
        try {
          client.subscribe(subscribe, subscribeQos);
        } catch (MqttException e) {
          LOG.warn("console could not subscribe the live feeds: {}", e.toString());
        }
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {
        connected = false;
        LOG.warn("console lost the broker: {}", r.getReasonString());
      }

      @Override
      public void mqttErrorOccurred(MqttException e) {
        LOG.debug("mqtt error: {}", e.toString());
      }

      @Override
      public void deliveryComplete(IMqttToken token) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
  }

  /** Connects in the background; returns at once. Retries until the broker answers. */
  public void start() {
    Thread t = new Thread(() -> {
      long wait = 1_000;
      while (!client.isConnected()) {
        try {
          // Options made at each attempt: on a first run the password file appears when the broker is set up.
          client.connect(clients.options()).waitForCompletion(10_000);
          return;
        } catch (MqttException | IllegalStateException e) {
          LOG.warn("console cannot reach the broker {} yet ({}); trying again in {} ms", client.getServerURI(),
              e.getMessage(), wait);
          try {
            Thread.sleep(wait);
          } catch (InterruptedException ie) {
            return;
          }
          wait = Math.min(wait * 2, 30_000);
        }
      }
    }, "console-mqtt-connect");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void publish(String topic, byte[] payload, boolean retained) {
    try {
      MqttMessage m = new MqttMessage(payload);
      m.setQos(1);
      m.setRetained(retained);
      IMqttToken t = client.publish(topic, m);
      t.waitForCompletion(5_000);
      int[] codes = t.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
        throw new ControlPublishException("the broker refused the publish on " + topic + " (reason code 0x"
            + Integer.toHexString(codes[0]) + "): may the console's identity " + clients.security().username()
            + " publish there?", null);
      }
    } catch (MqttException e) {
      throw new ControlPublishException("could not publish on " + topic + ": " + e.getMessage(), e);
    }
  }

  public boolean connected() {
    return connected && client.isConnected();
  }

  public long reconnects() {
    return reconnects.get();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2_000);
      }
      client.close(true);
    } catch (MqttException e) {
      LOG.debug("closing the console's MQTT client: {}", e.toString());
    }
  }
}
