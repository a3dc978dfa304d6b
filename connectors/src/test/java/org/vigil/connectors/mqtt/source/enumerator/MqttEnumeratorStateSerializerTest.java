package org.vigil.connectors.mqtt.source.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

class MqttEnumeratorStateSerializerTest {

  private final MqttEnumeratorStateSerializer serializer = new MqttEnumeratorStateSerializer();

  @Test
  void roundTrips() throws IOException {
    for (MqttEnumeratorState state :
        new MqttEnumeratorState[] {
          MqttEnumeratorState.initial(),
          new MqttEnumeratorState(2, new TreeSet<>()),
          new MqttEnumeratorState(8, new TreeSet<>(List.of(7, 0, 3))),
          new MqttEnumeratorState(1000, new TreeSet<>(List.of(999)))
        }) {
      MqttEnumeratorState back = serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
      assertThat(back).isEqualTo(state);
    }
  }

  @Test
  void version1Layout() throws IOException {
    MqttEnumeratorState state = new MqttEnumeratorState(4, new TreeSet<>(List.of(3, 1)));
    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(serializer.serialize(state)).containsExactly(0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3);
    assertThat(state.unassignedSplits()).containsExactly(new MqttSplit(1), new MqttSplit(3));
  }

  @Test
  void rejectsUnknownVersionsAndCorruptBytes() {
    assertThatThrownBy(() -> serializer.deserialize(0, new byte[8]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 0");
    // 2 unassigned announced, 1 present
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 4, 0, 0, 0, 2, 0, 0, 0, 1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Corrupt");
    // unassigned index 5 outside splitCount 4
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 5}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("outside");
  }
}
