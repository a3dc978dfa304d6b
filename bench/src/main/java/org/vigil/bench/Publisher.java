package org.vigil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;

/**
 * Publishes readings at QoS 1 from several Paho MQTT v5 async clients, each with its own window of messages awaiting
 * PUBACK (the fair way to load a broker: no client waits for one acknowledgement before sending the next), either as
 * fast as the window allows or paced to a rate. Message {@code i} is sent by client {@code i % clients}.
 */
final class Publisher implements AutoCloseable {

  /** One message to send. */
  record Message(String topic, byte[] payload) {}

  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  /** How far a paced publisher may fall behind its schedule before it gives up catching up (200 ms). */
  private static final long MAX_BEHIND_NS = 200_000_000L;

  private final List<MqttAsyncClient> clients = new ArrayList<>();
  private final List<Semaphore> windows = new ArrayList<>();
  private final int window;
  final AtomicLong acked = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong noSubscriber = new AtomicLong();

  Publisher(String url, String idPrefix, int clientCount, int window) throws MqttException {
    this(url, MqttClientSecurity.forIdentity(MqttClientSecurity.SIMULATOR), idPrefix, clientCount, window);
  }

  /** As above, each client connecting with {@code security} (the publishers play devices: vigil-simulator). */
  Publisher(String url, MqttClientSecurity security, String idPrefix, int clientCount, int window)
      throws MqttException {
    this.window = window;
    MqttClientFactory factory = MqttClientFactory.to(url, security).cleanSession().receiveMaximum(window)
        .connectionTimeout(Duration.ofSeconds(10));
    for (int c = 0; c < clientCount; c++) {
      MqttAsyncClient client = factory.connectAsync(MqttClientFactory.clientId(idPrefix, c));
      clients.add(client);
      windows.add(new Semaphore(window));
    }
  }

  /** Publishes one message on client 0 and waits for its PUBACK; false when the broker had no subscriber for it. */
  boolean publishAndWait(Message m) throws MqttException {
    MqttMessage msg = new MqttMessage(m.payload());
    msg.setQos(1);
    IMqttToken t = clients.get(0).publish(m.topic(), msg);
    t.waitForCompletion(10_000);
    int[] codes = t.getReasonCodes();
    return codes == null || codes.length == 0 || codes[0] != NO_MATCHING_SUBSCRIBERS;
  }

  /** Blocks until a subscriber takes messages on {@code m.topic()} (up to {@code timeoutMs}). */
  void awaitSubscriber(Message m, long timeoutMs) throws MqttException, InterruptedException {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!publishAndWait(m)) {
      if (System.currentTimeMillis() > end) {
        throw new IllegalStateException("no subscriber to " + m.topic() + " after " + timeoutMs + " ms");
      }
      Thread.sleep(200);
    }
  }

  /**
   * Sends messages {@code from} (inclusive) to {@code to} (exclusive); {@code perSecond} 0 means as fast as the windows
   * allow. Returns when every message has been handed to a client (not necessarily acknowledged: see {@link #drain}).
   */
  void send(long from, long to, double perSecond, LongFunction<Message> gen, java.util.function.BooleanSupplier go)
      throws InterruptedException {
    long t0 = System.nanoTime();
    long start = from;
    for (long i = from; i < to && go.getAsBoolean(); i++) {
      if (perSecond > 0) {
        long due = t0 + (long) ((i - start) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 2_000_000) {
          TimeUnit.NANOSECONDS.sleep(wait);
        } else if (wait < -MAX_BEHIND_NS) {
          // Behind schedule by more than that (the machine was busy): start the schedule again from now instead of
          // catching up with a burst above the rate, so a paced load never runs faster than it says.
          t0 = System.nanoTime();
          start = i;
        }
      }
      int c = (int) (i % clients.size());
      Semaphore w = windows.get(c);
      w.acquire();
      Message m = gen.apply(i);
      MqttMessage msg = new MqttMessage(m.payload());
      msg.setQos(1);
      try {
        clients.get(c).publish(m.topic(), msg, null, new MqttActionListener() {
          @Override
          public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            if (codes != null && codes.length > 0 && codes[0] == NO_MATCHING_SUBSCRIBERS) {
              noSubscriber.incrementAndGet();
            } else {
              acked.incrementAndGet();
            }
            w.release();
          }

          @Override
          public void onFailure(IMqttToken token, Throwable e) {
            failed.incrementAndGet();
            w.release();
          }
        });
      } catch (MqttException e) {
        failed.incrementAndGet();
        w.release();
      }
    }
  }

  /** Waits until every message sent has its PUBACK (or failed). */
  void drain(long timeoutMs) throws InterruptedException {
    for (Semaphore w : windows) {
      if (!w.tryAcquire(window, timeoutMs, TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("PUBACKs missing after " + timeoutMs + " ms");
      }
      w.release(window);
    }
  }

  @Override
  public void close() {
    for (MqttAsyncClient c : clients) {
      try {
        c.disconnect().waitForCompletion(5_000);
      } catch (MqttException e) {
        // closing anyway
      }
      try {
        c.close(true);
      } catch (MqttException e) {
        // nothing more to do
      }
    }
  }
}
