package org.vigil.jobs.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class AlertMatchTest {

  private static final long H = 3_600_000L;
  private static final long DAY = 24 * H;

  private static LevelSpan span(String rule, String subject, Level level, long startH, long endH) {
    return new LevelSpan(rule, "s", subject, level, rule + "@" + startH, startH * H,
        endH < 0 ? Long.MAX_VALUE : endH * H);
  }

  private static List<String> kinds(List<AlertMatch> m) {
    return m.stream().map(x -> x.kind() + "@" + x.startMs() / H + (x.shiftMs() != 0 ? "/" + x.shiftMs() / H : ""))
        .toList();
  }

  @Test
  void overlappingSpansAreTheSameAlertEarlierOrLater() {
    List<AlertMatch> m = AlertMatch.match(
        List.of(span("r", "a", Level.YELLOW, 2, 5), span("r", "a", Level.YELLOW, 20, 22)),
        List.of(span("r", "a", Level.YELLOW, 3, 6), span("r", "a", Level.YELLOW, 19, 21)), DAY);
    // 2-5 overlaps 3-6: earlier by 1 h; 20-22 overlaps 19-21: later by 1 h.
    assertThat(kinds(m)).containsExactly("EARLIER@2/-1", "LATER@20/1");
  }

  @Test
  void withoutOverlapTheNearestOpeningWithinTheWindowPairsElseNewAndGone() {
    // new 10-11; against 0-1 (10 h before) and 14-15 (4 h after): neither overlaps; nearest is 14 -> LATER by -4?
    // new starts 4 h before the against span at 14: EARLIER by 4 h; the against span at 0 is GONE.
    List<AlertMatch> m = AlertMatch.match(List.of(span("r", "a", Level.RED, 10, 11)),
        List.of(span("r", "a", Level.RED, 0, 1), span("r", "a", Level.RED, 14, 15)), DAY);
    assertThat(kinds(m)).containsExactly("GONE@0", "EARLIER@10/-4");
    // With a 3 h window neither is near enough: NEW and two GONE.
    assertThat(kinds(AlertMatch.match(List.of(span("r", "a", Level.RED, 10, 11)),
        List.of(span("r", "a", Level.RED, 0, 1), span("r", "a", Level.RED, 14, 15)), 3 * H)))
        .containsExactly("GONE@0", "NEW@10", "GONE@14");
  }

  @Test
  void onATieTheEarlierAgainstSpanIsTaken() {
    List<AlertMatch> m = AlertMatch.match(List.of(span("r", "a", Level.BLUE, 10, 11)),
        List.of(span("r", "a", Level.BLUE, 7, 8), span("r", "a", Level.BLUE, 13, 14)), DAY);
    assertThat(kinds(m)).containsExactly("LATER@10/3", "GONE@13");
    assertThat(m.get(0).against().startMs()).isEqualTo(7 * H);
  }

  @Test
  void onlyTheSameRuleSubjectAndLevelAreCompared() {
    List<AlertMatch> m = AlertMatch.match(
        List.of(span("r", "a", Level.YELLOW, 1, 2), span("q", "a", Level.YELLOW, 1, 2)),
        List.of(span("r", "b", Level.YELLOW, 1, 2), span("r", "a", Level.ORANGE, 1, 2)), DAY);
    assertThat(m).extracting(AlertMatch::kind).containsExactlyInAnyOrder(AlertMatch.Kind.NEW, AlertMatch.Kind.NEW,
        AlertMatch.Kind.GONE, AlertMatch.Kind.GONE);
  }

  @Test
  void anOpenSpanOverlapsEverythingAfterItsStartAndEachSpanPairsOnce() {
    // against open from 5 h on; new 8-9 and 12-13 both overlap it: the first pairs (LATER by 3 h), the second is
    // NEW (the against span is taken and nothing else is near).
    List<AlertMatch> m = AlertMatch.match(
        List.of(span("r", "a", Level.YELLOW, 8, 9), span("r", "a", Level.YELLOW, 12, 13)),
        List.of(span("r", "a", Level.YELLOW, 5, -1)), DAY);
    assertThat(kinds(m)).containsExactly("LATER@8/3", "NEW@12");
  }

  @Test
  void sameStartIsSame() {
    assertThat(kinds(AlertMatch.match(List.of(span("r", "a", Level.RED, 4, 5)),
        List.of(span("r", "a", Level.RED, 4, 9)), 0))).containsExactly("SAME@4");
  }
}
