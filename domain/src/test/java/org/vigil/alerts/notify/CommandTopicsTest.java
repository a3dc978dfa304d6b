package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandTopicsTest {

  @Test
  void theSenderIsTheLevelAfterTheBaseAndTheOldTopicIsAnonymous() {
    assertThat(CommandTopics.ackTopic("vigil/control/ack", "vigil-console")).isEqualTo("vigil/control/ack/vigil-console");
    assertThat(CommandTopics.ackAuthor("vigil/control/ack", "vigil/control/ack/vigil-tools")).isEqualTo("vigil-tools");
    assertThat(CommandTopics.ackAuthor("vigil/control/ack", "vigil/control/ack")).isEqualTo("anonymous");
    assertThat(CommandTopics.filter("vigil/control/ack")).isEqualTo("vigil/control/ack/#");
    assertThat(CommandTopics.rulesTopic("vigil/config/rules", "vigil-tools")).isEqualTo("vigil/config/rules/vigil-tools");
  }

  @Test
  void aDeeperOrOddTopicIsRefusedWithTheExpectedForm() {
    assertThatThrownBy(() -> CommandTopics.ackAuthor("vigil/control/ack", "vigil/control/ack/a/b"))
        .isInstanceOf(ControlMessageException.class).hasMessageContaining("vigil/control/ack/<identity>");
    assertThatThrownBy(() -> CommandTopics.ackAuthor("vigil/control/ack", "vigil/control/ackx"))
        .isInstanceOf(ControlMessageException.class);
    assertThatThrownBy(() -> CommandTopics.ackTopic("vigil/control/ack", "a/b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void silencesNameTheirSenderBeforeTheirId() {
    assertThat(CommandTopics.silenceTopic("vigil-console", "m-1")).isEqualTo("vigil/config/silences/vigil-console/m-1");
    assertThat(CommandTopics.silenceAuthor("vigil/config/silences/vigil-console/m-1")).isEqualTo("vigil-console");
    assertThat(CommandTopics.silenceAuthor("vigil/config/silences/m-1")).isEqualTo("anonymous");
    String json = "{\"id\":\"m-1\",\"sites\":[\"hill-a\"],\"startsAt\":\"2026-12-01T00:00:00Z\","
        + "\"endsAt\":\"2026-12-02T00:00:00Z\",\"createdBy\":\"maria\"}";
    assertThat(SilenceJson.decode("vigil/config/silences/vigil-console/m-1", json).id()).isEqualTo("m-1");
    assertThatThrownBy(() -> SilenceJson.decode("vigil/config/silences/vigil-console/m-2", json))
        .hasMessageContaining("vigil/config/silences/vigil-console/m-1");
  }
}
