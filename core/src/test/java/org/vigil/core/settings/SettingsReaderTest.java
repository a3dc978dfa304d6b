package org.vigil.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading settings: defaults, former names, and every problem reported at once. */
class SettingsReaderTest {

  @Test
  void unsetOrBlankKeysTakeTheirDefaults() {
    SettingsReader r = new SettingsReader(Map.of("VIGIL_NOTIFY_FLAP_WINDOW", " ")::get);
    assertThat(r.get(NotifySettings.FLAP_WINDOW)).isEqualTo(Duration.ofHours(1));
    assertThat(r.get(JobSettings.MAX_OUT_OF_ORDER_MS)).isEqualTo(300_000L);
    assertThat(r.get(MqttSettings.URL).toString()).isEqualTo("tcp://127.0.0.1:18830");
    assertThat(r.get(MqttSettings.USERNAME)).isNull();
    assertThat(r.problems()).isEmpty();
  }

  /** The flap window of one day was refused before the syntaxes were made one. */
  @Test
  void aFlapWindowOfOneDayIsRead() {
    SettingsReader r = new SettingsReader(Map.of("VIGIL_NOTIFY_FLAP_WINDOW", "1d")::get);
    assertThat(r.get(NotifySettings.FLAP_WINDOW)).isEqualTo(Duration.ofSeconds(86_400));
    r.check();
  }

  @Test
  void everyProblemIsReportedAtOnceWithKeyValueWhatAndFix() {
    Map<String, String> env = Map.of(
        "VIGIL_NOTIFY_FLAP_WINDOW", "an hour",
        "VIGIL_MQTT_URL", "http://broker",
        "VIGIL_PARALLELISM", "0",
        "VIGIL_RESTORE", "maybe",
        "VIGIL_RAIN_1H_LEVELS", "10,20,30");
    SettingsReader r = new SettingsReader(env::get);
    r.get(NotifySettings.FLAP_WINDOW);
    r.get(MqttSettings.URL);
    r.get(JobSettings.PARALLELISM);
    r.get(JobSettings.RESTORE);
    r.get(JobSettings.CHECKPOINT_INTERVAL_MS); // unset: fine
    r.refuseRemoved();
    assertThatThrownBy(r::check).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.details()).extracting(ConfigException.Problem::key).containsExactly(
          "VIGIL_NOTIFY_FLAP_WINDOW", "VIGIL_MQTT_URL", "VIGIL_PARALLELISM", "VIGIL_RESTORE", "VIGIL_RAIN_1H_LEVELS");
      assertThat(e.getMessage()).startsWith("invalid settings (5):")
          .contains("VIGIL_NOTIFY_FLAP_WINDOW='an hour': not a duration (give a duration of at least 1ms such as"
              + " 500ms, 30s, 5m, 1h, 1d, 1w, 1h30m or PT5M, or leave it unset for 1h)")
          .contains("VIGIL_PARALLELISM='0': out of range 1..1024")
          .contains("VIGIL_RAIN_1H_LEVELS: is no longer read (rule thresholds now live in the ruleset");
    });
  }

  @Test
  void secretValuesNeverAppearInProblems() {
    SettingsReader r = new SettingsReader(Map.of("VIGIL_WEBHOOK_SECRET", "whsec_hunter2")::get);
    r.problem(WebhookSettings.SECRET, "too short", "give at least 24 bytes");
    assertThatThrownBy(r::check).hasMessage("invalid setting: VIGIL_WEBHOOK_SECRET='****': too short (give at least"
        + " 24 bytes)").hasMessageNotContaining("hunter2");
  }

  @Test
  void formerNamesAreStillRead() {
    SettingsReader r = new SettingsReader(Map.of("VIGIL_INFLUX_USER", "vigil-job")::get);
    assertThat(r.get(InfluxSettings.USERNAME)).isEqualTo("vigil-job");
  }

  @Test
  void perItemKeysUseTheirSettingsType() {
    SettingsReader r = new SettingsReader(Map.of("VIGIL_WEBHOOK_2_TIMEOUT", "1d", "VIGIL_WEBHOOK_3_TIMEOUT", "x")::get);
    assertThat(r.get(WebhookSettings.TIMEOUT, "VIGIL_WEBHOOK_2_TIMEOUT", Duration.ZERO)).isEqualTo(Duration.ofDays(1));
    assertThat(r.get(WebhookSettings.TIMEOUT, "VIGIL_WEBHOOK_3_TIMEOUT", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(r.problems()).singleElement().extracting(ConfigException.Problem::key)
        .isEqualTo("VIGIL_WEBHOOK_3_TIMEOUT");
  }

  @Test
  void theRegistryDeclaresEachKeyOnceWithADescription() {
    assertThat(Settings.all()).extracting(Setting::key).doesNotHaveDuplicates();
    assertThat(Settings.all()).allSatisfy(s -> assertThat(s.description()).isNotBlank());
    assertThat(Settings.all()).filteredOn(Setting::secret).extracting(Setting::key)
        .contains("VIGIL_INFLUX_PASSWORD", "VIGIL_MQTT_PASSWORD", "VIGIL_WEBHOOK_SECRET");
    assertThat(Settings.find("VIGIL_INFLUX_USER")).contains(InfluxSettings.USERNAME);
  }
}
