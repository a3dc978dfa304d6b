package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class WarningTextsTest {

  @Test
  void theShippedTextsCoverEveryHazardAndLevelInBothLanguages() {
    WarningTexts t = WarningTexts.defaults();
    assertThat(t.languages()).containsExactly("en-US", "zh-CN");
    for (String lang : t.languages()) {
      for (Hazard h : Hazard.values()) {
        assertThat(t.texts(lang, h).instructions()).containsOnlyKeys(Level.YELLOW, Level.ORANGE, Level.RED);
      }
    }
    assertThat(t.levelWord("zh-CN", Level.RED)).isEqualTo("红色");
  }

  @Test
  void everyMissingTextIsNamedAtOnce() {
    String yaml = """
        en-US:
          levels: {YELLOW: Yellow, ORANGE: Orange}
          LANDSLIDE: {event: Landslide, headline: "{level} for {area}", RED: go, ORANGE: ready, cancel: lifted}
        """;
    assertThatThrownBy(() -> WarningTexts.parse(yaml))
        .hasMessageContaining("en-US.levels.RED: missing")
        .hasMessageContaining("en-US.LANDSLIDE.YELLOW: missing")
        .hasMessageContaining("en-US.FLOOD.event: missing");
  }

  @Test
  void aLanguageTagMustBeOne() {
    assertThatThrownBy(() -> WarningTexts.parse("'en US': {}\n")).hasMessageContaining("not a language tag");
  }
}
