package org.vigil.connectors.mqtt.source.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class MqttSplitSerializerTest {

  private final MqttSplitSerializer serializer = new MqttSplitSerializer();

  @Test
  void roundTripsEverySplitIndex() throws IOException {
    for (int index : new int[] {0, 1, 7, 255, 256, 65_535, Integer.MAX_VALUE}) {
      MqttSplit split = new MqttSplit(index);
      byte[] bytes = serializer.serialize(split);
      assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
    }
  }

  @Test
  void version1IsAFourByteBigEndianIndex() throws IOException {
    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(serializer.serialize(new MqttSplit(258))).containsExactly(0, 0, 1, 2);
    assertThat(serializer.deserialize(1, new byte[] {0, 0, 0, 5})).isEqualTo(new MqttSplit(5));
  }

  @Test
  void splitIdAndClientIdFollowTheIndex() {
    assertThat(new MqttSplit(3).splitId()).isEqualTo("mqtt-3");
  }

  @Test
  void rejectsUnknownVersionsAndCorruptBytes() {
    assertThatThrownBy(() -> serializer.deserialize(2, new byte[] {0, 0, 0, 1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 1, 9}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {(byte) 0xFF, 0, 0, 0}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("negative");
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 1})).isInstanceOf(IOException.class);
  }
}
