package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.vigil.core.settings.Setting;
import org.vigil.core.settings.Settings;
import org.vigil.core.settings.SettingsDoc;

/** {@code ./vigil run --help} lists the settings of the registry, each with its default, as README's table does. */
class LocalLauncherHelpTest {

  @Test
  void helpListsEverySettingOfTheRegistry() {
    StringWriter out = new StringWriter();
    int code = LocalLauncher.commandLine(new LocalLauncher()).setOut(new PrintWriter(out)).execute("--help");
    String help = out.toString();
    assertThat(code).isZero();
    assertThat(help).contains("--receiver-port").contains(SettingsDoc.help().strip());
    for (Setting<?> s : Settings.all()) {
      assertThat(help).as("--help names %s", s.key()).contains("    " + s.key());
      if (!s.defaultText().isEmpty() && s.shownDefault().isEmpty()) {
        assertThat(help).contains(s.key() + " (default " + s.defaultText());
      }
    }
    assertThat(help).contains("VIGIL_NOTIFY_FLAP_WINDOW (default 1h)")
        .contains("VIGIL_MQTT_URL (default tcp://127.0.0.1:18830)")
        .contains("VIGIL_INFLUX_PASSWORD [secret]");
  }
}
