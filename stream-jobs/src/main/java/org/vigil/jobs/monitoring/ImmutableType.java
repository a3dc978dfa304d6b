package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The type information of a record that is immutable all the way down and travels between the job's operators with
 * a serializer of its own ({@link ReadingSerializer}, {@link SensorMetricsSerializer}), and the map layout those
 * serializers share. For the streams between operators only: the records' keyed state keeps Flink's own serializer.
 */
final class ImmutableType<T> extends TypeInformation<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final TypeSerializer<T> serializer;

  ImmutableType(Class<T> type, TypeSerializer<T> serializer) {
    this.type = type;
    this.serializer = serializer;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer;
  }

  @Override
  public String toString() {
    return type.getSimpleName() + " (" + serializer.getClass().getSimpleName() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImmutableType<?> t && t.type == type && t.serializer.equals(serializer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, serializer);
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof ImmutableType;
  }

  /** A map of numbers: its size, then name and value pairs. */
  static void writeDoubles(Map<String, Double> map, DataOutputView out) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, Double> e : map.entrySet()) {
      StringValue.writeString(e.getKey(), out);
      out.writeDouble(e.getValue());
    }
  }

  /** What {@link #writeDoubles} wrote, straight into an immutable map (which the records' constructors keep). */
  @SuppressWarnings("unchecked")
  static Map<String, Double> readDoubles(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return Map.of();
    }
    Map.Entry<String, Double>[] entries = new Map.Entry[n];
    for (int i = 0; i < n; i++) {
      String name = StringValue.readString(in);
      entries[i] = Map.entry(name, in.readDouble());
    }
    return Map.ofEntries(entries);
  }

  /** A map of texts: its size, then name and text pairs. */
  static void writeStrings(Map<String, String> map, DataOutputView out) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      StringValue.writeString(e.getKey(), out);
      StringValue.writeString(e.getValue(), out);
    }
  }

  /** What {@link #writeStrings} wrote, straight into an immutable map. */
  @SuppressWarnings("unchecked")
  static Map<String, String> readStrings(DataInputView in) throws IOException {
    int n = in.readInt();
    if (n == 0) {
      return Map.of();
    }
    Map.Entry<String, String>[] entries = new Map.Entry[n];
    for (int i = 0; i < n; i++) {
      String name = StringValue.readString(in);
      entries[i] = Map.entry(name, StringValue.readString(in));
    }
    return Map.ofEntries(entries);
  }
}
