package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

/** The ruleset's {@code escalation:} section: reading, the problems an engineer reads (with lines), and the diff. */
class EscalationPolicyTest {

  private static final String RULE = """
      rules:
        - id: rain-1h
          metric: rain_1h
          condition: {type: threshold}
          levels: {yellow: 20, red: 50}
      """;

  private static RuleSet parse(String escalation) {
    return RuleSetLoader.parse(escalation + RULE, "rules.yaml");
  }

  @Test
  void periodsPerLevelInTheOneDurationSyntax() {
    RuleSet r = parse("""
        escalation:
          red: 5m
          orange: 15m
          yellow: 1h30m
        """);
    EscalationPolicy p = r.escalation();
    // 5 min = 300,000 ms; 15 min = 900,000 ms; 1 h 30 min = 5,400,000 ms; blue not given: 0.
    assertThat(p).isEqualTo(new EscalationPolicy(0, 5_400_000, 900_000, 300_000));
    assertThat(p.periodMs(Level.RED)).isEqualTo(300_000);
    assertThat(p.periodMs(Level.BLUE)).isZero();
    assertThat(p.periodMs(Level.NONE)).isZero();
    assertThat(p).hasToString("red 5m, orange 15m, yellow 1h30m");
  }

  @Test
  void noSectionNoEscalationAndTheBytesKeepIt() {
    assertThat(parse("").escalation()).isEqualTo(EscalationPolicy.NONE);
    assertThat(EscalationPolicy.NONE.isEmpty()).isTrue();
    RuleSet r = parse("escalation: {red: 3s}\n");
    assertThat(RuleSet.fromBytes(r.toBytes()).escalation()).isEqualTo(new EscalationPolicy(0, 0, 0, 3_000));
    assertThat(r.withVersion(7, "a", "c").escalation()).isEqualTo(r.escalation());
  }

  @Test
  void everyMistakeWithItsLine() {
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class, () -> parse("""
        escalation:
          red: 0.5s
          orang: 15m
          yellow: soon
          blue: -5m
        """));
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::line, Problem::message).containsExactly(
        tuple(2, "escalation.red must be at least 1s (how long a red alert may stay unacknowledged before it is"
            + " referred up), not 500ms"),
        tuple(3, "escalation: unknown field 'orang'; did you mean orange?"),
        tuple(4, "escalation.yellow: 'soon' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 such as"
            + " PT5M"),
        tuple(5, "escalation.blue: '-5m' is not a duration: write 30s, 5m, 1h, 2d, 1h30m or ISO-8601 such as"
            + " PT5M"));
  }

  @Test
  void notAMapping() {
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class,
        () -> parse("escalation: 5m\n"));
    assertThat(e.problems()).extracting(Problem::line).containsExactly(1);
    assertThat(e.problems().get(0).message()).startsWith("escalation must be a mapping");
  }

  @Test
  void theDiffSaysWhatChangedLevelByLevel() {
    RuleSet before = parse("escalation: {red: 5m, orange: 15m, yellow: 30m}\n");
    RuleSet after = parse("escalation: {red: 3m, orange: 15m, blue: 1h}\n");
    RuleSetDiff d = RuleSetDiff.diff(before, after);
    assertThat(d.escalation()).containsExactly("red 5m -> 3m", "yellow (removed, was 30m)", "blue 1h (added)");
    assertThat(d.isEmpty()).isFalse();
    assertThat(d.summary()).isEqualTo("escalation (red 5m -> 3m, yellow (removed, was 30m), blue 1h (added))");
    assertThat(RuleSetDiff.diff(before, before).summary()).isEqualTo("no changes");
    assertThat(RuleSetDiff.diff(parse(""), before).escalation())
        .containsExactly("red 5m (added)", "orange 15m (added)", "yellow 30m (added)");
    assertThat(RuleSetDiff.diff(before, parse("")).escalation()).isEqualTo(List.of("red (removed, was 5m)",
        "orange (removed, was 15m)", "yellow (removed, was 30m)"));
  }
}
