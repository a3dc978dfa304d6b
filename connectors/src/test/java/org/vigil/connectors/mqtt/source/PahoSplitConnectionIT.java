package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vigil.connectors.mqtt.source.split.MqttSplit;
import org.vigil.connectors.testing.TestServices;

/**
 * One split's Paho connection against the real Mosquitto, through a proxy the test cuts: it reconnects with
 * backoff, resumes its persistent session (unacknowledged messages come back on the new connection, acks meant for
 * the old connection are not sent), and subscribes again when the broker has lost the session.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PahoSplitConnectionIT {

  private String brokerUri;
  private String runId;
  private CuttableProxy proxy;
  private ScheduledExecutorService scheduler;
  private MqttAsyncClient publisher;
  private final List<Throwable> fatal = new CopyOnWriteArrayList<>();
  private final RecordingListener listener = new RecordingListener(fatal);
  private final List<ReceivedMessage> received = new ArrayList<>();
  private ReceiveQueue queue;
  private PahoSplitConnection connection;

  @BeforeEach
  void setUp() throws Exception {
    brokerUri = TestServices.mqttUrl();
    URI uri = URI.create(brokerUri);
    proxy = new CuttableProxy(uri.getHost(), uri.getPort());
    runId = UUID.randomUUID().toString().substring(0, 8);
    scheduler = Executors.newSingleThreadScheduledExecutor();
    queue = new ReceiveQueue(10_000);
    MqttSourceConfig config =
        MqttSource.builder()
            .serverUri(proxy.uri())
            .topicFilters("vigil-it/" + runId + "/#")
            .sharedGroup("g-" + runId)
            .clientIdPrefix("it-conn-" + runId)
            .sessionExpirySeconds(600)
            .reconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(400))
            .build()
            .config();
    connection =
        new PahoSplitConnection(
            config, new MqttSplit(0), queue, scheduler, listener, System::currentTimeMillis);
    publisher = new MqttAsyncClient(brokerUri, "it-conn-pub-" + runId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    publisher.connect(options).waitForCompletion(10_000);
  }

  @AfterEach
  void tearDown() throws Exception {
    connection.close();
    scheduler.shutdownNow();
    proxy.close();
    publisher.disconnect().waitForCompletion(5_000);
    publisher.close();
    removeSession("it-conn-" + runId + "-0");
  }

  @Test
  void reconnectsResumesTheSessionAndResubscribesWhenTheSessionIsGone() throws Exception {
    connection.start();
    waitUntilSubscribed("a");

    // 1. 200 messages; acknowledge the first 150 only.
    publish(0, 200);
    List<ReceivedMessage> firstBatch = drainUntil(0, 200);
    for (ReceivedMessage m : firstBatch) {
      if (seq(m) < 150) {
        connection.ack(m.generation(), m.messageId(), m.qos());
      }
    }
    Thread.sleep(300); // let the PUBACKs go out before the cut

    // 2. Cut the network; publish while the client is away; it reconnects to its session.
    proxy.cut();
    publish(200, 400);
    List<ReceivedMessage> afterReconnect = drainUntil(150, 400);
    Set<Long> redelivered = new TreeSet<>();
    for (ReceivedMessage m : afterReconnect) {
      if (seq(m) < 200) {
        redelivered.add(seq(m));
        assertThat(m.generation()).as("redelivered on a new connection").isGreaterThan(firstBatch.get(0).generation());
      }
    }
    assertThat(redelivered).as("the unacknowledged ones come back").hasSize(50).first().isEqualTo(150L);
    assertThat(afterReconnect).noneMatch(m -> seq(m) < 150); // acknowledged ones do not

    // An ack for the old connection must not be sent on the new one (a packet id there may be another message).
    ReceivedMessage stale = firstBatch.get(199);
    assertThat(connection.ack(stale.generation(), stale.messageId(), stale.qos())).as("stale ack sent").isFalse();
    for (ReceivedMessage m : afterReconnect) {
      assertThat(connection.ack(m.generation(), m.messageId(), m.qos())).isTrue();
    }

    // 3. The broker loses the session while the client cannot connect: on reconnect it must subscribe again.
    proxy.setAccepting(false);
    proxy.cut();
    Thread.sleep(300);
    removeSession("it-conn-" + runId + "-0");
    proxy.setAccepting(true);
    waitUntilSubscribed("b");
    publish(400, 500);
    drainUntil(400, 500);

    assertThat(fatal).isEmpty();
    // The second connection resumed the session; the third found none (the broker lost it) and subscribed again.
    assertThat(listener.connections).containsExactly("connect", "reconnect+session", "reconnect");
    assertThat(listener.lost.get()).isEqualTo(2);
  }

  private void waitUntilSubscribed(String tag) throws Exception {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              byte[] warmUp = ("warmup-" + tag).getBytes(StandardCharsets.UTF_8);
              publisher.publish("vigil-it/" + runId + "/warmup", warmUp, 1, false);
              ReceivedMessage m;
              boolean seen = false;
              while ((m = queue.poll()) != null) {
                seen |= new String(m.payload(), StandardCharsets.UTF_8).equals("warmup-" + tag);
                connection.ack(m.generation(), m.messageId(), m.qos());
              }
              return seen;
            });
  }

  private void publish(int from, int to) throws Exception {
    for (int seq = from; seq < to; seq++) {
      publisher
          .publish("vigil-it/" + runId + "/data", ("seq=" + seq).getBytes(StandardCharsets.UTF_8), 1, false)
          .waitForCompletion(5_000);
    }
  }

  /** Collects readings (not warm-ups) until every seq in [from, to) was seen. */
  private List<ReceivedMessage> drainUntil(long from, long to) {
    List<ReceivedMessage> batch = new ArrayList<>();
    Set<Long> missing = new TreeSet<>();
    for (long s = from; s < to; s++) {
      missing.add(s);
    }
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              ReceivedMessage m;
              while ((m = queue.poll()) != null) {
                if (new String(m.payload(), StandardCharsets.UTF_8).startsWith("seq=")) {
                  batch.add(m);
                  received.add(m);
                  missing.remove(seq(m));
                }
              }
              return missing.isEmpty();
            });
    return batch;
  }

  private static long seq(ReceivedMessage m) {
    return Long.parseLong(new String(m.payload(), StandardCharsets.UTF_8).substring(4));
  }

  private void removeSession(String clientId) throws Exception {
    MqttAsyncClient c = new MqttAsyncClient(brokerUri, clientId, new MemoryPersistence());
    MqttConnectionOptions options = new MqttConnectionOptions();
    options.setCleanStart(true);
    options.setSessionExpiryInterval(0L);
    c.connect(options).waitForCompletion(10_000);
    c.disconnect().waitForCompletion(5_000);
    c.close();
  }
}
