package org.vigil.connectors.mqtt.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Plain Paho clients for the integration tests: a windowed QoS 1 publisher, a session probe, session clean-up. */
final class MqttTestClients {

  private MqttTestClients() {}

  /** Publishes at QoS 1 with at most {@code window} messages awaiting PUBACK (Mosquitto allows 1000 in flight). */
  static final class Publisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final Semaphore window;
    private final int windowSize;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    Publisher(String serverUri, String clientId, int windowSize) throws MqttException {
      this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
      this.windowSize = windowSize;
      this.window = new Semaphore(windowSize);
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setSessionExpiryInterval(0L);
      client.connect(options).waitForCompletion(10_000);
    }

    void publish(String topic, String payload) throws Exception {
      window.acquire();
      client.publish(
          topic,
          payload.getBytes(StandardCharsets.UTF_8),
          1,
          false,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              failure.compareAndSet(null, e);
              window.release();
            }
          });
    }

    /** Waits until the broker acknowledged every publish. */
    void flush(Duration timeout) throws Exception {
      if (!window.tryAcquire(windowSize, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("publishes not acknowledged within " + timeout);
      }
      window.release(windowSize);
      if (failure.get() != null) {
        throw new IllegalStateException("a publish failed", failure.get());
      }
    }

    @Override
    public void close() throws MqttException {
      client.disconnect().waitForCompletion(5_000);
      client.close();
    }
  }

  /**
   * Resumes the persistent session of each client id (clean start off) and counts what the broker still holds for
   * it during {@code listen}: messages never acknowledged come back. The probe acknowledges them.
   */
  static int leftoversInSessions(String serverUri, List<String> clientIds, long expirySeconds, Duration listen)
      throws Exception {
    AtomicInteger arrived = new AtomicInteger();
    List<MqttAsyncClient> clients = new ArrayList<>();
    try {
      for (String clientId : clientIds) {
        MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        c.setCallback(new CountingCallback(arrived));
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(expirySeconds);
        c.connect(options).waitForCompletion(10_000);
        clients.add(c);
      }
      Thread.sleep(listen.toMillis());
      return arrived.get();
    } finally {
      for (MqttAsyncClient c : clients) {
        c.disconnect().waitForCompletion(5_000);
        c.close();
      }
    }
  }

  /** Removes the sessions of these client ids from the broker (clean start, expiry 0). */
  static void removeSessions(String serverUri, List<String> clientIds) throws MqttException {
    for (String clientId : clientIds) {
      MqttAsyncClient c = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setSessionExpiryInterval(0L);
      c.connect(options).waitForCompletion(10_000);
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
  }

  private record CountingCallback(AtomicInteger arrived) implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      arrived.incrementAndGet();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {}

    @Override
    public void mqttErrorOccurred(MqttException exception) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
