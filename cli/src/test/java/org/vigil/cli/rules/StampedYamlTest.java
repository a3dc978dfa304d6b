package org.vigil.cli.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetLoader;

class StampedYamlTest {

  @Test
  void replacesVersionAuthorAndCommentKeepingTheRest() {
    String yaml = """
        # site rules
        version: 3
        author: old
        comment: |
          two
          lines
        rules:
          # heavy rain
          - id: r
            metric: rain_1h
            scope: {kinds: [rain]}
            condition: {type: threshold}
            levels: {yellow: {raise: 20, clear: 15}}
        """;
    String s = StampedYaml.stamp(yaml, 4, "Ana \"the engineer\"", "lower: yellow # not a comment");
    RuleSet r = RuleSetLoader.parse(s, "t");
    assertThat(r.version()).isEqualTo(4);
    assertThat(r.author()).isEqualTo("Ana \"the engineer\"");
    assertThat(r.comment()).isEqualTo("lower: yellow # not a comment");
    assertThat(r.rules()).hasSize(1);
    assertThat(s).contains("# site rules", "# heavy rain").doesNotContain("author: old", "two", "lines");
  }

  @Test
  void addsTheFieldsWhenAbsent() {
    String s = StampedYaml.stamp("rules: []\n", 1, "a", "c");
    assertThat(s).startsWith("version: 1\nauthor: \"a\"\ncomment: \"c\"\nrules: []");
  }
}
