package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/** How readings travel between the job's operators. */
class ReadingSerializerTest {

  private final ReadingSerializer s = ReadingSerializer.INSTANCE;

  @Test
  void aRoundTripGivesTheSameReadingInTheBytesTheLayoutSays() throws Exception {
    Map<String, Double> values = new HashMap<>();
    values.put("rain_mm", 0.2);
    values.put("temp_c", 14.25);
    var r = new Reading("s1", SensorKind.RAIN, "r-07", 1_764_406_800_123L, 42L, values, 3.61, -71.0,
        Map.of("fw", "\"1.4.2\""));

    DataOutputSerializer out = new DataOutputSerializer(128);
    s.serialize(r, out);
    // site "s1" 1 + 2 = 3; kind 1; "r-07" 1 + 4 = 5; time 8; seq 8;
    // values: size 4 + "rain_mm" (a catalogue name: its code, 1) + 8 + "temp_c" (not one: 0, then 1 + 6) + 8 = 29;
    // battery 8; rssi 8; extras: size 4 + "fw" (1 + 2) + "\"1.4.2\"" (1 + 7) = 15.
    // In all 3 + 1 + 5 + 8 + 8 + 29 + 8 + 8 + 15 = 85.
    assertThat(out.length()).isEqualTo(85);

    Reading back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).isEqualTo(r);
    assertThat(back.subject()).isEqualTo("s1/rain/r-07");
    assertThat(back.value("temp_c")).isEqualTo(14.25);
    // A catalogue name comes back as the one constant, not a string built for this record.
    assertThat(back.values().keySet()).filteredOn("rain_mm"::equals).singleElement().isSameAs(ImmutableType.NAMES[0]);
    assertThat(back.extras()).containsExactly(Map.entry("fw", "\"1.4.2\""));
    assertThatThrownBy(() -> back.values().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void absentNumbersStayAbsentAndEveryKindKeepsItsName() throws Exception {
    for (SensorKind kind : SensorKind.values()) {
      var r = new Reading("a", kind, "b", 1L, -1L, Map.of("v", 1.0), Double.NaN, Double.NaN, null);
      DataOutputSerializer out = new DataOutputSerializer(64);
      s.serialize(r, out);
      // "a" 2, kind 1, "b" 2, time 8, seq 8, values 4 + "v" (0, then 1 + 1) + 8 = 15, battery 8, rssi 8, extras 4
      // = 56
      assertThat(out.length()).isEqualTo(56);
      Reading back = s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
      assertThat(back).isEqualTo(r);
      assertThat(back.kind()).isEqualTo(kind);
      assertThat(back.seq()).isEqualTo(-1L);
      assertThat(back.batteryV()).isNaN();
      assertThat(back.rssi()).isNaN();
      assertThat(back.extras()).isEmpty();
    }
  }

  @Test
  void aCopyIsTheReadingItselfForItIsImmutable() {
    var r = new Reading("s1", SensorKind.LEVEL, "w1", 5L, 3L, Map.of("level_m", 2.5), 3.6, -70.0, Map.of());
    assertThat(s.isImmutableType()).isTrue();
    assertThat(s.copy(r)).isSameAs(r);
    assertThat(s.copy(r, s.createInstance())).isSameAs(r);
  }

  @Test
  void theCopyOfSerializedBytesIsByteForByteAndTheSnapshotRestoresIt() throws Exception {
    var r = new Reading("s1", SensorKind.GNSS, "g1", 9L, 0L, Map.of("e_mm", 1.0, "n_mm", -2.0), 3.5, -80.0,
        Map.of("gateway", "\"gw-1\""));
    DataOutputSerializer first = new DataOutputSerializer(128);
    s.serialize(r, first);
    DataOutputSerializer second = new DataOutputSerializer(128);
    s.copy(new DataInputDeserializer(first.getCopyOfBuffer()), second);
    assertThat(second.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());

    DataOutputSerializer snap = new DataOutputSerializer(16);
    TypeSerializerSnapshot.writeVersionedSnapshot(snap, s.snapshotConfiguration());
    TypeSerializerSnapshot<Reading> read = TypeSerializerSnapshot.readVersionedSnapshot(
        new DataInputDeserializer(snap.getCopyOfBuffer()), getClass().getClassLoader());
    assertThat(read.restoreSerializer()).isSameAs(s);
    assertThat(ReadingSerializer.TYPE.createSerializer(null)).isSameAs(s);
  }
}
