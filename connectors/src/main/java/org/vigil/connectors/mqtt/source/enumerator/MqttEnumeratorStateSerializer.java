package org.vigil.connectors.mqtt.source.enumerator;

import java.io.IOException;
import java.util.TreeSet;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned binary form of {@link MqttEnumeratorState}, hand-written (no Java serialization, no credentials).
 *
 * <p>Version 1: {@code int splitCount}, {@code int n}, then {@code n} ints (unassigned split indexes, ascending).
 */
public final class MqttEnumeratorStateSerializer implements SimpleVersionedSerializer<MqttEnumeratorState> {

  public static final int CURRENT_VERSION = 1;

  @Override
  public int getVersion() {
    return CURRENT_VERSION;
  }

  @Override
  public byte[] serialize(MqttEnumeratorState state) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(8 + 4 * state.unassigned().size());
    out.writeInt(state.splitCount());
    out.writeInt(state.unassigned().size());
    for (int index : state.unassigned()) {
      out.writeInt(index);
    }
    return out.getCopyOfBuffer();
  }

  @Override
  public MqttEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException(
          "Unsupported MQTT enumerator state version " + version + " (this build reads version 1)");
    }
    DataInputDeserializer in = new DataInputDeserializer(serialized);
    int splitCount = in.readInt();
    int n = in.readInt();
    if (splitCount < 0 || n < 0 || n > splitCount || in.available() != 4L * n) {
      throw new IOException(
          "Corrupt MQTT enumerator state: splitCount " + splitCount + ", " + n + " unassigned, "
              + in.available() + " bytes left");
    }
    TreeSet<Integer> unassigned = new TreeSet<>();
    for (int i = 0; i < n; i++) {
      unassigned.add(in.readInt());
    }
    try {
      return new MqttEnumeratorState(splitCount, unassigned);
    } catch (IllegalArgumentException e) {
      throw new IOException("Corrupt MQTT enumerator state: " + e.getMessage(), e);
    }
  }
}
