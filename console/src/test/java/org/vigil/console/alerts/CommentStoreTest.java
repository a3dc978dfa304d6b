package org.vigil.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.console.http.Json;
import org.vigil.console.live.EventHub;
import org.vigil.console.live.LiveState;

class CommentStoreTest {

  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static ObjectNode comment(String alert, String by, String at, String text) {
    return Json.MAPPER.createObjectNode().put("alertId", alert).put("site", "ridge").put("by", by).put("at", at)
        .put("comment", text);
  }

  @Test
  void aCommentIsOnePointOfItsAlertSiteRegionAndConsoleTwoInOneMillisecondTwoPoints() {
    try (CommentStore store = new CommentStore(null, "db", 10, "ops-1:18092")) {
      String[] lines = store.encode(List.of(comment("alt_1", "tom", "2026-11-28T08:00:00Z", "crew sent"),
          comment("alt_1", "tom", "2026-11-28T08:00:00Z", "second")), List.of("east", "east")).trim().split("\n");
      assertThat(lines[0]).isEqualTo("alert_comments,alert_id=alt_1,site=ridge,region=east,console=ops-1:18092"
          + " user=\"tom\",text=\"crew sent\",at=\"2026-11-28T08:00:00Z\" " + T0);
      assertThat(lines[1]).endsWith(" " + (T0 + 1));
    }
  }

  @Test
  void quotesBackslashesMarkupAndLineBreaksComeBackAsWritten() {
    String text = "say \"go\" \\ now\n<img src=x onerror=alert(1)>\r\nend \\n";
    try (CommentStore store = new CommentStore(null, "db", 10, "ops-1:18092")) {
      String line = store.encode(List.of(comment("alt_1", "tom", "2026-11-28T00:00:00Z", text)), List.of("east"));
      // Line protocol: \ and " escaped with a backslash; the stored text has \\ for \, \n for a line feed.
      assertThat(line).contains("text=\"say \\\"go\\\" \\\\\\\\ now\\\\n<img src=x onerror=alert(1)>\\\\r\\\\nend"
          + " \\\\\\\\n\"");
      assertThat(line.trim()).doesNotContain("\n");
    }
    assertThat(CommentStore.escapeLines(text)).isEqualTo("say \"go\" \\\\ now\\n<img src=x onerror=alert(1)>\\r\\nend"
        + " \\\\n");
    assertThat(CommentStore.unescapeLines(CommentStore.escapeLines(text))).isEqualTo(text);
  }

  @Test
  void theQueryAnswerBecomesTheCommentsAsTheApiShowsThem() throws Exception {
    JsonNode answer = Json.MAPPER.readTree("""
        {"results":[{"statement_id":0,"series":[
          {"name":"alert_comments","tags":{"alert_id":"alt_1","site":"ridge"},"columns":["time","user","text","at"],
           "values":[[1795852802000,"tom","two\\\\nlines","2026-11-28T00:00:02Z"],
                     [1795852801000,"ann","first","2026-11-28T00:00:01Z"]]},
          {"name":"alert_comments","tags":{"alert_id":"alt_2","site":"hill"},"columns":["time","user","text","at"],
           "values":[[1795852803000,"tom",null,"2026-11-28T00:00:03Z"],[1795852804000,"tom","ok",null]]}]}]}
        """);
    List<ObjectNode> got = CommentStore.decode(answer);
    assertThat(got).extracting(JsonNode::toString).containsExactly(
        "{\"alertId\":\"alt_1\",\"site\":\"ridge\",\"by\":\"tom\",\"at\":\"2026-11-28T00:00:02Z\",\"comment\":"
            + "\"two\\nlines\"}",
        "{\"alertId\":\"alt_1\",\"site\":\"ridge\",\"by\":\"ann\",\"at\":\"2026-11-28T00:00:01Z\",\"comment\":"
            + "\"first\"}",
        // no text: skipped; no at: the point's time
        "{\"alertId\":\"alt_2\",\"site\":\"hill\",\"by\":\"tom\",\"at\":\"2026-11-28T08:00:04Z\",\"comment\":\"ok\"}");
  }

  @Test
  void restoredCommentsMergeWithNewOnesNewestFirstAtMostTwentyPerAlert() {
    LiveState state = new LiveState(new EventHub(10), List.of());
    state.addComment(comment("alt_1", "tom", "2026-11-28T01:00:00Z", "after the restart"));
    List<ObjectNode> stored = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) { // 00:00:00 .. 00:00:24, 25 of them: the oldest 6 fall off with the new one
      stored.add(comment("alt_1", "ann", String.format("2026-11-28T00:00:%02dZ", i), "c" + i));
    }
    stored.add(comment("alt_2", "ann", "2026-11-28T00:00:00.500Z", "half"));
    stored.add(comment("alt_2", "ann", "2026-11-28T00:00:01Z", "one"));
    state.restoreComments(stored);
    state.restoreComments(stored); // twice (a retried load): no duplicates
    List<JsonNode> one = state.comments("alt_1");
    assertThat(one).hasSize(20);
    assertThat(one.get(0).path("comment").asText()).isEqualTo("after the restart");
    assertThat(one.get(1).path("comment").asText()).isEqualTo("c24");
    assertThat(one.get(19).path("comment").asText()).isEqualTo("c6");
    // Instants compared as times, not as text ("00:00:01Z" is later than "00:00:00.500Z").
    assertThat(state.comments("alt_2")).extracting(c -> c.path("comment").asText()).containsExactly("one", "half");
  }
}
