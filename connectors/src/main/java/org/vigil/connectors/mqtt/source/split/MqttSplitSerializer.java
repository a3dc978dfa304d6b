package org.vigil.connectors.mqtt.source.split;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned binary form of {@link MqttSplit}, hand-written (no Java serialization).
 *
 * <p>Version 1: the split index as a 4-byte big-endian int.
 */
public final class MqttSplitSerializer implements SimpleVersionedSerializer<MqttSplit> {

  public static final int CURRENT_VERSION = 1;

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(MqttSplit split) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(4);
    out.writeInt(split.index());
    return out.getCopyOfBuffer();
  }

  @Override
  public MqttSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException(
          "Unsupported MQTT split serializer version " + version + " (this build reads version 1)");
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    int index = in.readInt();
    if (in.available() != 0) {
      throw new IOException("Corrupt MQTT split: " + in.available() + " trailing bytes");
    }
    if (index < 0) {
      throw new IOException("Corrupt MQTT split: negative index " + index);
    }
    return new MqttSplit(index);
  }
}
