package org.vigil.simulator.camera;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.core.topics.Topics;

/**
 * Publishes JPEG frames of simulated cameras on {@code vigil/{site}/camera/{cameraId}/frame}, paced at the configured
 * frame rate, at QoS 1. Each frame is the JSON envelope {@code {"ts": epoch-ms, "seq": n, "jpeg": "<base64>"}} that
 * {@code FrameDecoder} reads (the job's MQTT source does not pass MQTT 5 user properties on), and carries the same
 * capture time and sequence as MQTT 5 user properties {@code ts} and {@code seq} for other subscribers.
 *
 * <p>Like a real camera it never queues: when the broker has not acknowledged a camera's previous frames (at most
 * {@value #MAX_IN_FLIGHT_PER_CAMERA} in flight), the new frame is skipped and counted, not buffered.
 */
public final class CameraSimulator implements Runnable {

  static final int MAX_IN_FLIGHT_PER_CAMERA = 4;

  /** MQTT 5 PUBACK reason: the broker had no subscriber for the frame and discarded it. */
  private static final int NO_MATCHING_SUBSCRIBERS = 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CameraFeedOptions options;
  private final Consumer<String> progress;
  private final Clock clock;
  private final MqttClientSecurity security;
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong unrouted = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;

  public CameraSimulator(CameraFeedOptions options, Consumer<String> progress, Clock clock) {
    this(options, MqttClientSecurity.forIdentity(MqttClientSecurity.SIMULATOR), progress, clock);
  }

  /**
   * @param security the identity (vigil-simulator, or a device's) and the broker's CA the simulator connects with
   */
  public CameraSimulator(CameraFeedOptions options, MqttClientSecurity security, Consumer<String> progress, Clock clock) {
    this.security = security;
    this.options = options;
    this.progress = progress;
    this.clock = clock;
  }

  /** Frames the broker acknowledged but had no subscriber for (the job not subscribed yet), or that failed. */
  public long unrouted() {
    return unrouted.get();
  }

  /** Frames the broker acknowledged for at least one subscriber. */
  public long published() {
    return published.get();
  }

  /** Frames skipped because earlier ones were still in flight. */
  public long skipped() {
    return skipped.get();
  }

  public void stop() {
    running = false;
  }

  public boolean awaitStopped(long timeout, TimeUnit unit) throws InterruptedException {
    return stopped.await(timeout, unit);
  }

  private static final class Camera {
    final String topic;
    final FrameSource source;
    final List<IMqttToken> inFlight = new ArrayList<>();
    long seq;

    Camera(String topic, FrameSource source) {
      this.topic = topic;
      this.source = source;
    }
  }

  @Override
  public void run() {
    MqttAsyncClient client = null;
    try {
      List<Camera> cameras = new ArrayList<>();
      for (String site : options.sites()) {
        for (int i = 1; i <= options.camerasPerSite(); i++) {
          cameras.add(new Camera(Topics.frame(site, "cam" + i), options.source(cameras.size())));
        }
      }
      if (cameras.isEmpty()) {
        return;
      }
      MqttClientFactory clients = MqttClientFactory.to(options.mqttUrl(), security)
          .cleanSession()
          .automaticReconnect()
          .receiveMaximum(Math.min(65_535, MAX_IN_FLIGHT_PER_CAMERA * cameras.size() + 10))
          .connectionTimeout(Duration.ofSeconds(10));
      client = clients.newAsyncClient(options.clientId());
      clients.connect(client);
      progress.accept(String.format(Locale.ROOT, "cameras: %d at %.1f fps, %s", cameras.size(), options.fps(),
          cameras.get(0).source.describe()));
      long periodNanos = (long) (1e9 / options.fps());
      long start = System.nanoTime();
      long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
      long nextProgress = start + TimeUnit.SECONDS.toNanos(30);
      for (long n = 0; running; n++) {
        long due = start + n * periodNanos;
        if (due > end) {
          break;
        }
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        double seconds = n / options.fps();
        long ts = clock.millis();
        for (Camera c : cameras) {
          publish(client, c, c.source.frame(n, seconds), ts);
        }
        if (System.nanoTime() >= nextProgress) {
          nextProgress += TimeUnit.SECONDS.toNanos(30);
          progress.accept("cameras: " + published.get() + " frames published, " + skipped.get() + " skipped, "
              + unrouted.get() + " without a subscriber");
        }
      }
      for (Camera c : cameras) {
        for (IMqttToken t : c.inFlight) {
          try {
            t.waitForCompletion(5_000);
          } catch (MqttException e) {
            // counted as unrouted below
          }
          settled(t);
        }
      }
      client.disconnect().waitForCompletion(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (MqttException e) {
      throw new IllegalStateException("camera simulator: MQTT failed at " + options.mqttUrl() + ": " + e.getMessage(), e);
    } finally {
      if (client != null) {
        try {
          client.close(true);
        } catch (MqttException e) {
          // closing after a failure; nothing more to do
        }
      }
      stopped.countDown();
    }
  }

  private void publish(MqttAsyncClient client, Camera c, byte[] jpeg, long ts) {
    c.inFlight.removeIf(t -> {
      if (t.isComplete()) {
        settled(t);
        return true;
      }
      return false;
    });
    if (c.inFlight.size() >= MAX_IN_FLIGHT_PER_CAMERA || !client.isConnected()) {
      skipped.incrementAndGet();
      return;
    }
    long seq = c.seq++;
    MqttMessage msg = new MqttMessage(envelope(ts, seq, jpeg));
    msg.setQos(1);
    MqttProperties props = new MqttProperties();
    props.setUserProperties(List.of(new UserProperty("ts", Instant.ofEpochMilli(ts).toString()),
        new UserProperty("seq", Long.toString(seq))));
    props.setContentType("application/json");
    msg.setProperties(props);
    try {
      c.inFlight.add(client.publish(c.topic, msg));
    } catch (MqttException e) {
      skipped.incrementAndGet();
    }
  }

  /** Counts a completed publish: taken by the broker for a subscriber, or not (no subscriber yet, failed). */
  private void settled(IMqttToken t) {
    int[] codes = t.getReasonCodes();
    if (t.getException() == null && (codes == null || codes.length == 0 || codes[0] != NO_MATCHING_SUBSCRIBERS)) {
      published.incrementAndGet();
    } else {
      unrouted.incrementAndGet();
    }
  }

  /** {@code {"ts": ts, "seq": seq, "jpeg": base64}}. */
  public static byte[] envelope(long ts, long seq, byte[] jpeg) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ts", ts);
    n.put("seq", seq);
    n.put("jpeg", Base64.getEncoder().encodeToString(jpeg));
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }
}
