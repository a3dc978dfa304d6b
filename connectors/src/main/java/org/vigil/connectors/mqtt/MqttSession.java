package org.vigil.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * A short-lived MQTT 5 connection for the command-line tools (`vigil rules`, `vigil alerts`): subscribe, publish
 * (retained or not), read a retained message, wait for a message that satisfies a test. Clean start, in-memory
 * persistence, a random client id ({@link MqttClientFactory}); close it. The tools connect as {@code vigil-tools}
 * ({@link MqttClientSecurity#forIdentity(String)}: VIGIL_MQTT_TOOLS_USERNAME / _PASSWORD_FILE, else the secrets
 * folder VIGIL_SECRETS_DIR, else VIGIL_MQTT_USERNAME / VIGIL_MQTT_PASSWORD_FILE; CA from VIGIL_MQTT_CA_FILE).
 */
public final class MqttSession implements AutoCloseable {

  /** A message received: topic and UTF-8 payload (empty for a deleted retained message). */
  public record Received(String topic, String payload, boolean retained) {}

  private final MqttAsyncClient client;
  private final BlockingQueue<Received> inbox = new ArrayBlockingQueue<>(10_000);

  private MqttSession(MqttAsyncClient client) {
    this.client = client;
  }

  /**
   * Connects with the tools' identity (client id {@code vigil-<random>}), or throws {@link MqttException} (broker
   * unreachable, identity refused) within {@code timeout}.
   */
  public static MqttSession connect(String url, Duration timeout) throws MqttException {
    return connect(url, MqttClientSecurity.forIdentity(MqttClientSecurity.TOOLS), timeout);
  }

  /** Connects with the given identity and trust, or throws {@link MqttException} within {@code timeout}. */
  public static MqttSession connect(String url, MqttClientSecurity security, Duration timeout) throws MqttException {
    MqttClientFactory clients = MqttClientFactory.to(url, security)
        .cleanSession()
        .noAutomaticReconnect()
        .connectionTimeout(Duration.ofSeconds(Math.max(1, timeout.toSeconds())));
    MqttAsyncClient c = clients.newAsyncClient(MqttClientFactory.randomClientId("vigil"));
    MqttSession m = new MqttSession(c);
    c.setCallback(new MqttCallback() {
      @Override
      public void disconnected(MqttDisconnectResponse r) {}

      @Override
      public void mqttErrorOccurred(MqttException e) {}

      @Override
      public void messageArrived(String topic, MqttMessage msg) {
        m.inbox.offer(new Received(topic, new String(msg.getPayload(), StandardCharsets.UTF_8), msg.isRetained()));
      }

      @Override
      public void deliveryComplete(IMqttToken token) {}

      @Override
      public void connectComplete(boolean reconnect, String serverUri) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    try {
      c.connect(clients.options()).waitForCompletion(timeout.toMillis());
    } catch (MqttException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /** Subscribes at QoS 1 (retained messages on the filter arrive at once). */
  public void subscribe(String filter, Duration timeout) throws MqttException {
    client.subscribe(filter, 1).waitForCompletion(timeout.toMillis());
  }

  /** The next message on {@code topic} that passes {@code test}, waiting up to {@code timeout}; empty if none. */
  public Optional<Received> await(String topic, Predicate<Received> test, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      Received r = inbox.poll(left, TimeUnit.NANOSECONDS);
      if (r == null) {
        return Optional.empty();
      }
      if (r.topic().equals(topic) && test.test(r)) {
        return Optional.of(r);
      }
    }
  }

  /** The next message of any topic, waiting up to {@code timeout}; null if none came. */
  public Received poll(Duration timeout) throws InterruptedException {
    return inbox.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
  }

  /** Publishes at QoS 1 and waits for the broker's acknowledgement. */
  public void publish(String topic, String payload, boolean retained, Duration timeout) throws MqttException {
    MqttMessage msg = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, retained, null);
    IMqttToken t = client.publish(topic, msg);
    t.waitForCompletion(timeout.toMillis());
    int[] codes = t.getReasonCodes();
    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
      // MQTT 5: the broker answers a refused QoS 1 publish (no right on the topic) with a failing PUBACK.
      throw new MqttException(codes[0]);
    }
  }

  /** Publishes retained at QoS 1 and waits for the broker's acknowledgement. */
  public void publishRetained(String topic, String payload, Duration timeout) throws MqttException {
    publish(topic, payload, true, timeout);
  }

  /**
   * The retained message of a topic: subscribes and waits {@code wait} for it (a broker sends retained messages
   * right after the subscription is granted); empty when there is none.
   */
  public static Optional<String> readRetained(String url, String topic, Duration wait) throws MqttException,
      InterruptedException {
    try (MqttSession m = connect(url, Duration.ofSeconds(5))) {
      m.subscribe(topic, Duration.ofSeconds(5));
      return m.await(topic, r -> true, wait).map(Received::payload);
    }
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(2000);
      }
      client.close();
    } catch (MqttException e) {
      // closing a short-lived connection: nothing left to do
    }
  }
}
