package org.vigil.analytics.rain;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** RainGauge is Flink keyed state: it must go through Flink's POJO serializer, never Kryo, and come back whole. */
class RainGaugeSerializerTest {

  private static final long MIN = 60_000L;

  @Test
  void aPopulatedGaugeRoundTripsThroughThePojoSerializer() throws Exception {
    RainOptions o = RainOptions.defaults();
    RainGauge g = new RainGauge();
    for (int i = 0; i < 40; i++) { // past the initial capacity of 16
      g.add(1_000_000_000L + i * 10 * MIN, i % 3 == 0 ? 0.0 : 0.5, o);
    }
    long at = 1_000_000_000L + 39 * 10 * MIN;

    TypeSerializer<RainGauge> serializer =
        TypeInformation.of(RainGauge.class).createSerializer(new SerializerConfigImpl());
    assertThat(serializer).isInstanceOf(PojoSerializer.class);
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(g, out);
    RainGauge back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(back.size).isEqualTo(40);
    assertThat(back.times).isEqualTo(g.times);
    assertThat(back.mm).isEqualTo(g.mm);
    assertThat(back.cum).isEqualTo(g.cum);
    assertThat(back.snapshot(at, o)).isEqualTo(g.snapshot(at, o));
    // Reports i = 0..39 every 10 min, wet (0.5 mm) when i % 3 != 0. The last hour (at - 60 min, at] holds
    // i = 34..39, of which 34, 35, 37, 38 are wet (36 and 39 are dry): 4 * 0.5 = 2.0 mm
    assertThat(back.snapshot(at, o).mm1h()).isEqualTo(2.0);
    // And the restored state keeps working: a new report adds to it.
    back.add(at + 10 * MIN, 1.0, o);
    assertThat(back.snapshot(at + 10 * MIN, o).mm1h()).isEqualTo(2.5); // i = 35, 37, 38 -> 1.5, plus 1.0
  }
}
