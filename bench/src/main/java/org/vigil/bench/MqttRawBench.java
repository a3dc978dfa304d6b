package org.vigil.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.core.topics.Topics;

/**
 * Phase 1a, the broker's limit with the job's client library: Paho MQTT v5 publishers at QoS 1 (each with a window of
 * unacknowledged messages) to Paho subscribers that share one QoS 1 subscription as the job's two readers do, and
 * acknowledge each message as it arrives. The rate is messages received over the time from the first publish to the
 * last arrival; every published message must arrive.
 */
final class MqttRawBench {

  private MqttRawBench() {}

  static double run(Services s, Results.Phase p, int seconds, int publishers, int subscribers, int window)
      throws Exception {
    p.method(String.format("MQTT: %d Paho v5 publishers (window %d unacked each, unpaced) -> Mosquitto -> %d Paho v5 "
        + "subscribers sharing $share/raw/vigil/+/rain/+/data, QoS 1 both ways, ~200-byte readings, %d s",
        publishers, window, subscribers, seconds));
    AtomicLong received = new AtomicLong();
    AtomicLong lastArrival = new AtomicLong();
    List<MqttAsyncClient> subs = new ArrayList<>();
    for (int i = 0; i < subscribers; i++) {
      // The subscribers read as the job would (vigil-job), when the bench's broker has identities.
      MqttClientFactory factory = MqttClientFactory.to(s.mqttUrl(), MqttClientSecurity.forIdentity(MqttClientSecurity.JOB))
          .cleanSession().receiveMaximum(window).connectionTimeout(Duration.ofSeconds(10));
      MqttAsyncClient c = factory.newAsyncClient(MqttClientFactory.clientId("bench-raw-sub", i));
      c.setCallback(new MqttCallback() {
        @Override
        public void disconnected(MqttDisconnectResponse r) {}

        @Override
        public void mqttErrorOccurred(MqttException e) {}

        @Override
        public void messageArrived(String topic, MqttMessage m) {
          received.incrementAndGet();
          lastArrival.set(System.nanoTime());
        }

        @Override
        public void deliveryComplete(IMqttToken t) {}

        @Override
        public void connectComplete(boolean reconnect, String uri) {}

        @Override
        public void authPacketArrived(int reason, MqttProperties props) {}
      });
      factory.connect(c);
      c.subscribe("$share/raw/" + Topics.reading("+", "rain", "+"), 1).waitForCompletion(10_000);
      subs.add(c);
    }
    int sensors = 2_000;
    long base = System.currentTimeMillis() - 3_600_000L;
    try (Publisher pub = new Publisher(s.mqttUrl(), "bench-raw-pub", publishers, window)) {
      long t0 = System.nanoTime();
      long end = t0 + seconds * 1_000_000_000L;
      AtomicLong sent = new AtomicLong();
      pub.send(0, Long.MAX_VALUE, 0, i -> {
        sent.incrementAndGet();
        int sensor = (int) (i % sensors);
        return new Publisher.Message(Payloads.topic(sensor), Payloads.reading(base + i, i / sensors));
      }, () -> System.nanoTime() < end);
      pub.drain(30_000);
      long waitEnd = System.currentTimeMillis() + 30_000;
      while (received.get() < pub.acked.get() && System.currentTimeMillis() < waitEnd) {
        Thread.sleep(100);
      }
      double secs = (lastArrival.get() - t0) / 1e9;
      double rate = received.get() / secs;
      p.figures.put("mqttPublished", pub.acked.get());
      p.figures.put("mqttReceived", received.get());
      p.figures.put("mqttPublishFailures", pub.failed.get());
      p.figures.put("mqttSeconds", Stats.round(secs, 2));
      p.figures.put("mqttMsgPerSec", Math.round(rate));
      p.row("Mosquitto QoS 1 publish->subscribe (Paho v5)", String.format("%,.0f msg/s", rate));
      p.row("  received / published", String.format("%,d / %,d", received.get(), pub.acked.get()), "all",
          received.get() == pub.acked.get() ? "yes" : "NO");
      return rate;
    } finally {
      for (MqttAsyncClient c : subs) {
        try {
          c.disconnect().waitForCompletion(5_000);
          c.close(true);
        } catch (MqttException e) {
          // closing anyway
        }
      }
    }
  }
}
