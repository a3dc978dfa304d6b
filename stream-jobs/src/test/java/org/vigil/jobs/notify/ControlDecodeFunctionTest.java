package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.Silence;
import org.vigil.core.DeadLetter;
import org.vigil.connectors.mqtt.source.MqttRecord;

/** Control messages: good ones decoded, bad ones dead letters with the reason, the deletion of a silence. */
class ControlDecodeFunctionTest {

  private static MqttRecord rec(String topic, String payload) {
    return new MqttRecord(topic, payload.getBytes(StandardCharsets.UTF_8), 42L);
  }

  @Test
  void acksAreDecodedAndBadOnesBecomeDeadLetters() throws Exception {
    OneInputStreamOperatorTestHarness<MqttRecord, Ack> h =
        ProcessFunctionTestHarnesses.forProcessFunction(ControlDecodeFunction.acks());
    h.processElement(rec("vigil/control/ack", "{\"alertId\":\"a1\",\"site\":\"s\",\"by\":\"maria\","
        + "\"at\":\"2026-11-28T08:00:00Z\"}"), 0);
    h.processElement(rec("vigil/control/ack", "{\"alertId\":\"a1\",\"site\":\"s\",\"at\":\"2026-11-28T08:00:00Z\"}"),
        0);
    assertThat(h.extractOutputValues()).containsExactly(new Ack("a1", "s", "maria", 1_795_852_800_000L, ""));
    assertThat(h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS)).singleElement().satisfies(r -> {
      DeadLetter d = r.getValue();
      assertThat(d.reason()).isEqualTo("ack_invalid");
      assertThat(d.detail()).startsWith("'by' is missing or not a non-empty string");
      assertThat(d.topic()).isEqualTo("vigil/control/ack");
      assertThat(d.receivedAtMs()).isEqualTo(42L);
    });
  }

  @Test
  void silencesAreDecodedAnEmptyPayloadIsADeletionAndBadOnesBecomeDeadLetters() throws Exception {
    OneInputStreamOperatorTestHarness<MqttRecord, Silence> h =
        ProcessFunctionTestHarnesses.forProcessFunction(ControlDecodeFunction.silences());
    h.processElement(rec("vigil/config/silences/s1", "{\"id\":\"s1\",\"sites\":[\"a\"],\"startsAt\":1795852800000,"
        + "\"endsAt\":1795852801000,\"createdBy\":\"o\"}"), 0);
    h.processElement(rec("vigil/config/silences/s1", ""), 0);
    h.processElement(rec("vigil/config/silences/s2", "{\"id\":\"s2\""), 0);
    assertThat(h.extractOutputValues()).extracting(Silence::id, Silence::isDeletion)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s1", false), org.assertj.core.groups.Tuple.tuple("s1",
            true));
    assertThat(h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS)).singleElement().satisfies(r -> {
      assertThat(r.getValue().reason()).isEqualTo("silence_invalid");
      assertThat(r.getValue().detail()).startsWith("silence s2 is not JSON");
    });
  }
}
