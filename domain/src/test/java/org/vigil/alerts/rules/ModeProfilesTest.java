package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.Level;

/**
 * The ruleset's {@code modes:} section: reading (with the lines of every mistake), the rule a mode judges with at a
 * site (tags), its escalation times (numbers by hand), the diff, and a rule engine switched between modes.
 */
class ModeProfilesTest {

  private static final String RULES = """
      escalation: {red: 5m, orange: 15m}
      rules:
        - id: rain-1h
          metric: rain_1h
          condition: {type: threshold}
          levels:
            yellow: {raise: 20, clear: 15}
            red: {raise: 50, clear: 40}
        - id: crowd-density
          scope: {cameras: "*", zones: "*"}
          metric: density_per_m2
          condition: {type: crowd, recent: 5s}
          levels:
            yellow: {raise: 1.08, clear: 0.9}
            red: {raise: 4, clear: 3.5}
        - id: rain-and-slope
          condition:
            type: compound
            window: 12h
            when:
              rain: {metric: rain_24h, kinds: [rain], above: 50}
              slope: {metric: tangent_angle_low_deg, kinds: [gnss], above: 45}
            all: [rain, slope]
          level: orange
      """;

  private static final String MODES = """
      modes:
        holiday:
          rules:
            crowd-density:
              where: {tags: [tourist]}
              levels:
                yellow: {raise: 0.8, clear: 0.7}
                red: {raise: 3, clear: 2.6}
        emergency:
          rules:
            rain-1h:
              levels:
                yellow: {raise: 10, clear: 8}
                red: {raise: 30, clear: 25}
          escalation: {factor: 0.5, red: 2m}
      """;

  private static RuleSet parse(String modes) {
    return RuleSetLoader.parse(RULES + modes, "rules.yaml");
  }

  @Test
  void profilesPerModeWithTheirLevelsTagsAndEscalation() {
    ModeProfiles m = parse(MODES).modes();
    assertThat(m.profiles()).extracting(ModeProfiles.Profile::mode).containsExactly(Mode.HOLIDAY, Mode.EMERGENCY);
    ModeProfiles.RuleOverride crowd = m.profile(Mode.HOLIDAY).override("crowd-density");
    assertThat(crowd.tags()).containsExactly("tourist");
    assertThat(crowd.levels()).containsExactly(new LevelBand(Level.YELLOW, 0.8, 0.7),
        new LevelBand(Level.RED, 3, 2.6));
    assertThat(m.profile(Mode.EMERGENCY).escalationFactor()).isEqualTo(0.5);
    assertThat(m.profile(Mode.DAILY)).isNull();
    assertThat(parse("").modes()).isEqualTo(ModeProfiles.NONE);
    // The serialised ruleset (the job's broadcast and state) keeps the section.
    assertThat(RuleSet.fromBytes(parse(MODES).toBytes()).modes()).isEqualTo(m);
  }

  @Test
  void aTaggedOverrideAppliesOnlyAtSitesWithTheTag() {
    RuleSet r = parse(MODES);
    RuleDef density = r.rule("crowd-density").orElseThrow();
    ModeProfiles m = r.modes();
    assertThat(m.ruleFor(density, Mode.HOLIDAY, List.of("tourist", "river")).levels().get(0).raise()).isEqualTo(0.8);
    assertThat(m.ruleFor(density, Mode.HOLIDAY, List.of("school"))).isSameAs(density);
    assertThat(m.ruleFor(density, Mode.HOLIDAY, List.of())).isSameAs(density);
    assertThat(m.ruleFor(density, Mode.DAILY, List.of("tourist"))).isSameAs(density);
    assertThat(m.ruleFor(density, Mode.EMERGENCY, List.of("tourist"))).isSameAs(density);
    // An override without where: at every site; everything but the levels is the rule's own.
    RuleDef rain = r.rule("rain-1h").orElseThrow();
    RuleDef inEmergency = m.ruleFor(rain, Mode.EMERGENCY, List.of());
    assertThat(inEmergency.levels()).extracting(LevelBand::raise).containsExactly(10.0, 30.0);
    assertThat(inEmergency.metric()).isEqualTo(rain.metric());
    assertThat(inEmergency.condition()).isEqualTo(rain.condition());
  }

