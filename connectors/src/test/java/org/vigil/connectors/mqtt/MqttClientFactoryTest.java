package org.vigil.connectors.mqtt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

class MqttClientFactoryTest {

  @TempDir Path dir;

  @Test
  void defaultsAreACleanSessionWithoutAutomaticReconnectAndPahosKeepaliveAndTimeout() {
    MqttConnectionOptions o = MqttClientFactory.to("tcp://127.0.0.1:1883", null).options();
    assertTrue(o.isCleanStart());
    assertFalse(o.isAutomaticReconnect());
    assertEquals(60, o.getKeepAliveInterval());
    assertEquals(30, o.getConnectionTimeout());
    assertNull(o.getSessionExpiryInterval(), "no session expiry is sent with a clean start");
    assertNull(o.getUserName(), "anonymous");
    assertNull(o.getPassword());
    assertNull(o.getSocketFactory(), "no TLS for tcp://");
  }

  @Test
  void aPersistentSessionTurnsCleanStartOffAndSendsTheExpiry() {
    MqttConnectionOptions o = MqttClientFactory.to("tcp://127.0.0.1:1883", MqttClientSecurity.NONE)
        .persistentSession(Duration.ofHours(1))
        .options();
    assertFalse(o.isCleanStart());
    assertEquals(3600L, o.getSessionExpiryInterval());
    MqttConnectionOptions clean = MqttClientFactory.to("tcp://127.0.0.1:1883", null)
        .persistentSession(Duration.ofHours(1)).cleanSession().options();
    assertTrue(clean.isCleanStart());
    assertNull(clean.getSessionExpiryInterval());
    assertThrows(IllegalArgumentException.class,
        () -> MqttClientFactory.to("tcp://h:1", null).persistentSession(Duration.ZERO));
  }

