package org.vigil.connectors.mqtt.source;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One MQTT message as the {@link MqttSource} emits it. Flink serializes it with its POJO (record) serializer, not
 * Kryo, so jobs may run with {@code pipeline.generic-types: false}.
 *
 * <p>The source delivers at least once: after a failure, messages emitted after the last completed checkpoint are
 * delivered again (the broker redelivers what was never acknowledged). Paho does not expose the DUP flag, so
 * de-duplicate downstream (InfluxDB overwrites the same series and timestamp).
 *
 * @param topic the topic the message was published to (never a {@code $share/...} filter)
 * @param payload the message payload, as received (not copied: do not modify it)
 * @param receivedAtMs when the reader's MQTT client received it, epoch milliseconds; also the record's timestamp
 */
public record MqttRecord(String topic, byte[] payload, long receivedAtMs) {

  public MqttRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MqttRecord other
        && receivedAtMs == other.receivedAtMs
        && topic.equals(other.topic)
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * topic.hashCode() + Arrays.hashCode(payload)) + Long.hashCode(receivedAtMs);
  }

  @Override
  public String toString() {
    return "MqttRecord[topic=" + topic + ", payload=" + payload.length + " bytes, receivedAtMs=" + receivedAtMs + "]";
  }
}
