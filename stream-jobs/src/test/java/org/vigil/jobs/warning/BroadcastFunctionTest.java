package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.warning.broadcast.Broadcaster;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.LoudspeakerFarm;
import org.vigil.warning.broadcast.LoudspeakerFarm.Behaviour;

/**
 * The broadcast operator against real HTTP loudspeaker controllers on loopback: coverage exact against what the
 * controllers received, a cancel superseding what had not gone out, and a restore in the middle of a broadcast
 * re-sending what was pending under the same request ids while nothing confirmed is lost or sent again.
 */
class BroadcastFunctionTest {

  static final String SECRET = WebhookSigner.generateSecret();
  static final long T0 = 1_780_000_000_000L;
  static final ObjectMapper JSON = new ObjectMapper();

  /** c > t > v1 (ls-1..3), v2 (ls-4, ls-5); ls-6 on t itself; t2 > v3 (ls-7, outside the red reach of v1). */
  static final Map<String, String> REGION_OF = new LinkedHashMap<>();

  static {
    for (String[] p : new String[][] {{"ls-1", "v1"}, {"ls-2", "v1"}, {"ls-3", "v1"}, {"ls-4", "v2"}, {"ls-5", "v2"},
        {"ls-6", "t"}, {"ls-7", "v3"}}) {
      REGION_OF.put(p[0], p[1]);
    }
  }

  static BroadcastOptions options(int maxAttempts, Duration initialBackoff) {
    return new BroadcastOptions(true, List.of(SECRET), "red=1,orange=0", Duration.ofSeconds(5), maxAttempts,
        initialBackoff, initialBackoff.multipliedBy(2), 16, Duration.ofMillis(100), Duration.ofMillis(300), "none");
  }

  static RegistryUpdate registry(LoudspeakerFarm farm) {
    StringBuilder y = new StringBuilder("""
        regions:
          - {id: c, level: county}
          - {id: t, level: township, parent: c}
          - {id: v1, level: village, parent: t}
          - {id: v2, level: village, parent: t}
          - {id: t2, level: township, parent: c}
          - {id: v3, level: village, parent: t2}
        sites: []
        loudspeakers:
        """);
    for (Loudspeaker l : farm.loudspeakers()) {
      y.append("  - {id: ").append(l.id()).append(", region: ").append(l.regionId()).append(", url: \"")
          .append(l.url()).append("\", language: ").append(l.id().equals("ls-2") ? "en-US" : "zh-CN")
          .append(l.id().equals("ls-3") ? ", voice: repeat" : "").append("}\n");
    }
    return new RegistryUpdate(0, "", "", y.toString(), "", "file");
  }

  static IssuedWarning warning(String incident, String identifier, String msgType, String level) {
    boolean cancel = msgType.equals("Cancel");
    return new IssuedWarning(incident, identifier, msgType, T0, "<alert/>", level, "v1",
        new String[] {"en-US", "zh-CN"},
        cancel ? new String[] {"The warning for V1 is lifted.", "V1预警解除。"}
            : new String[] {"Red landslide warning for V1.", "V1红色滑坡预警。"},
        cancel ? new String[] {"", ""} : new String[] {"Leave now.", "立即撤离。"});
  }

