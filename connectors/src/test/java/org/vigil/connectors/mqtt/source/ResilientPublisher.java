package org.vigil.connectors.mqtt.source;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * A device-like QoS 1 publisher for failure tests: publishes the readings {@code seq = 0 .. count-1} at a steady
 * rate on its own thread, and keeps going through broker outages as a real device does. It reconnects by itself, and
 * re-publishes every reading whose PUBACK it has not seen: a failed publish, and every publish still in flight when
 * the connection dropped (whether the broker got it is unknown, so it may arrive twice: at least once), and every
 * publish the broker acknowledged with reason code 0x10 "no matching subscribers" (the broker discarded it: after a
 * Mosquitto restart the readers' shared subscriptions exist only once they have subscribed again). A device that
 * wants its readings consumed has to treat 0x10 that way.
 */
final class ResilientPublisher implements AutoCloseable {

  private static final int NO_MATCHING_SUBSCRIBERS = 0x10;

  private final MqttAsyncClient client;
  private final String topicPrefix;
  private final int count;
  private final int ratePerSecond;
  private final Semaphore window;
  private final AtomicLong generation = new AtomicLong();
  /** In flight: seq -> generation of the connection it was sent on. */
  private final Map<Integer, Long> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Integer> retry = new ConcurrentLinkedQueue<>();
  private final AtomicIntegerArray acked;
  private final AtomicInteger ackedCount = new AtomicInteger();
  private final AtomicLong attempts = new AtomicLong();
  private final AtomicLong republished = new AtomicLong();
  private final AtomicLong connects = new AtomicLong();
  private final AtomicLong noSubscribers = new AtomicLong();
  private volatile long pauseUntilNs;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean stopped;

  ResilientPublisher(String serverUri, String clientId, String topicPrefix, int count, int ratePerSecond, int window)
      throws MqttException {
    this.client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
    this.topicPrefix = topicPrefix;
    this.count = count;
    this.ratePerSecond = ratePerSecond;
    this.window = new Semaphore(window);
    this.acked = new AtomicIntegerArray(count);
    client.setCallback(new Callback());
    this.thread = new Thread(this::run, "resilient-publisher");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Readings the broker acknowledged (each counted once). */
  int acknowledged() {
    return ackedCount.get();
  }

  long attempts() {
    return attempts.get();
  }

  /** Publishes sent again because the first attempt failed or its outcome was lost with the connection. */
  long republished() {
    return republished.get();
  }

  long connects() {
    return connects.get();
  }

  /** PUBACKs with reason code 0x10 (no matching subscribers): discarded by the broker, so published again. */
  long noMatchingSubscribers() {
    return noSubscribers.get();
  }

  /** Waits until the broker acknowledged every reading. */
  void awaitAllAcknowledged(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (failure.get() != null) {
      throw new IllegalStateException("the publisher failed", failure.get());
    }
    if (ackedCount.get() < count) {
      throw new IllegalStateException(
          "publisher: only " + ackedCount.get() + " of " + count + " readings acknowledged within " + timeout);
    }
  }

  static String payload(int seq) {
    return "{\"ts\":" + (1_700_000_000_000L + seq) + ",\"seq\":" + seq + ",\"values\":{\"rain_mm\":0.2}}";
  }

  private void run() {
    try {
      long startNs = System.nanoTime();
      int next = 0;
      long lastProgressNs = System.nanoTime();
      int lastAcked = 0;
      while (!stopped && ackedCount.get() < count) {
        ensureConnected();
        long pauseNs = pauseUntilNs - System.nanoTime();
        if (pauseNs > 0) {
          TimeUnit.NANOSECONDS.sleep(pauseNs);
        }
        Integer seq = retry.poll();
        if (seq != null && acked.get(seq) == 1) {
          continue;
        }
        if (seq == null && next < count) {
          long dueNs = startNs + (long) next * 1_000_000_000L / ratePerSecond;
          long waitNs = dueNs - System.nanoTime();
          if (waitNs > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(waitNs, 20_000_000L));
            continue;
          }
          seq = next++;
        }
        if (seq == null) {
          // Everything sent; waiting for PUBACKs. A publish whose outcome never comes is sent again after 5 s.
          Thread.sleep(20);
          if (ackedCount.get() != lastAcked) {
            lastAcked = ackedCount.get();
            lastProgressNs = System.nanoTime();
          } else if (System.nanoTime() - lastProgressNs > TimeUnit.SECONDS.toNanos(5)) {
            requeueInFlight(Long.MAX_VALUE);
            lastProgressNs = System.nanoTime();
          }
          continue;
        }
        if (!window.tryAcquire(200, TimeUnit.MILLISECONDS)) {
          retry.add(seq);
          continue;
        }
        publish(seq);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure.set(e);
    }
  }

  private void publish(int seq) {
    long gen = generation.get();
    inFlight.put(seq, gen);
    attempts.incrementAndGet();
    String topic = topicPrefix + "/site" + (seq % 3) + "/rain/r" + (seq % 50) + "/data";
    try {
      client.publish(
          topic,
          payload(seq).getBytes(StandardCharsets.UTF_8),
          1,
          false,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              int[] codes = token.getReasonCodes();
              if (codes != null && codes.length > 0 && codes[0] == NO_MATCHING_SUBSCRIBERS) {
                noSubscribers.incrementAndGet();
                pauseUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                giveBack(seq, gen);
                return;
              }
              if (inFlight.remove(seq, gen)) {
                window.release();
              }
              if (acked.compareAndSet(seq, 0, 1)) {
                ackedCount.incrementAndGet();
              }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              giveBack(seq, gen);
            }
          });
    } catch (MqttException e) {
      giveBack(seq, gen);
    }
  }

  private void giveBack(int seq, long gen) {
    if (inFlight.remove(seq, gen)) {
      window.release();
      republished.incrementAndGet();
      retry.add(seq);
    }
  }

  /** Sends again what was in flight on connections up to {@code upToGeneration}. */
  private void requeueInFlight(long upToGeneration) {
    for (Map.Entry<Integer, Long> e : inFlight.entrySet()) {
      if (e.getValue() <= upToGeneration) {
        giveBack(e.getKey(), e.getValue());
      }
    }
  }

  private void ensureConnected() throws InterruptedException {
    while (!stopped && !client.isConnected()) {
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setSessionExpiryInterval(0L);
      options.setConnectionTimeout(3);
      try {
        client.connect(options).waitForCompletion(4_000);
        generation.incrementAndGet();
        connects.incrementAndGet();
      } catch (MqttException e) {
        Thread.sleep(250);
      }
    }
  }

  @Override
  public void close() throws Exception {
    stopped = true;
    thread.join(5_000);
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } finally {
      client.close(true);
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      requeueInFlight(generation.getAndIncrement());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

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
