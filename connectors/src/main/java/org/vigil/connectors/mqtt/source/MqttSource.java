package org.vigil.connectors.mqtt.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.vigil.connectors.mqtt.source.enumerator.MqttEnumeratorState;
import org.vigil.connectors.mqtt.source.enumerator.MqttEnumeratorStateSerializer;
import org.vigil.connectors.mqtt.source.enumerator.MqttSplitEnumerator;
import org.vigil.connectors.mqtt.source.split.MqttSplit;
import org.vigil.connectors.mqtt.source.split.MqttSplitSerializer;

/**
 * Flink (FLIP-27) source of MQTT messages: MQTT 5 shared subscriptions at QoS 1 split the stream between the
 * parallel readers, each split a persistent session (clean start off, session expiry, stable client id
 * {@code <prefix>-<split>}), and a message is acknowledged (PUBACK) only after the checkpoint that covers it
 * completes. Together: at least once from the broker into the job across crashes, as long as a session does not
 * expire while the job is down. Requires checkpointing; without it a reader stops after
 * {@code maxUnackedMessages} messages.
 *
 * <pre>{@code
 * MqttSource source = MqttSource.builder()
 *     .serverUri("tcp://127.0.0.1:18830")
 *     .topicFilters("vigil/+/+/+/data")
 *     .sharedGroup("vigil")
 *     .clientIdPrefix("vigil-monitor")
 *     .build();
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-source");
 * }</pre>
 */
public final class MqttSource
    implements Source<MqttRecord, MqttSplit, MqttEnumeratorState>, ResultTypeQueryable<MqttRecord> {

  private static final long serialVersionUID = 1L;

  private final MqttSourceConfig config;

  MqttSource(MqttSourceConfig config) {
    this.config = config;
  }

  /** The only way to make a source. */
  public static MqttSourceBuilder builder() {
    return new MqttSourceBuilder();
  }

  /** The validated settings. */
  public MqttSourceConfig config() {
    return config;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<MqttRecord, MqttSplit> createReader(SourceReaderContext readerContext) {
    return MqttSourceReader.create(config, readerContext);
  }

  @Override
  public SplitEnumerator<MqttSplit, MqttEnumeratorState> createEnumerator(
      SplitEnumeratorContext<MqttSplit> enumContext) {
    return new MqttSplitEnumerator(enumContext, MqttEnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<MqttSplit, MqttEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<MqttSplit> enumContext, MqttEnumeratorState checkpoint) {
    return new MqttSplitEnumerator(enumContext, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<MqttSplit> getSplitSerializer() {
    return new MqttSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<MqttEnumeratorState> getEnumeratorCheckpointSerializer() {
    return new MqttEnumeratorStateSerializer();
  }

  @Override
  public TypeInformation<MqttRecord> getProducedType() {
    return TypeInformation.of(MqttRecord.class);
  }

  @Override
  public String toString() {
    return "MqttSource[" + config + "]";
  }
}
