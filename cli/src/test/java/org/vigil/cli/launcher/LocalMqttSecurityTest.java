package org.vigil.cli.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalMqttSecurityTest {

  private static final Path HOME = Path.of("/repo");

  @Test
  void aLocalRunIsSecureByDefaultWithTheSecretsOfTheStateFolder() {
    Map<String, String> d = LocalMqttSecurity.defaults(HOME, k -> null);
    assertThat(d).containsEntry("VIGIL_MQTT_SECURITY", "on")
        .containsEntry("VIGIL_SECRETS_DIR", "/repo/.vigil/local/secrets")
        .containsEntry("VIGIL_MQTT_URL", "ssl://127.0.0.1:18830");
    Map<String, String> test = LocalMqttSecurity.defaults(HOME,
        Map.of("VIGIL_STATE_DIR", "/state", "VIGIL_MQTT_PORT", "19031")::get);
    assertThat(test).containsEntry("VIGIL_SECRETS_DIR", "/state/secrets")
        .containsEntry("VIGIL_MQTT_URL", "ssl://127.0.0.1:19031");
  }

  @Test
  void offLeavesTheRunAnonymousAndSetSettingsAreKept() {
    assertThat(LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_SECURITY", "off")::get))
        .containsOnlyKeys("VIGIL_MQTT_SECURITY");
    assertThat(LocalMqttSecurity.defaults(HOME,
        Map.of("VIGIL_MQTT_URL", "ssl://broker:8883", "VIGIL_SECRETS_DIR", "/etc/vigil")::get))
        .containsOnlyKeys("VIGIL_MQTT_SECURITY");
  }

  @Test
  void anotherBrokerOrAnIdentityGivenExplicitlyDoesNotTakeTheProjectsSecrets() {
    assertThat(LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_URL", "ssl://broker.example:8883")::get))
        .doesNotContainKey("VIGIL_SECRETS_DIR");
    assertThat(LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_USERNAME", "site-gw")::get))
        .doesNotContainKey("VIGIL_SECRETS_DIR").containsEntry("VIGIL_MQTT_URL", "ssl://127.0.0.1:18830");
    assertThat(LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_URL", "ssl://localhost:18830")::get))
        .containsEntry("VIGIL_SECRETS_DIR", "/repo/.vigil/local/secrets");
  }

  @Test
  void aPlainUrlWithSecurityOnIsRefusedWithWhatToDo() {
    assertThatThrownBy(() -> LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_URL", "tcp://127.0.0.1:18830")::get))
        .hasMessageContaining("ssl://127.0.0.1:18830").hasMessageContaining("VIGIL_MQTT_SECURITY=off");
    assertThatThrownBy(() -> LocalMqttSecurity.defaults(HOME, Map.of("VIGIL_MQTT_SECURITY", "yes")::get))
        .hasMessageContaining("on or off");
  }
}
