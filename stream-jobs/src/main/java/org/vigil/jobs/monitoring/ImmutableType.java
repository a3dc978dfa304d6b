package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.vigil.core.HazardMetrics;

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

  /**
   * Metric names written as one byte, its index + 1 (0: the name follows as text): the names of the metrics catalogue
   * ({@link HazardMetrics#CATALOGUE}), in its order. Most of a record's bytes were these names, written and read
   * character by character; a received record now shares these constants, whose hashes are computed once, instead of
   * building a string per name. The two ends of a network channel always run the same version, and no checkpoint
   * holds these records, so the codes need not outlive a version.
   */
  static final String[] NAMES = HazardMetrics.CATALOGUE.keySet().toArray(String[]::new);

  private static final Map<String, Integer> CODES = codes();

  private static Map<String, Integer> codes() {
    if (NAMES.length > 255) {
      throw new IllegalStateException(NAMES.length + " catalogue names do not fit a byte's codes (255)");
    }
    Map<String, Integer> m = new HashMap<>();
    for (int i = 0; i < NAMES.length; i++) {
      m.put(NAMES[i], i + 1);
    }
    return m;
  }

  /** A metric name: its code, or 0 and the name. */
  static void writeName(String name, DataOutputView out) throws IOException {
    Integer code = CODES.get(name);
    if (code != null) {
      out.writeByte(code);
    } else {
      out.writeByte(0);
      StringValue.writeString(name, out);
    }
  }

  /** What {@link #writeName} wrote. */
  static String readName(DataInputView in) throws IOException {
    int code = in.readUnsignedByte();
    if (code == 0) {
      return StringValue.readString(in);
    }
    if (code > NAMES.length) {
      throw new IOException("unknown metric name code " + code + " (this version knows " + NAMES.length + ")");
    }
    return NAMES[code - 1];
  }

  /** A map of numbers: its size, then name ({@link #writeName}) and value pairs. */
  static void writeDoubles(Map<String, Double> map, DataOutputView out) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, Double> e : map.entrySet()) {
      writeName(e.getKey(), out);
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
      String name = readName(in);
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
