package org.vigil.jobs.testing;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test's view of the job's MQTT output: subscribes topic filters on the real broker and collects each message's
 * payload (as text) in a list per filter, in arrival order; {@link #subscribeMessages} also keeps the topic and the
 * time each message arrived.
 */
public final class MqttFeed implements AutoCloseable {

  private final MqttAsyncClient client;
  private final Map<String, List<Message>> byFilter = new ConcurrentHashMap<>();

  /** A message as it arrived: when (wall clock, ms), on which topic, its payload as text. */
  public record Message(long arrivedAtMs, String topic, String payload) {}

  private MqttFeed(MqttAsyncClient client) {
    this.client = client;
  }

  /** Connects a clean-session observer to the broker at {@code url}. */
  public static MqttFeed connect(String url, String clientId) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
    MqttFeed feed = new MqttFeed(c);
    c.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage message) {
        Message m = new Message(System.currentTimeMillis(), topic,
            new String(message.getPayload(), StandardCharsets.UTF_8));
        feed.byFilter.forEach((filter, list) -> {
          if (matches(filter, topic)) {
            list.add(m);
          }
        });
      }

      @Override
      public void disconnected(MqttDisconnectResponse r) {}

      @Override
      public void mqttErrorOccurred(MqttException e) {}

      @Override
      public void deliveryComplete(IMqttToken token) {}

      @Override
      public void connectComplete(boolean reconnect, String serverURI) {}

      @Override
      public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(10_000);
    return feed;
  }

  /** Subscribes a filter (QoS 1) and returns a live view of the payloads of its messages. */
  public List<String> subscribe(String filter) throws MqttException {
    List<Message> messages = subscribeMessages(filter);
    return new java.util.AbstractList<>() {
      @Override
      public String get(int i) {
        return messages.get(i).payload();
      }

      @Override
      public int size() {
        return messages.size();
      }
    };
  }

  /** Subscribes a filter (QoS 1) and returns the live list its messages are added to, with topics and times. */
  public List<Message> subscribeMessages(String filter) throws MqttException {
    List<Message> list = byFilter.computeIfAbsent(filter, f -> new CopyOnWriteArrayList<>());
    client.subscribe(filter, 1).waitForCompletion(10_000);
    return list;
  }

  /**
   * The retained message of {@code topic} as a fresh subscriber on the broker at {@code url} reads it (waiting up to
   * {@code wait} for it); empty when there is none or it is empty (cleared).
   */
  public static java.util.Optional<String> retained(String url, String clientId, String topic, Duration wait)
      throws MqttException, InterruptedException {
    try (MqttFeed f = connect(url, clientId)) {
      List<String> got = f.subscribe(topic);
      long until = System.currentTimeMillis() + wait.toMillis();
      while (got.isEmpty() && System.currentTimeMillis() < until) {
        Thread.sleep(50);
      }
      return got.isEmpty() || got.get(0).isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(got.get(got.size() - 1));
    }
  }

  /** Waits up to {@code atMost} until {@code messages} (a live list of this feed) holds at least {@code n}. */
  public static void awaitSize(List<?> messages, int n, Duration atMost) {
    await().atMost(atMost).until(() -> messages.size() >= n);
  }

  /** Waits up to {@code atMost} for a message of {@code messages} (a live list) that {@code test} accepts. */
  public static <T> T awaitFirst(List<T> messages, java.util.function.Predicate<T> test, Duration atMost) {
    return await().atMost(atMost).until(() -> messages.stream().filter(test).findFirst(),
        java.util.Optional::isPresent).orElseThrow();
  }

  /** MQTT topic filter matching with {@code +} and a trailing {@code #}. */
  static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  @Override
  public void close() throws MqttException {
    try {
      client.disconnect().waitForCompletion(5_000);
    } finally {
      client.close();
    }
  }
}