  @Test
  void automaticReconnectIsChosenPerUseWithItsDelays() {
    MqttConnectionOptions o = MqttClientFactory.to("tcp://127.0.0.1:1883", null)
        .automaticReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30))
        .keepAlive(Duration.ofSeconds(15))
        .connectionTimeout(Duration.ofSeconds(5))
        .receiveMaximum(500)
        .options();
    assertTrue(o.isAutomaticReconnect());
    assertEquals(1, o.getAutomaticReconnectMinDelay());
    assertEquals(30, o.getAutomaticReconnectMaxDelay());
    assertEquals(15, o.getKeepAliveInterval());
    assertEquals(5, o.getConnectionTimeout());
    assertEquals(500, o.getReceiveMaximum());
    assertFalse(MqttClientFactory.to("tcp://h:1", null).automaticReconnect().noAutomaticReconnect().options()
        .isAutomaticReconnect());
    assertThrows(IllegalArgumentException.class, () -> MqttClientFactory.to("tcp://h:1", null)
        .automaticReconnect(Duration.ofSeconds(10), Duration.ofSeconds(5)));
  }

  @Test
  void limitsOutsideMqttsRangesAreRefused() {
    MqttClientFactory f = MqttClientFactory.to("tcp://h:1", null);
    assertThrows(IllegalArgumentException.class, () -> f.receiveMaximum(0));
    assertThrows(IllegalArgumentException.class, () -> f.receiveMaximum(65_536));
    assertThrows(IllegalArgumentException.class, () -> f.keepAlive(Duration.ofSeconds(65_536)));
    assertThrows(IllegalArgumentException.class, () -> f.keepAlive(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> f.connectionTimeout(Duration.ofMillis(500)));
    assertEquals(0, f.keepAlive(Duration.ZERO).options().getKeepAliveInterval(), "0 turns keepalive off");
  }

  @Test
  void theIdentitysPasswordIsReadFromItsFileAtEachOptions() throws Exception {
    Path pw = Files.writeString(dir.resolve("mqtt-vigil-tools.password"), "first\n");
    MqttClientFactory f = MqttClientFactory.to("tcp://127.0.0.1:1883",
        new MqttClientSecurity("vigil-tools", pw.toString(), null));
    MqttConnectionOptions a = f.options();
    assertEquals("vigil-tools", a.getUserName());
    assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), a.getPassword());
    Files.writeString(pw, "rotated\n");
    assertArrayEquals("rotated".getBytes(StandardCharsets.UTF_8), f.options().getPassword(),
        "a password changed on disk is used at the next connect");
  }

  @Test
  void credentialsInHandServeOnlyWhenTheSecurityNamesNoIdentity() throws Exception {
    MqttConnectionOptions device = MqttClientFactory.to("tcp://127.0.0.1:1883", MqttClientSecurity.NONE)
        .credentials("dev-7", "pw7").options();
    assertEquals("dev-7", device.getUserName());
    assertArrayEquals("pw7".getBytes(StandardCharsets.UTF_8), device.getPassword());

    Path pw = Files.writeString(dir.resolve("job.password"), "jobpw\n");
    MqttConnectionOptions job = MqttClientFactory.to("tcp://127.0.0.1:1883",
        new MqttClientSecurity("vigil-job", pw.toString(), null)).credentials("other", "x").options();
    assertEquals("vigil-job", job.getUserName());
    assertArrayEquals("jobpw".getBytes(StandardCharsets.UTF_8), job.getPassword());
  }

  @Test
  void sslUrlsGetATlsSocketFactoryWithHostNameVerification() {
    MqttConnectionOptions tls = MqttClientFactory.to("ssl://127.0.0.1:8883", null).options();
    assertNotNull(tls.getSocketFactory());
    assertTrue(tls.isHttpsHostnameVerificationEnabled());
  }

  @Test
  void anUnreadableCaFailsTheOptionsWithTheSettingToFix() throws Exception {
    Path bad = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
    MqttClientFactory f = MqttClientFactory.to("ssl://127.0.0.1:8883", new MqttClientSecurity(null, null, bad.toString()));
    IllegalStateException e = assertThrows(IllegalStateException.class, f::options);
    assertTrue(e.getMessage().contains("VIGIL_MQTT_CA_FILE"), e.getMessage());
  }

  @Test
  void brokerUrlsMustNameAnMqttScheme() {
    for (String ok : new String[] {"tcp://h:1883", "ssl://h:8883", "ws://h:80", "wss://h:443"}) {
      assertEquals(ok, MqttClientFactory.to(ok, null).serverUri());
    }
    for (String bad : new String[] {"http://h:1883", "h:1883", "tcp://", "mqtt://h:1883"}) {
      assertThrows(IllegalArgumentException.class, () -> MqttClientFactory.to(bad, null), bad);
    }
    assertThrows(NullPointerException.class, () -> MqttClientFactory.to(null, null));
  }

  @Test
  void clientIdsAreStableOrRandomByScheme() {
    assertEquals("vigil-job-mqtt-3", MqttClientFactory.clientId("vigil-job-mqtt", 3));
    assertEquals("vigil-simulator-42", MqttClientFactory.clientId("vigil-simulator", 42L));
    String a = MqttClientFactory.randomClientId("vigil");
    String b = MqttClientFactory.randomClientId("vigil");
    assertTrue(a.matches("vigil-[0-9a-f]{8}"), a);
    assertNotEquals(a, b);
    assertThrows(IllegalArgumentException.class, () -> MqttClientFactory.clientId(" ", 1));
  }

  @Test
  void clientsCarryTheUrlAndIdAndAreNotConnected() throws Exception {
    MqttClientFactory f = MqttClientFactory.to("tcp://127.0.0.1:1", null);
    MqttAsyncClient async = f.newAsyncClient("a-1");
    MqttClient blocking = f.newClient("b-1");
    try {
      assertEquals("tcp://127.0.0.1:1", async.getServerURI());
      assertEquals("a-1", async.getClientId());
      assertEquals("b-1", blocking.getClientId());
      assertFalse(async.isConnected());
      assertThrows(IllegalArgumentException.class, () -> f.newAsyncClient(""));
    } finally {
      async.close();
      blocking.close();
    }
  }
}
