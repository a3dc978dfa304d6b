package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

/** The serialised form in which the job passes and keeps a checked ruleset. */
class RuleSetBytesTest {

  @Test
  void theDefaultRulesetComesBackEqualAndJudgesAlike() throws Exception {
    RuleSet rules = RuleSetLoader.parse(Files.readString(DefaultRulesTest.DEFAULT), "default.yaml");
    RuleSet back = RuleSet.fromBytes(rules.toBytes());
    assertThat(back).isEqualTo(rules);
    assertThat(back.rules()).extracting(RuleDef::fingerprint)
        .containsExactlyElementsOf(rules.rules().stream().map(RuleDef::fingerprint).toList());
  }

  @Test
  void bytesHoldingAnythingElseAreRefused() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new X500Principal("CN=someone"));
    }
    assertThatThrownBy(() -> RuleSet.fromBytes(bytes.toByteArray())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("serialised ruleset unreadable");
  }
}
