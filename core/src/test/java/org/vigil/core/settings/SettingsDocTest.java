package org.vigil.core.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** README.md's settings table is the one the registry makes; a hand edit or a new key without docs fails here. */
class SettingsDocTest {

  @Test
  void readmesSettingsTableIsTheGeneratedOne() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    assertThat(SettingsDoc.withTable(text))
        .as("README.md's settings table differs from the settings registry (org.vigil.core.settings): run"
            + " `./vigil settings --update-readme` and commit README.md")
        .isEqualTo(text);
  }

  @Test
  void everySettingIsARowAndAHelpEntry() {
    String table = SettingsDoc.markdown();
    String help = SettingsDoc.help();
    for (Setting<?> s : Settings.all()) {
      assertThat(table).contains("| `" + s.key() + "`");
      assertThat(help).contains("    " + s.key());
    }
    assertThat(table).contains("| `VIGIL_NOTIFY_FLAP_WINDOW` | duration | `1h` |");
    assertThat(help).contains("VIGIL_MAX_OUT_OF_ORDER_MS (default 300000) [ms]");
    assertThat(help.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(SettingsDoc.WIDTH));
  }
}