  static KeyedBroadcastOperatorTestHarness<String, IssuedWarning, RegistryUpdate, BroadcastCoverage> harness(
      BroadcastOptions o, RegistryUpdate reg) throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(new BroadcastFunction(o, reg),
        List.of(RegistryGateFunction.REGISTRY)), IssuedWarning::incident, Types.STRING, 1, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false); // as the job runs
    return h;
  }

  /** Advances processing time (the poll timer) until the newest coverage satisfies {@code done}. */
  static JsonNode until(KeyedBroadcastOperatorTestHarness<String, IssuedWarning, RegistryUpdate, BroadcastCoverage> h,
      Predicate<JsonNode> done) {
    JsonNode[] last = new JsonNode[1];
    await().atMost(Duration.ofSeconds(90)).pollInSameThread().pollInterval(Duration.ofMillis(50)).until(() -> {
      h.setProcessingTime(h.getProcessingTime() + 100);
      List<BroadcastCoverage> c = h.extractOutputValues();
      last[0] = c.isEmpty() ? null : JSON.readTree(c.get(c.size() - 1).json());
      return last[0] != null && done.test(last[0]);
    });
    return last[0];
  }

  static List<BroadcastOutcome> outcomes(
      KeyedBroadcastOperatorTestHarness<String, IssuedWarning, RegistryUpdate, BroadcastCoverage> h) {
    var q = h.getSideOutput(BroadcastFunction.OUTCOMES);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }

  static LoudspeakerFarm farm(Map<String, Behaviour> behaviour) throws Exception {
    return new LoudspeakerFarm(REGION_OF, behaviour, 5, 30, 2, new WebhookVerifier(List.of(SECRET)));
  }

  @Test
  void aRedWarningReachesTheTownshipAndTheCoverageIsWhatTheLoudspeakersReceived() throws Exception {
    try (LoudspeakerFarm farm = farm(Map.of("ls-5", Behaviour.FAILING));
        var h = harness(options(2, Duration.ofMillis(20)), registry(farm))) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(warning("alt_a.1", "alt_a.1", "Alert", "red"), T0);
      JsonNode first = JSON.readTree(h.extractOutputValues().get(0).json());
      assertThat(first.path("targets").asInt()).isEqualTo(6); // v1 3, v2 2, t 1; not v3
      assertThat(first.path("pending").asInt()).isEqualTo(6);
      assertThat(first.path("regions").toString()).isEqualTo("[\"t\"]");

      JsonNode last = until(h, c -> c.path("pending").asInt() == 0);
      // Hand count: 6 targets, ls-5 answers 503 twice (2 attempts) and is given up, the 5 others answer 204.
      assertThat(last.path("incident").asText()).isEqualTo("alt_a.1");
      assertThat(last.path("identifier").asText()).isEqualTo("alt_a.1");
      assertThat(last.path("msgType").asText()).isEqualTo("Alert");
      assertThat(last.path("level").asText()).isEqualTo("red");
      assertThat(last.path("confirmed").asInt()).isEqualTo(5);
      assertThat(last.path("gaveUp").asInt()).isEqualTo(1);
      assertThat(last.path("superseded").asInt()).isEqualTo(0);
      assertThat(last.path("byRegion").toString()).isEqualTo("{\"t\":{\"targets\":1,\"confirmed\":1,\"pending\":0,"
          + "\"gaveUp\":0},\"v1\":{\"targets\":3,\"confirmed\":3,\"pending\":0,\"gaveUp\":0},\"v2\":{\"targets\":2,"
          + "\"confirmed\":1,\"pending\":0,\"gaveUp\":1}}");
      assertThat(last.path("failures").toString()).isEqualTo(
          "[{\"loudspeaker\":\"ls-5\",\"region\":\"v2\",\"reason\":\"after 2 attempts, last: HTTP 503\"}]");
      for (String id : REGION_OF.keySet()) {
        List<LoudspeakerFarm.Received> got = farm.received(id);
        int expected = id.equals("ls-7") ? 0 : id.equals("ls-5") ? 2 : 1;
        assertThat(got).as(id).hasSize(expected).allMatch(LoudspeakerFarm.Received::verified);
        assertThat(got).as(id).allMatch(r -> r.webhookId().equals(Broadcaster.requestId("alt_a.1", id)));
      }
      // Each in its language and voice.
      assertThat(JSON.readTree(farm.received("ls-1").get(0).body()).path("text").asText())
          .isEqualTo("V1红色滑坡预警。 立即撤离。");
      assertThat(JSON.readTree(farm.received("ls-2").get(0).body()).path("text").asText())
          .isEqualTo("Red landslide warning for V1. Leave now.");
      assertThat(JSON.readTree(farm.received("ls-3").get(0).body()).path("text").asText())
          .isEqualTo("V1红色滑坡预警。 立即撤离。 V1红色滑坡预警。 立即撤离。");
      // History: one row per failed attempt and per final outcome.
      assertThat(outcomes(h)).filteredOn(o -> o.loudspeaker().equals("ls-5")).extracting(BroadcastOutcome::status,
          BroadcastOutcome::attempts).containsExactly(org.assertj.core.groups.Tuple.tuple("failed", 1),
              org.assertj.core.groups.Tuple.tuple("gave_up", 2));
      assertThat(outcomes(h)).filteredOn(o -> o.status().equals("confirmed")).hasSize(5);
      // A replay of the same message is not broadcast again.
      int before = h.extractOutputValues().size();
      h.processElement(warning("alt_a.1", "alt_a.1", "Alert", "red"), T0 + 10);
      assertThat(h.extractOutputValues()).hasSize(before);
    }
  }

  @Test
  void aCancelSupersedesWhatHadNotGoneOutAndReachesEveryoneTold() throws Exception {
    try (LoudspeakerFarm farm = farm(Map.of());
        var h = harness(options(3, Duration.ofMillis(20)), registry(farm))) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(warning("alt_b.1", "alt_b.1", "Alert", "red"), T0);
      h.processElement(warning("alt_b.1", "alt_b.2", "Cancel", "red"), T0 + 1);
      JsonNode last = until(h, c -> c.path("identifier").asText().equals("alt_b.2") && c.path("pending").asInt() == 0);
      long heardAlert = REGION_OF.keySet().stream().filter(id -> farm.received(id).stream()
          .anyMatch(r -> r.webhookId().equals(Broadcaster.requestId("alt_b.1", id)))).count();
      // Every Alert delivery not sent before the Cancel came is superseded; the Cancel reaches the same 6.
      assertThat(last.path("targets").asInt()).isEqualTo(6);
      assertThat(last.path("confirmed").asInt()).isEqualTo(6);
      assertThat(last.path("superseded").asInt()).isEqualTo(6 - (int) heardAlert);
      assertThat(last.path("msgType").asText()).isEqualTo("Cancel");
      assertThat(outcomes(h)).filteredOn(o -> o.identifier().equals("alt_b.1") && o.status().equals("superseded"))
          .hasSize(6 - (int) heardAlert);
      assertThat(JSON.readTree(farm.received("ls-1").get(farm.received("ls-1").size() - 1).body()).path("text")
          .asText()).isEqualTo("V1预警解除。");
    }
  }

  @Test
  void aRestoreMidBroadcastResendsWhatWasPendingAndKeepsWhatWasConfirmed() throws Exception {
    Map<String, Behaviour> behaviour = new LinkedHashMap<>();
    behaviour.put("ls-4", Behaviour.HANGING);
    behaviour.put("ls-6", Behaviour.HANGING);
    OperatorSubtaskState snapshot;
    try (LoudspeakerFarm farm = farm(behaviour)) {
      RegistryUpdate reg = registry(farm);
      try (var h = harness(options(3, Duration.ofMillis(20)), reg)) {
        h.open();
        h.setProcessingTime(T0);
        h.processElement(warning("alt_c.1", "alt_c.1", "Alert", "red"), T0);
        JsonNode mid = until(h, c -> c.path("confirmed").asInt() == 4);
        assertThat(mid.path("pending").asInt()).isEqualTo(2); // ls-4 and ls-6 have not answered
        snapshot = h.snapshot(1, h.getProcessingTime());
      } // the job fails: the hanging requests are abandoned
      farm.behave("ls-4", Behaviour.OK);
      farm.behave("ls-6", Behaviour.OK);
      try (var h = harness(options(3, Duration.ofMillis(20)), reg)) {
        h.initializeState(snapshot);
        h.open();
        h.setProcessingTime(T0 + 60_000);
        JsonNode last = until(h, c -> c.path("pending").asInt() == 0);
        assertThat(last.path("targets").asInt()).isEqualTo(6);
        assertThat(last.path("confirmed").asInt()).isEqualTo(6); // 4 kept from before the restore, 2 re-sent
        assertThat(last.path("gaveUp").asInt()).isEqualTo(0);
        // Only the pending ones were sent again, under the same request id.
        for (String id : List.of("ls-1", "ls-2", "ls-3", "ls-5")) {
          assertThat(farm.received(id)).as(id).hasSize(1);
        }
        for (String id : List.of("ls-4", "ls-6")) {
          assertThat(farm.received(id)).as(id).hasSize(2)
              .allMatch(r -> r.webhookId().equals(Broadcaster.requestId("alt_c.1", id)));
        }
        assertThat(outcomes(h)).filteredOn(o -> o.status().equals("confirmed"))
            .extracting(BroadcastOutcome::loudspeaker).containsExactlyInAnyOrder("ls-4", "ls-6");
      }
    }
  }

  @Test
  void aLoudspeakerAddedByAReloadHearsTheIncidentsNextMessage() throws Exception {
    try (LoudspeakerFarm farm = farm(Map.of())) {
      RegistryUpdate all = registry(farm);
      String withoutLs4 = all.yaml().lines().filter(l -> !l.contains("id: ls-4,"))
          .reduce("", (a, b) -> a + b + "\n");
      try (var h = harness(options(2, Duration.ofMillis(20)), new RegistryUpdate(0, "", "", withoutLs4, "", "file"))) {
        h.open();
        h.setProcessingTime(T0);
        h.processElement(warning("alt_d.1", "alt_d.1", "Alert", "red"), T0);
        JsonNode first = until(h, c -> c.path("pending").asInt() == 0);
        assertThat(first.path("targets").asInt()).isEqualTo(5);
        assertThat(farm.received("ls-4")).isEmpty();
        h.processBroadcastElement(new RegistryUpdate(1, "", "", "version: 1\n" + all.yaml(), "", "topic"), T0 + 1);
        h.processElement(warning("alt_d.1", "alt_d.2", "Update", "red"), T0 + 2);
        JsonNode next = until(h, c -> c.path("identifier").asText().equals("alt_d.2") && c.path("pending").asInt() == 0);
        assertThat(next.path("targets").asInt()).isEqualTo(6);
        assertThat(next.path("confirmed").asInt()).isEqualTo(6);
        assertThat(farm.received("ls-4")).extracting(LoudspeakerFarm.Received::webhookId)
            .containsExactly(Broadcaster.requestId("alt_d.2", "ls-4"));
      }
    }
  }
}