  @Test
  void escalationTimesScaledThenReplaced() {
    RuleSet r = parse(MODES);
    // Daily: red 5 min = 300,000 ms, orange 15 min = 900,000 ms.
    assertThat(r.escalation(Mode.DAILY)).isEqualTo(new EscalationPolicy(0, 0, 900_000, 300_000));
    // Emergency, factor 0.5: orange 900,000 x 0.5 = 450,000 ms (7.5 min); red given as 2 min = 120,000 ms.
    assertThat(r.escalation(Mode.EMERGENCY)).isEqualTo(new EscalationPolicy(0, 0, 450_000, 120_000));
    // Holiday changes no escalation time.
    assertThat(r.escalation(Mode.HOLIDAY)).isEqualTo(r.escalation());
    // A level that does not escalate daily does not when scaled; a tiny factor stops at the 1 s minimum.
    RuleSet tiny = parse("modes: {emergency: {escalation: {factor: 0.001}}}\n");
    // red 300,000 x 0.001 = 300 ms -> 1,000 ms; orange 900 ms -> 1,000 ms; yellow and blue stay 0.
    assertThat(tiny.escalation(Mode.EMERGENCY)).isEqualTo(new EscalationPolicy(0, 0, 1_000, 1_000));
    // Times for a level without a daily time: it escalates in that mode only.
    RuleSet added = parse("modes: {emergency: {escalation: {yellow: 30m}}}\n");
    assertThat(added.escalation(Mode.EMERGENCY)).isEqualTo(new EscalationPolicy(0, 1_800_000, 900_000, 300_000));
  }

  @Test
  void everyMistakeWithItsLine() {
    int first = RULES.split("\n", -1).length; // the line of "modes:" (the rules' lines come first)
    RuleSetInvalidException e = catchThrowableOfType(RuleSetInvalidException.class, () -> parse("""
        modes:
          daily:
            escalation: {factor: 2}
          holidays:
            rules: {}
          emergency:
            rules:
              rain-1hr:
                levels: {yellow: 10}
              rain-and-slope:
                levels: {orange: 1}
              crowd-density:
                where: {tags: [Tourist Sites]}
                levels:
                  yellow: {raise: 2, clear: 2.5}
            escalation: {factor: 0, red: 0.2s}
        """));
    assertThat(e).isNotNull();
    assertThat(e.problems()).extracting(Problem::line).containsExactly(first + 1, first + 3, first + 7,
        first + 9, first + 12, first + 14, first + 15, first + 15);
    assertThat(e.problems()).extracting(Problem::message).satisfies(msgs -> {
      assertThat(msgs.get(0)).startsWith("modes.daily: daily is the rules and escalation times as written");
      assertThat(msgs.get(1)).startsWith("modes: unknown field 'holidays'; did you mean holiday");
      assertThat(msgs.get(2)).isEqualTo("modes.emergency.rules.rain-1hr: there is no rule 'rain-1hr' in this"
          + " ruleset; did you mean rain-1h?");
      assertThat(msgs.get(3)).startsWith("modes.emergency.rules.rain-and-slope: rule 'rain-and-slope' is a compound"
          + " rule");
      assertThat(msgs.get(4)).startsWith("modes.emergency.rules.crowd-density.where.tags: a tag is a word");
      assertThat(msgs.get(5)).contains("clear threshold 2.5");
      assertThat(msgs.get(6)).isEqualTo("modes.emergency.escalation.factor must be above 0 and at most 10 (0.5"
          + " halves every escalation time), not 0");
      assertThat(msgs.get(7)).isEqualTo("modes.emergency.escalation.red must be at least 1s, not 200ms");
    });
  }

