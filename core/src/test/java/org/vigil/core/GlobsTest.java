package org.vigil.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Glob matching: the meaning of {@code *} and {@code ?}, and no blow-up on globs built to make a matcher backtrack. */
class GlobsTest {

  @Test
  void starMatchesAnyRunQuestionMarkOneCharacterTheRestItself() {
    assertThat(Globs.matches("*", "")).isTrue();
    assertThat(Globs.matches("*", "hill-a")).isTrue();
    assertThat(Globs.matches("hill-*", "hill-a")).isTrue();
    assertThat(Globs.matches("hill-*", "hill-")).isTrue();
    assertThat(Globs.matches("hill-*", "hil-a")).isFalse();
    assertThat(Globs.matches("hill-?", "hill-a")).isTrue();
    assertThat(Globs.matches("hill-?", "hill-ab")).isFalse();
    assertThat(Globs.matches("*/rain/*", "hill-a/rain/rg-1")).isTrue();
    assertThat(Globs.matches("*/rain/*", "hill-a/tilt/rg-1")).isFalse();
    assertThat(Globs.matches("a*b*c", "aXbYc")).isTrue();
    assertThat(Globs.matches("a*b*c", "aXbYcZ")).isFalse();
    assertThat(Globs.matches("*ab", "aab")).isTrue(); // the star must give back what it took
    assertThat(Globs.matches("a.b", "aXb")).isFalse(); // '.' is itself, not a regular-expression wildcard
    assertThat(Globs.matches("", "")).isTrue();
    assertThat(Globs.matches("", "a")).isFalse();
  }

  /**
   * 32 stars against 64 characters that never end in 'b': a backtracking regular expression ({@code .*a.*a...b}) tries
   * on the order of C(64, 32) ways; the two-pointer match takes at most glob length times value length steps.
   */
  @Test
  @Timeout(1)
  void aGlobBuiltToBacktrackIsAnsweredAtOnce() {
    String glob = "*a".repeat(31) + "*b";
    String value = "a".repeat(64);
    for (int i = 0; i < 1_000; i++) {
      assertThat(Globs.matches(glob, value)).isFalse();
    }
  }
}
