package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class LineBatchSerializerTest {

  private final LineBatchSerializer serializer = new LineBatchSerializer();

  @Test
  void roundTripsLinesWithEscapesAndNonAsciiText() throws Exception {
    LineBatch batch = new LineBatch("rain,site=a\\ b,sensor=g1 rain_mm=0.5,note=\"Zürich \\\"x\\\"\" 1\nm v=2i 2\n", 2);

    LineBatch copy = serializer.deserialize(serializer.getVersion(), serializer.serialize(batch));

    assertThat(copy).isEqualTo(batch);
  }

  @Test
  void versionOneIsLineCountByteLengthAndUtf8Body() throws Exception {
    // "m v=1 1\n" is 8 bytes: count 1, length 8, then the bytes, all big-endian.
    byte[] expected = {0, 0, 0, 1, 0, 0, 0, 8, 'm', ' ', 'v', '=', '1', ' ', '1', '\n'};

    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(serializer.serialize(new LineBatch("m v=1 1\n", 1))).isEqualTo(expected);
    assertThat(serializer.deserialize(1, expected)).isEqualTo(new LineBatch("m v=1 1\n", 1));
  }

  @Test
  void anEmptyBatchRoundTrips() throws Exception {
    assertThat(serializer.deserialize(1, serializer.serialize(new LineBatch("", 0)))).isEqualTo(new LineBatch("", 0));
  }

  @Test
  void rejectsUnknownVersionsAndTruncatedState() {
    assertThatThrownBy(() -> serializer.deserialize(2, new byte[8]))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown InfluxDB sink state version 2");
    byte[] truncated = {0, 0, 0, 1, 0, 0, 0, 8, 'm'};
    assertThatThrownBy(() -> serializer.deserialize(1, truncated))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("corrupt");
  }
}
