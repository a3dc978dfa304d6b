package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vigil.alerts.rules.Rules.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RuleCommandTest {

  private static RuleDef r(String id, int yellow) {
    return rule("- id: " + id + "\n  metric: rain_1h\n  condition: {type: threshold}\n  levels: {yellow: "
        + yellow + "}\n");
  }

  @Test
  void theSameCommandsInAnyOrderGiveTheSameRules() {
    List<RuleCommand> cmds = List.of(
        new RuleCommand("a", 1, r("a", 10)),
        new RuleCommand("b", 1, r("b", 10)),
        new RuleCommand("a", 2, r("a", 20)),
        new RuleCommand("b", 2, null),
        new RuleCommand("a", 2, r("a", 20)));
    Map<String, RuleCommand> expected = new HashMap<>();
    cmds.forEach(c -> RuleCommand.apply(expected, c));
    assertThat(expected.get("a").rule().levels().get(0).raise()).isEqualTo(20);
    assertThat(expected.get("b").isDelete()).isTrue();
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      List<RuleCommand> shuffled = new ArrayList<>(cmds);
      Collections.shuffle(shuffled, random);
      Map<String, RuleCommand> m = new HashMap<>();
      shuffled.forEach(c -> RuleCommand.apply(m, c));
      assertThat(m).isEqualTo(expected);
    }
  }

  @Test
  void publicationUpsertsEveryRuleAndDeletesTheRest() {
    RuleSet v3 = new RuleSet(3L, "ana", "raise yellow", List.of(r("a", 25)));
    List<RuleCommand> cmds = RuleCommand.forPublication(v3, List.of("c", "a", "b"));
    assertThat(cmds).containsExactly(new RuleCommand("a", 3, r("a", 25)), new RuleCommand("b", 3, null),
        new RuleCommand("c", 3, null));
  }
}
