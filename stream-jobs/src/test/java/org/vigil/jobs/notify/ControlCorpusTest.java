package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.Silence;
import org.vigil.core.DeadLetter;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.jobs.rules.RulesetStatus;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.rules.RulesetUpdateFunction;

/**
 * Every hostile control message of {@link HostileControlCorpus} through the operators that read it in the job: each is
 * refused with exactly one dead letter of its reason and a detail, nothing is passed on, nothing throws; and valid
 * messages after the corpus still work (a ruleset published after {@code version: 1e300} and the other version attacks
 * is accepted as the next version).
 */
class ControlCorpusTest {

  private static final String ACK_TOPIC = "vigil/control/ack";

  @Test
  void theCorpusHasAtLeastFiftyCasesOfEveryKind() {
    List<HostileControlCorpus.Case> cases = HostileControlCorpus.cases("r1", 1);
    assertThat(cases).hasSizeGreaterThanOrEqualTo(50);
    assertThat(cases).extracting(HostileControlCorpus.Case::kind).contains(HostileControlCorpus.Kind.values());
    assertThat(cases).extracting(HostileControlCorpus.Case::id).doesNotHaveDuplicates();
  }

  @Test
  void everyHostileAckIsADeadLetterAndAGoodOneStillPasses() throws Exception {
    OneInputStreamOperatorTestHarness<MqttRecord, Ack> h =
        ProcessFunctionTestHarnesses.forProcessFunction(ControlDecodeFunction.acks());
    List<String> wrong = new ArrayList<>();
    for (HostileControlCorpus.Case c : of(HostileControlCorpus.Kind.ACK)) {
      int before = h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS) == null ? 0
          : h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS).size();
      h.processElement(new MqttRecord(ACK_TOPIC, c.payload(), 1L), 0);
      check(c, before, h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS), wrong);
    }
    assertThat(wrong).isEmpty();
    assertThat(h.extractOutputValues()).isEmpty();
    h.processElement(new MqttRecord(ACK_TOPIC, HostileControlCorpus.ack(null, null).getBytes(StandardCharsets.UTF_8),
        1L), 0);
    // 2026-11-29T10:00:00Z = 1,795,946,400,000 ms (20,786 days after 1970-01-01, plus 10 h).
    assertThat(h.extractOutputValues()).containsExactly(
        new Ack(HostileControlCorpus.ALERT_ID, "hill-a", "maria", 1_795_946_400_000L, "crew on the way"));
  }

  @Test
  void everyHostileSilenceIsADeadLetterAndAGoodOneStillPasses() throws Exception {
    OneInputStreamOperatorTestHarness<MqttRecord, Silence> h =
        ProcessFunctionTestHarnesses.forProcessFunction(ControlDecodeFunction.silences());
    List<String> wrong = new ArrayList<>();
    for (HostileControlCorpus.Case c : of(HostileControlCorpus.Kind.SILENCE)) {
      int before = h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS) == null ? 0
          : h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS).size();
      h.processElement(new MqttRecord("vigil/config/silences/" + c.silenceId(), c.payload(), 1L), 0);
      check(c, before, h.getSideOutput(ControlDecodeFunction.DEAD_LETTERS), wrong);
    }
    assertThat(wrong).isEmpty();
    assertThat(h.extractOutputValues()).isEmpty();
    h.processElement(new MqttRecord("vigil/config/silences/ok", HostileControlCorpus.silence("ok", null, null)
        .getBytes(StandardCharsets.UTF_8), 1L), 0);
    assertThat(h.extractOutputValues()).extracting(Silence::id).containsExactly("ok");
  }

  @Test
  void everyHostileRulesetIsADeadLetterAndTheNextPublishedVersionIsStillAccepted() throws Exception {
    RulesetUpdate initial = new RulesetUpdate(0, "", "", HostileControlCorpus.ruleset(null), "", "rules file");
    KeyedOneInputStreamOperatorTestHarness<String, MqttRecord, RulesetUpdate> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(new RulesetUpdateFunction(initial), r -> "rules",
            Types.STRING);
    String topic = "vigil/config/rules";
    h.processElement(new MqttRecord(topic, HostileControlCorpus.ruleset("version: 1").getBytes(StandardCharsets.UTF_8),
        1L), 0);
    assertThat(h.extractOutputValues()).extracting(RulesetUpdate::version).containsExactly(1L);
    List<String> wrong = new ArrayList<>();
    for (HostileControlCorpus.Case c : HostileControlCorpus.cases("r1", 1).stream()
        .filter(c -> c.kind() == HostileControlCorpus.Kind.RULES).toList()) {
      int before = h.getSideOutput(RulesetUpdateFunction.DEAD_LETTERS) == null ? 0
          : h.getSideOutput(RulesetUpdateFunction.DEAD_LETTERS).size();
      h.processElement(new MqttRecord(topic, c.payload(), 1L), 0);
      check(c, before, h.getSideOutput(RulesetUpdateFunction.DEAD_LETTERS), wrong);
    }
    assertThat(wrong).isEmpty();
    assertThat(h.extractOutputValues()).extracting(RulesetUpdate::version).containsExactly(1L);
    assertThat(h.getSideOutput(RulesetUpdateFunction.STATUS)).extracting(r -> ((RulesetStatus) r.getValue()).accepted())
        .containsOnlyOnce(true);

    h.processElement(new MqttRecord(topic, HostileControlCorpus.ruleset("version: 2").getBytes(StandardCharsets.UTF_8),
        1L), 0);
    assertThat(h.extractOutputValues()).extracting(RulesetUpdate::version).containsExactly(1L, 2L);
  }

  private static List<HostileControlCorpus.Case> of(HostileControlCorpus.Kind kind) {
    return HostileControlCorpus.cases("r1", 1).stream().filter(c -> c.kind() == kind).toList();
  }

  /** Exactly one new dead letter, of the case's reason, with a detail. */
  private static void check(HostileControlCorpus.Case c, int before,
      java.util.Collection<StreamRecord<DeadLetter>> deadLetters, List<String> wrong) {
    List<DeadLetter> all = deadLetters == null ? List.of() : deadLetters.stream().map(StreamRecord::getValue).toList();
    if (all.size() != before + 1) {
      wrong.add(c.id() + ": " + (all.size() - before) + " dead letters");
      return;
    }
    DeadLetter d = all.get(all.size() - 1);
    if (!d.reason().equals(c.expectedReason()) || d.detail() == null || d.detail().isBlank()) {
      wrong.add(c.id() + ": " + d.reason() + " / " + d.detail());
    }
  }
}
