package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.core.HazardMetrics;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;

/** How SensorMetrics travel between the job's operators. */
class SensorMetricsSerializerTest {

  private final SensorMetricsSerializer s = SensorMetricsSerializer.INSTANCE;

  @Test
  void aRoundTripGivesTheSameMetricsInTheBytesTheLayoutSays() throws Exception {
    Map<String, Double> derived = new HashMap<>();
    derived.put("velocity_mm_d", 0.25);
    derived.put("angle", 42.0);
    var m = new SensorMetrics("s1", SensorKind.TILT, "t-01", 1_764_406_800_123L, Map.of("disp_mm", 1.5), derived);

    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(m, out);
    // site "s1": length 2 + 1 as one byte, then 2 characters = 3; kind 1; sensor id "t-01": 1 + 4 = 5;
    // time 8; raw: size 4 + "disp_mm" (a catalogue name: its code, 1) + 8 = 13; derived: size 4 + "velocity_mm_d"
    // (catalogue: 1) + 8 + "angle" (not in it: 0, then 1 + 5) + 8 = 28. In all 3 + 1 + 5 + 8 + 13 + 28 = 58.
    assertThat(out.length()).isEqualTo(58);

    SensorMetrics back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).isEqualTo(m);
    assertThat(back.kind()).isEqualTo(SensorKind.TILT);
    assertThat(back.value("velocity_mm_d")).isEqualTo(0.25);
    assertThat(back.value("disp_mm")).isEqualTo(1.5);
    assertThatThrownBy(() -> back.derived().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void everyNameOfTheMetricsCatalogueTravelsAsOneByteAndOthersAsText() throws Exception {
    for (String name : HazardMetrics.CATALOGUE.keySet()) {
      DataOutputSerializer out = new DataOutputSerializer(8);
      ImmutableType.writeName(name, out);
      assertThat(out.length()).as(name).isEqualTo(1);
      assertThat(ImmutableType.readName(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(name);
    }
    DataOutputSerializer out = new DataOutputSerializer(8);
    ImmutableType.writeName("temp_c", out);
    assertThat(out.length()).isEqualTo(1 + 1 + 6); // 0, then the length and 6 characters
    assertThat(ImmutableType.readName(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo("temp_c");
  }

  @Test
  void aNameCodeThisVersionDoesNotKnowIsRefused() {
    byte[] bytes = {(byte) (ImmutableType.NAMES.length + 1)};
    assertThatThrownBy(() -> ImmutableType.readName(new DataInputDeserializer(bytes)))
        .isInstanceOf(IOException.class).hasMessageContaining("unknown metric name code");
  }

  @Test
  void emptyMapsComeBackEmptyAndEveryKindKeepsItsName() throws Exception {
    for (SensorKind kind : SensorKind.values()) {
      var m = new SensorMetrics("site-a", kind, "x", 0L, Map.of(), Map.of());
      DataOutputSerializer out = new DataOutputSerializer(32);
      s.serialize(m, out);
      // "site-a" 1 + 6, kind 1, "x" 1 + 1, time 8, two empty maps 4 + 4 = 26
      assertThat(out.length()).isEqualTo(26);
      SensorMetrics back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).isEqualTo(m);
      assertThat(back.raw()).isEmpty();
      assertThat(back.derived()).isEmpty();
    }
  }

  @Test
  void aCopyIsTheRecordItselfForItIsImmutable() {
    var m = new SensorMetrics("s1", SensorKind.RAIN, "r1", 5L, Map.of("rain_mm", 0.2), Map.of("rain_24h", 3.4));
    assertThat(s.isImmutableType()).isTrue();
    assertThat(s.copy(m)).isSameAs(m);
    assertThat(s.copy(m, s.createInstance())).isSameAs(m);
  }

  @Test
  void theCopyOfSerializedBytesIsByteForByte() throws Exception {
    var m = new SensorMetrics("s1", SensorKind.LEVEL, "w1", 7L, Map.of("level_m", 2.5), Map.of("rise_m_h", 0.1));
    DataOutputSerializer first = new DataOutputSerializer(64);
    s.serialize(m, first);
    DataOutputSerializer second = new DataOutputSerializer(64);
    s.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
    assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
  }

  @Test
  void itsSnapshotRestoresItAndItsTypeHandsItOut() throws Exception {
    TypeSerializerSnapshot<SensorMetrics> snap = s.snapshotConfiguration();
    DataOutputSerializer out = new DataOutputSerializer(16);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, snap);
    TypeSerializerSnapshot<SensorMetrics> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(s);
    TypeSerializerSchemaCompatibility<SensorMetrics> c = s.snapshotConfiguration().resolveSchemaCompatibility(read);
    assertThat(c.isCompatibleAsIs()).isTrue();
    assertThat(SensorMetricsSerializer.TYPE.createSerializer(null)).isSameAs(s);
    assertThat(SensorMetricsSerializer.TYPE.getTypeClass()).isEqualTo(SensorMetrics.class);
  }
}