  @Test
  void theDiffNamesTheModesThatChanged() {
    RuleSet before = parse(MODES);
    RuleSet after = parse(MODES.replace("factor: 0.5", "factor: 0.25"));
    RuleSetDiff d = RuleSetDiff.diff(before, after);
    assertThat(d.modes()).hasSize(1);
    assertThat(d.modes().get(0)).startsWith("emergency: ").contains("escalation x0.5, red 2m -> ")
        .endsWith("escalation x0.25, red 2m");
    assertThat(d.summary()).startsWith("modes (emergency: ");
    assertThat(RuleSetDiff.diff(parse(""), before).modes()).extracting(s -> s.substring(0, s.indexOf(' ')))
        .containsExactly("holiday", "emergency");
    assertThat(RuleSetDiff.diff(before, parse("")).modes().get(0)).startsWith("holiday (removed, was: crowd-density"
        + " at [tourist]: yellow 0.8/0.7, red 3/2.6)");
    assertThat(RuleSetDiff.diff(before, before).isEmpty()).isTrue();
  }

  @Test
  void aSwitchedEngineJudgesWithTheModesLevelsAndKeepsTheOpenAlert() {
    RuleSet r = parse(MODES);
    RuleDef rain = r.rule("rain-1h").orElseThrow();
    RuleEngine daily = new RuleEngine(rain);
    RuleEngine emergency = RuleEngine.forMode(rain, r.modes().ruleFor(rain, Mode.EMERGENCY, List.of()));
    Map<String, Double> none = new HashMap<>();
    long t = 1_000_000;
    // 12 mm: daily yellow needs 20, nothing; in emergency yellow needs 10: opens yellow.
    RuleState s = daily.newState("s1", "s1/rain/g1");
    assertThat(daily.onValue(s, t, 12, none, null)).isEmpty();
    List<AlertEvent> opened = emergency.onValue(s, t + 60_000, 12, none, null);
    assertThat(opened).extracting(AlertEvent::level).containsExactly(Level.YELLOW);
    assertThat(opened.get(0).threshold()).isEqualTo(10.0);
    // 9 mm: emergency clears yellow below 8, so yellow stays; back in daily it clears (below 15).
    assertThat(emergency.onValue(s, t + 120_000, 9, none, null)).isEmpty();
    List<AlertEvent> resolved = daily.onValue(s, t + 180_000, 9, none, null);
    assertThat(resolved).extracting(AlertEvent::level, AlertEvent::previousLevel)
        .containsExactly(tuple(Level.NONE, Level.YELLOW));
    // One alert: the state was the rule's throughout.
    assertThat(resolved.get(0).id()).isEqualTo(opened.get(0).id());
  }

  @Test
  void theEffectiveModeIsTheNearestOwnModeUpTheTree() {
    Map<String, String> parent = Map.of("village-1", "township-a", "township-a", "county", "township-b", "county");
    Map<String, Mode> own = new HashMap<>();
    assertThat(Mode.effective(own, parent::get, "village-1")).isEqualTo(Mode.DAILY);
    own.put("county", Mode.HOLIDAY);
    assertThat(Mode.effective(own, parent::get, "village-1")).isEqualTo(Mode.HOLIDAY);
    assertThat(Mode.effective(own, parent::get, "township-b")).isEqualTo(Mode.HOLIDAY);
    own.put("township-a", Mode.EMERGENCY);
    assertThat(Mode.effective(own, parent::get, "village-1")).isEqualTo(Mode.EMERGENCY);
    assertThat(Mode.effective(own, parent::get, "township-b")).isEqualTo(Mode.HOLIDAY);
    own.put("village-1", Mode.DAILY); // an own daily overrides the township's emergency
    assertThat(Mode.effective(own, parent::get, "village-1")).isEqualTo(Mode.DAILY);
    assertThat(Mode.effective(own, parent::get, "unknown")).isEqualTo(Mode.DAILY);
    assertThat(Mode.effective(own, parent::get, null)).isEqualTo(Mode.DAILY);
    assertThat(Mode.fromWire(" Holiday ")).isEqualTo(Mode.HOLIDAY);
    assertThat(Mode.fromWire("festive")).isNull();
  }
}
