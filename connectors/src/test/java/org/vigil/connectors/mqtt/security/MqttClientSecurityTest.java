package org.vigil.connectors.mqtt.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.junit.jupiter.api.io.TempDir;

class MqttClientSecurityTest {

  @TempDir Path dir;

  @Test
  void thePasswordIsTheFirstLineOfItsFileWithoutTheLineEnd() throws Exception {
    Path f = dir.resolve("p");
    Files.writeString(f, "s3cret\nsecond line is ignored\n");
    MqttClientSecurity s = new MqttClientSecurity("vigil-tools", f.toString(), null);
    assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), s.readPassword("from-env"));
    MqttConnectionOptions o = MqttClientFactory.to("tcp://127.0.0.1:1883", s).options();
    assertEquals("vigil-tools", o.getUserName());
    assertArrayEquals("s3cret".getBytes(StandardCharsets.UTF_8), o.getPassword());
    assertNull(o.getSocketFactory(), "no TLS for a tcp:// URL");
  }

  @Test
  void withoutAFileThePasswordComesFromTheEnvironment() {
    MqttClientSecurity s = MqttClientSecurity.fromEnvironment(Map.of("VIGIL_MQTT_USERNAME", "dev-1"));
    assertEquals("dev-1", s.username());
    assertArrayEquals("e".getBytes(StandardCharsets.UTF_8), s.readPassword("e"));
    assertNull(s.readPassword(" "));
  }

  @Test
  void aMissingOrEmptyPasswordFileSaysWhichFileAndWhatToDo() throws Exception {
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> new MqttClientSecurity("u", dir.resolve("none").toString(), null).readPassword(null));
    assertTrue(missing.getMessage().contains("none") && missing.getMessage().contains("VIGIL_MQTT_PASSWORD_FILE"));
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    IllegalStateException blank = assertThrows(IllegalStateException.class,
        () -> new MqttClientSecurity("u", empty.toString(), null).readPassword(null));
    assertTrue(blank.getMessage().contains("empty"));
  }

  @Test
  void aCaFileWithoutACertificateIsRefusedWithTheReason() throws Exception {
    Path bad = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> MqttClientFactory.to("ssl://127.0.0.1:8883", new MqttClientSecurity(null, null, bad.toString())).options());
    assertTrue(e.getMessage().contains("VIGIL_MQTT_CA_FILE"), e.getMessage());
  }

  @Test
  void theDescriptionNamesTheFileNeverThePassword() throws Exception {
    Path f = Files.writeString(dir.resolve("p"), "hunter2\n");
    String text = new MqttClientSecurity("u", f.toString(), null).toString();
    assertFalse(text.contains("hunter2"));
    assertTrue(text.contains(f.toString()));
  }

  @Test
  void eachPartTakesItsOwnIdentityFromTheSecretsFolder() {
    Map<String, String> env = Map.of("VIGIL_SECRETS_DIR", "/s", "VIGIL_MQTT_USERNAME", "someone-else");
    MqttClientSecurity job = MqttClientSecurity.forIdentity(env::get, MqttClientSecurity.JOB);
    MqttClientSecurity console = MqttClientSecurity.forIdentity(env::get, MqttClientSecurity.CONSOLE);
    assertEquals("vigil-job", job.username());
    assertEquals("/s/mqtt-vigil-job.password", job.passwordFile());
    assertEquals("/s/ca.crt", job.caFile());
    assertEquals("vigil-console", console.username());
    assertEquals("/s/mqtt-vigil-console.password", console.passwordFile());
  }

  @Test
  void aPartsOwnSettingsWinOverTheSecretsFolderAndTheGenericOnes() {
    Map<String, String> env = Map.of("VIGIL_SECRETS_DIR", "/s", "VIGIL_MQTT_TOOLS_USERNAME", "ops-7",
        "VIGIL_MQTT_TOOLS_PASSWORD_FILE", "/s/ops-7.password", "VIGIL_MQTT_CA_FILE", "/etc/ca.pem");
    MqttClientSecurity tools = MqttClientSecurity.forIdentity(env::get, MqttClientSecurity.TOOLS);
    assertEquals("ops-7", tools.username());
    assertEquals("/s/ops-7.password", tools.passwordFile());
    assertEquals("/etc/ca.pem", tools.caFile());
  }

  @Test
  void withoutASecretsFolderTheGenericSettingsApplyAndNothingMeansAnonymous() {
    MqttClientSecurity sim = MqttClientSecurity.forIdentity(
        Map.of("VIGIL_MQTT_USERNAME", "gw-1", "VIGIL_MQTT_PASSWORD_FILE", "/p")::get, MqttClientSecurity.SIMULATOR);
    assertEquals("gw-1", sim.username());
    assertEquals("/p", sim.passwordFile());
    MqttClientSecurity none = MqttClientSecurity.forIdentity(k -> null, MqttClientSecurity.JOB);
    assertFalse(none.hasIdentity());
    assertNull(MqttClientFactory.to("tcp://127.0.0.1:1883", none).options().getUserName());
  }

  @Test
  void aPartsPasswordVariableMissingWhereItConnectsIsNamed() {
    String variable = "VIGIL_MQTT_JOB_PASSWORD";
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(variable) == null, variable + " is set here");
    MqttClientSecurity job = MqttClientSecurity.forIdentity(Map.of("VIGIL_MQTT_JOB_USERNAME", "vigil-job")::get,
        MqttClientSecurity.JOB);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> MqttClientFactory.to("tcp://127.0.0.1:1", job).options());
    assertTrue(e.getMessage().contains(variable) && e.getMessage().contains("vigil-job")
        && e.getMessage().contains(variable + "_FILE"), e.getMessage());
    // A process-wide identity without any password stays as it was: nothing sent, the broker decides.
    assertNull(MqttClientSecurity.fromEnvironment(Map.of("VIGIL_MQTT_USERNAME", "dev-1")).readPassword(null));
  }
}
