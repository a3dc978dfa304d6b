package org.vigil.connectors.mqtt.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** {@link MqttRecord} must be serialized by Flink's POJO/record serializer, never by Kryo. */
class MqttRecordTypeTest {

  @Test
  void isAPojoTypeNotAGenericKryoType() {
    TypeInformation<MqttRecord> type = TypeInformation.of(MqttRecord.class);
    assertThat(type).isInstanceOf(PojoTypeInfo.class).isNotInstanceOf(GenericTypeInfo.class);
    assertThat(((PojoTypeInfo<MqttRecord>) type).getFieldNames())
        .containsExactlyInAnyOrder("topic", "payload", "receivedAtMs");
    MqttSource source =
        MqttSource.builder().serverUri("tcp://h:1").topicFilters("a/#").clientIdPrefix("p").build();
    assertThat(source.getProducedType()).isEqualTo(type);
  }

  @Test
  void roundTripsWithGenericTypesDisabled() throws Exception {
    SerializerConfigImpl config = new SerializerConfigImpl();
    config.setGenericTypes(false); // pipeline.generic-types: false; a Kryo fallback would throw here
    TypeSerializer<MqttRecord> serializer = TypeInformation.of(MqttRecord.class).createSerializer(config);

    MqttRecord record =
        new MqttRecord("vigil/s1/rain/r7/data", "{\"seq\":1}".getBytes(StandardCharsets.UTF_8), 1_700_000_000_123L);
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(record, out);
    MqttRecord back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

    assertThat(back).isEqualTo(record);
    assertThat(back.payloadAsString()).isEqualTo("{\"seq\":1}");
    assertThat(serializer.copy(record)).isEqualTo(record);
  }
}
