package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/**
 * How the monitoring job moves {@link SensorMetrics} between its operators, in place of Flink's record serializer.
 * SensorMetrics is immutable all the way down (strings, an enum, numbers and immutable maps), so a copy between
 * chained operators is the record itself; and a received record builds each map once, straight into its immutable
 * form, where the record serializer first filled a HashMap that the record's constructor then copied again (in the
 * benchmark's profile these copies were a visible part of the job's CPU per reading, on the two operators that
 * receive every reading's metrics). SensorMetrics is never kept in keyed or operator state, so no checkpoint holds
 * this format.
 *
 * <p>Layout: site, kind (ordinal, one byte), sensor id, timestamp, then raw and derived maps, each as its size
 * followed by name and value pairs.
 */
public final class SensorMetricsSerializer extends ImmutableRecordSerializer<SensorMetrics> {

  public static final SensorMetricsSerializer INSTANCE = new SensorMetricsSerializer();

  /** The type information that hands out {@link #INSTANCE}. */
  public static final TypeInformation<SensorMetrics> TYPE = new ImmutableType<>(SensorMetrics.class, INSTANCE);

  private static final long serialVersionUID = 1L;
  private static final SensorKind[] KINDS = SensorKind.values();

  private SensorMetricsSerializer() {}

  @Override
  public SensorMetrics createInstance() {
    return new SensorMetrics("", KINDS[0], "", 0L, Map.of(), Map.of());
  }

  @Override
  public void serialize(SensorMetrics m, DataOutputView out) throws IOException {
    StringValue.writeString(m.site(), out);
    out.writeByte(m.kind().ordinal());
    StringValue.writeString(m.sensorId(), out);
    out.writeLong(m.timestampMs());
    ImmutableType.writeDoubles(m.raw(), out);
    ImmutableType.writeDoubles(m.derived(), out);
  }

  @Override
  public SensorMetrics deserialize(DataInputView in) throws IOException {
    String site = StringValue.readString(in);
    SensorKind kind = KINDS[in.readUnsignedByte()];
    String sensorId = StringValue.readString(in);
    long timestampMs = in.readLong();
    Map<String, Double> raw = ImmutableType.readDoubles(in);
    Map<String, Double> derived = ImmutableType.readDoubles(in);
    return new SensorMetrics(site, kind, sensorId, timestampMs, raw, derived);
  }

  @Override
  public TypeSerializerSnapshot<SensorMetrics> snapshotConfiguration() {
    return new Snapshot();
  }

  private Object readResolve() {
    return INSTANCE;
  }

  /** The serializer's snapshot: no configuration, the serializer restores as it is. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SensorMetrics> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
