package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTimestampsTest {

  private static List<Long> of(String body) {
    List<Long> out = new ArrayList<>();
    LineTimestamps.forEach(body, out::add);
    return out;
  }

  @Test
  void readsTheLastTokenOfEveryLine() {
    String body = "rain,site=a,sensor=r1 rain_mm=0.5 1764403200000\n"
        + "level,site=a,sensor=l1 level_m=1.2,note=\"x 12\" 1764403201500\n";
    assertThat(of(body)).containsExactly(1_764_403_200_000L, 1_764_403_201_500L);
  }

  @Test
  void toleratesAMissingFinalNewlineAndSkipsLinesWithoutATimestamp() {
    assertThat(of("a f=1 5\nb f=2\nc f=3 -7")).containsExactly(5L, -7L);
    assertThat(of("")).isEmpty();
    assertThat(of("\n\n")).isEmpty();
  }

  @Test
  void agreesWithTheBuilder() {
    LineProtocol.Builder b = new LineProtocol.Builder(new StringBuilder());
    b.measurement("m").tag("site", "s").field("v", 1.0).timestamp(42);
    b.measurement("m").tag("site", "s").field("v", 2.0).timestamp(1_764_403_200_123L);
    assertThat(of(b.toString())).containsExactly(42L, 1_764_403_200_123L);
  }
}
