package org.vigil.console.warnings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BroadcastBoardTest {

  private static final String GOOD = "{\"incident\":\"inc1\",\"identifier\":\"inc1.3\",\"msgType\":\"Update\","
      + "\"level\":\"orange\",\"regions\":[\"v1\",\"v2\"],\"targets\":7,\"confirmed\":4,\"pending\":2,\"gaveUp\":1,"
      + "\"superseded\":2,\"byRegion\":{\"v1\":{\"targets\":3,\"confirmed\":3,\"pending\":0,\"gaveUp\":0},"
      + "\"v2\":{\"targets\":4,\"confirmed\":1,\"pending\":2,\"gaveUp\":1}},"
      + "\"failures\":[{\"loudspeaker\":\"ls-9\",\"region\":\"v2\",\"reason\":\"timeout\"}],\"updatedAtMs\":1000}";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aValidMessageIsKeptAndAnOlderOneDoesNotReplaceIt() {
    BroadcastBoard board = new BroadcastBoard();
    board.onMessage("inc1", b(GOOD));
    board.onMessage("inc1", b(GOOD.replace("\"updatedAtMs\":1000", "\"updatedAtMs\":900")
        .replace("\"confirmed\":4", "\"confirmed\":0")));
    BroadcastBoard.Coverage c = board.incident("inc1").orElseThrow();
    assertThat(c.confirmed()).isEqualTo(4);
    assertThat(c.byRegion().get("v2").gaveUp()).isEqualTo(1);
    board.onMessage("inc1", new byte[0]);
    assertThat(board.incident("inc1")).isEmpty();
  }

  @Test
  void forgedOrBrokenMessagesAreDroppedAndCounted() {
    BroadcastBoard board = new BroadcastBoard();
    String[] bad = {
        GOOD.replace("\"incident\":\"inc1\"", "\"incident\":\"inc2\""), // another incident's
        GOOD.replace("\"confirmed\":4", "\"confirmed\":9"), // 9 + 2 + 1 > 7 targets
        GOOD.replace("\"v2\":{\"targets\":4", "\"v2\":{\"targets\":5"), // regions' 3 + 5 > 7
        GOOD.replace("\"level\":\"orange\"", "\"level\":\"purple\""),
        GOOD.replace("\"msgType\":\"Update\"", "\"msgType\":\"Evacuate\""),
        GOOD.replace("\"pending\":2,\"gaveUp\":1,\"superseded\"", "\"pending\":-1,\"gaveUp\":1,\"superseded\""),
        GOOD.replace("\"regions\":[\"v1\",\"v2\"]", "\"regions\":[\"<script>\"]"),
        GOOD.replace("\"updatedAtMs\":1000", "\"updatedAtMs\":\"soon\""),
        "not json", "[]"};
    for (String m : bad) {
      assertThatThrownBy(() -> board.onMessage("inc1", b(m))).as(m).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(board.refused()).isEqualTo(bad.length);
    assertThat(board.all()).isEmpty();
  }

  @Test
  void aRegionsViewSumsItsOwnRegionsOnly() {
    BroadcastBoard board = new BroadcastBoard();
    BroadcastBoard.Coverage c = board.onMessage("inc1", b(GOOD));
    ObjectNode v2 = BroadcastBoard.view(c, false, Set.of("v2")::contains);
    assertThat(v2.get("targets").asLong()).isEqualTo(4);
    assertThat(v2.get("confirmed").asLong()).isEqualTo(1);
    assertThat(v2.get("pending").asLong()).isEqualTo(2);
    assertThat(v2.get("gaveUp").asLong()).isEqualTo(1);
    assertThat(v2.get("failures")).hasSize(1);
    ObjectNode v1 = BroadcastBoard.view(c, false, Set.of("v1")::contains);
    assertThat(v1.get("targets").asLong()).isEqualTo(3);
    assertThat(v1.get("failures")).isEmpty();
    assertThat(v1.toString()).doesNotContain("v2");
    ObjectNode all = BroadcastBoard.view(c, true, r -> false);
    assertThat(all.get("targets").asLong()).isEqualTo(7);
    assertThat(all.get("superseded").asLong()).isEqualTo(2);
  }
}
