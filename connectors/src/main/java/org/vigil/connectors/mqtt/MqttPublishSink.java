package org.vigil.connectors.mqtt;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * Publishes elements to MQTT at QoS 1 (dead letters to {@code vigil/deadletter}, alerts to
 * {@code vigil/{site}/alerts/{level}}). At least once: {@link SinkWriter#flush} before each checkpoint waits for the
 * broker's PUBACK of everything published, and a publish that failed fails the checkpoint. A publish the broker
 * answers with an MQTT 5 error reason (0x80 and above: not authorised, quota exceeded...) is not stored by it: it is
 * counted ({@code mqttRefused}) and logged with the topic and reason, and the job goes on (a missing topic right,
 * e.g. after an upgrade, must not stop the monitoring; the log says what to fix).
 */
public final class MqttPublishSink<T> implements Sink<T> {

  private final String serverUri;
  private final MqttClientSecurity security;
  private final String clientIdPrefix;
  private final MqttMessageEncoder<T> encoder;
  private final int maxInFlight;
  private final long ackTimeoutMs;

  /**
   * @param serverUri broker, e.g. {@code tcp://127.0.0.1:18830}
   * @param clientIdPrefix client id prefix; the subtask index is appended
   * @param encoder element to topic and payload
   */
  public MqttPublishSink(String serverUri, String clientIdPrefix, MqttMessageEncoder<T> encoder) {
    this(serverUri, MqttClientSecurity.NONE, clientIdPrefix, encoder);
  }

  /**
   * @param serverUri broker, e.g. {@code ssl://127.0.0.1:18830}
   * @param security the identity (the job's: vigil-job) and CA to connect with
   * @param clientIdPrefix client id prefix; the subtask index is appended
   * @param encoder element to topic and payload
   */
  public MqttPublishSink(String serverUri, MqttClientSecurity security, String clientIdPrefix,
      MqttMessageEncoder<T> encoder) {
    this(serverUri, security, clientIdPrefix, encoder, 500, 30_000);
  }

  MqttPublishSink(String serverUri, MqttClientSecurity security, String clientIdPrefix, MqttMessageEncoder<T> encoder,
      int maxInFlight, long ackTimeoutMs) {
    this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
    this.security = security == null ? MqttClientSecurity.NONE : security;
    this.clientIdPrefix = Objects.requireNonNull(clientIdPrefix, "clientIdPrefix");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
    this.maxInFlight = maxInFlight;
    this.ackTimeoutMs = ackTimeoutMs;
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    String clientId = MqttClientFactory.clientId(clientIdPrefix, context.getTaskInfo().getIndexOfThisSubtask());
    Counter published = context.metricGroup().counter("mqttPublished");
    Counter refused = context.metricGroup().counter("mqttRefused");
    try {
      return new Writer<>(serverUri, security, clientId, encoder, maxInFlight, ackTimeoutMs, published, refused);
    } catch (MqttException e) {
      throw new IOException("cannot connect MQTT publisher " + clientId + " to " + serverUri + ": " + e, e);
    }
  }

  static final class Writer<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttPublishSink.class);

    private final MqttAsyncClient client;
    private final MqttMessageEncoder<T> encoder;
    private final int maxInFlight;
    private final long ackTimeoutMs;
    private final Counter published;
    private final Counter refused;
    private final ArrayDeque<IMqttToken> inFlight = new ArrayDeque<>();

    Writer(String uri, MqttClientSecurity security, String clientId, MqttMessageEncoder<T> encoder, int maxInFlight, long ackTimeoutMs,
        Counter published, Counter refused) throws MqttException {
      this.encoder = encoder;
      this.maxInFlight = maxInFlight;
      this.ackTimeoutMs = ackTimeoutMs;
      this.published = published;
      this.refused = refused;
      MqttClientFactory clients = MqttClientFactory.to(uri, security)
          .cleanSession()
          .automaticReconnect()
          .receiveMaximum(maxInFlight);
      client = clients.newAsyncClient(clientId);
      client.connect(clients.options()).waitForCompletion(ackTimeoutMs);
    }

    @Override
    public void write(T element, Context context) throws IOException {
      MqttMessage m = new MqttMessage(encoder.payload(element));
      m.setRetained(encoder.retained(element));
      m.setQos(1);
      while (inFlight.size() >= maxInFlight) {
        await(inFlight.poll());
      }
      try {
        inFlight.add(client.publish(encoder.topic(element), m));
      } catch (MqttException e) {
        throw new IOException("MQTT publish to " + encoder.topic(element) + " failed: " + e, e);
      }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      while (!inFlight.isEmpty()) {
        await(inFlight.poll());
      }
    }

    private void await(IMqttToken token) throws IOException {
      try {
        token.waitForCompletion(ackTimeoutMs);
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code >= 0x80) {
          refuse(token, code);
          return;
        }
        published.inc();
      } catch (MqttException e) {
        if (e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF) {
          refuse(token, e.getReasonCode());
          return;
        }
        List<String> topics = new ArrayList<>();
        if (token.getTopics() != null) {
          topics.addAll(List.of(token.getTopics()));
        }
        throw new IOException("MQTT publish " + topics + " was not acknowledged: " + e, e);
      }
    }

    /** A publish the broker answered with an error reason (Paho reports it in the token or as an exception). */
    private void refuse(IMqttToken token, int code) {
      refused.inc();
      LOG.error("the broker refused a publish on {} with reason 0x{}{}: the message is not stored; check the"
          + " identity's topic rights (README, Broker identities)", token.getTopics() == null ? "?"
          : String.join(",", token.getTopics()), Integer.toHexString(code), code == 0x87 ? " (not authorised)" : "");
    }

    @Override
    public void close() throws Exception {
      // Flink flushes before a checkpoint and at end of input; here the task is going away (maybe failing), so
      // unacknowledged publishes are left to the replay from the last checkpoint.
      try {
        client.disconnect(1_000).waitForCompletion(2_000);
      } catch (MqttException e) {
        LOG.debug("MQTT disconnect failed", e);
      } finally {
        client.close(true);
      }
    }
  }
}
