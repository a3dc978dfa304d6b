package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/**
 * How the monitoring job moves {@link Reading}s between its operators, in place of Flink's record serializer. A
 * Reading is immutable all the way down (strings, an enum, numbers and immutable maps), so a copy between chained
 * operators is the reading itself; and a received reading builds each map once, straight into its immutable form,
 * where the record serializer first filled a HashMap that the record's constructor then copied again (in the
 * benchmark's profile these copies were a visible part of the job's CPU per reading).
 *
 * <p>For the streams only: keyed state that holds readings (sensor-time's held readings) keeps Flink's record
 * serializer, so checkpoints are written as before and restore as before.
 *
 * <p>Layout: site, kind (ordinal, one byte), sensor id, timestamp, seq, values (size, then name and value pairs),
 * battery voltage, rssi, extras (size, then name and text pairs).
 */
public final class ReadingSerializer extends ImmutableRecordSerializer<Reading> {

  public static final ReadingSerializer INSTANCE = new ReadingSerializer();

  /** The type information that hands out {@link #INSTANCE}. */
  public static final TypeInformation<Reading> TYPE = new ImmutableType<>(Reading.class, INSTANCE);

  private static final long serialVersionUID = 1L;
  private static final SensorKind[] KINDS = SensorKind.values();

  private ReadingSerializer() {}

  @Override
  public Reading createInstance() {
    return new Reading("", KINDS[0], "", 0L, -1L, Map.of(), Double.NaN, Double.NaN, Map.of());
  }

  @Override
  public void serialize(Reading r, DataOutputView out) throws IOException {
    StringValue.writeString(r.site(), out);
    out.writeByte(r.kind().ordinal());
    StringValue.writeString(r.sensorId(), out);
    out.writeLong(r.timestampMs());
    out.writeLong(r.seq());
    ImmutableType.writeDoubles(r.values(), out);
    out.writeDouble(r.batteryV());
    out.writeDouble(r.rssi());
    ImmutableType.writeStrings(r.extras(), out);
  }

  @Override
  public Reading deserialize(DataInputView in) throws IOException {
    String site = StringValue.readString(in);
    SensorKind kind = KINDS[in.readUnsignedByte()];
    String sensorId = StringValue.readString(in);
    long timestampMs = in.readLong();
    long seq = in.readLong();
    Map<String, Double> values = ImmutableType.readDoubles(in);
    double batteryV = in.readDouble();
    double rssi = in.readDouble();
    Map<String, String> extras = ImmutableType.readStrings(in);
    return new Reading(site, kind, sensorId, timestampMs, seq, values, batteryV, rssi, extras);
  }

  @Override
  public TypeSerializerSnapshot<Reading> snapshotConfiguration() {
    return new Snapshot();
  }

  private Object readResolve() {
    return INSTANCE;
  }

  /** The serializer's snapshot: no configuration, the serializer restores as it is. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<Reading> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
