package org.vigil.connectors.mqtt.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.connectors.testing.TestServices;

/**
 * Device identities and topic rights on the real broker with VIGIL_MQTT_SECURITY=on (TLS, dynamic security): a
 * device publishes only on its own data topic, everything else is refused by the broker, and revoking one device
 * mid-stream cuts it off without losing a message of another.
 *
 * <p>Runs on the secure broker {@code ./vigil test} starts besides the plain one ({@link TestServices#secureBroker()}),
 * or on the main test broker when it runs with security on; skips, with the reason, when there is neither.
 */
class DeviceIdentityIT {

  /** MQTT 5 reason code "Not authorized". */
  private static final int NOT_AUTHORIZED = 0x87;

  private static boolean secure;
  private static String url;
  private static MqttClientSecurity tools;
  private static MqttClientSecurity admin;
  private static DynamicSecurityAdmin registry;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @TempDir static Path dir;

  @BeforeAll
  static void setUp() throws Exception {
    Optional<TestServices.SecureBroker> broker = TestServices.secureBroker();
    secure = broker.isPresent();
    if (!secure) {
      return; // every test skips with the reason (an assumption here would hide it from the test report)
    }
    url = broker.get().url();
    tools = broker.get().as(MqttClientSecurity.TOOLS);
    admin = broker.get().as("vigil-admin");
    registry = new DynamicSecurityAdmin(url, admin, 10_000);
  }

  @BeforeEach
  void needsTheSecureBroker() {
    assumeTrue(secure, TestServices.NO_SECURE_BROKER);
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (registry != null) {
      for (DynamicSecurityAdmin.Device d : registry.listDevices()) {
        if (d.username().endsWith(RUN)) {
          registry.revokeDevice(d.username());
        }
      }
      registry.close();
    }
  }

  private static MqttClientSecurity device(String name, String topic) throws Exception {
    DynamicSecurityAdmin.Device d = registry.addDevice(name, topic);
    Path f = dir.resolve(name + ".password");
    Files.writeString(f, d.password() + "\n", StandardCharsets.UTF_8);
    return tools.as(name, f.toString());
  }

  private static MqttAsyncClient connect(MqttClientSecurity who, MqttCallback callback) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(url, who.username() + "-" + UUID.randomUUID(), new MemoryPersistence());
    if (callback != null) {
      c.setCallback(callback);
    }
    MqttConnectionOptions o = MqttClientFactory.to(url, who).options();
    o.setCleanStart(true);
    o.setAutomaticReconnect(false);
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  /**
   * The PUBACK reason code of a QoS 1 publish (Paho reports a refusal either in the token or as an exception);
   * "no matching subscribers" (0x10) is an acceptance and reported as 0.
   */
  private static int publish(MqttAsyncClient c, String topic, String payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    try {
      IMqttToken t = c.publish(topic, m);
      t.waitForCompletion(10_000);
      int[] codes = t.getReasonCodes();
      int code = codes == null || codes.length == 0 ? 0 : codes[0];
      return code == 0x10 ? 0 : code;
    } catch (MqttException e) {
      return e.getReasonCode();
    }
  }

  /** Collects what vigil-tools (which may read vigil/#) receives. */
  static class Collector implements MqttCallback {
    final Set<String> received = ConcurrentHashMap.newKeySet();
    @Override public void disconnected(MqttDisconnectResponse r) { }
    @Override public void mqttErrorOccurred(MqttException e) { }
    @Override public void messageArrived(String topic, MqttMessage m) {
      received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
    }
    @Override public void deliveryComplete(IMqttToken t) { }
    @Override public void connectComplete(boolean reconnect, String uri) { }
    @Override public void authPacketArrived(int reasonCode, MqttProperties p) { }
  }

  @Test
  void aSensorPublishesOnlyOnItsOwnDataTopic() throws Exception {
    String own = "vigil/it-" + RUN + "/rain/r1/data";
    MqttClientSecurity sensor = device("rain-r1-" + RUN, own);
    Collector seen = new Collector();
    MqttAsyncClient reader = connect(tools, seen);
    // Only what is published from now on (retain handling 2): messages other tests left retained are not counted.
    MqttSubscription all = new MqttSubscription("vigil/#", 1);
    all.setRetainHandling(2);
    reader.subscribe(all).waitForCompletion(10_000);
    MqttAsyncClient c = connect(sensor, null);

    assertEquals(0, publish(c, own, "mine"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/it-" + RUN + "/rain/r2/data", "not mine"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/config/rules", "{}"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/control/ack", "{}"));
    // The command topics that name their sender: not even under its own name.
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/config/rules/" + sensor.username(), "{}"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/control/ack/" + sensor.username(), "{}"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/config/silences/" + sensor.username() + "/s1", "{}"));
    // A marker after the refused ones: once it is in, the refused ones would have been too.
    assertEquals(0, publish(c, own, "marker"));
    long until = System.currentTimeMillis() + 10_000;
    while (!seen.received.contains(own + " marker") && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    assertTrue(seen.received.contains(own + " mine"), seen.received.toString());
    assertTrue(seen.received.contains(own + " marker"), seen.received.toString());
    assertEquals(2, seen.received.size(), "only the two messages on the device's own topic: " + seen.received);

    for (String filter : List.of("#", "$SYS/#", "vigil/#")) {
      IMqttToken t = c.subscribe(filter, 1);
      t.waitForCompletion(10_000);
      int[] codes = t.getReasonCodes();
      assertEquals(NOT_AUTHORIZED, codes[0], "a device may not read " + filter);
    }
    c.disconnect().waitForCompletion(5_000);
    reader.disconnect().waitForCompletion(5_000);
  }

  @Test
  void aGatewayPublishesForItsSiteOnly() throws Exception {
    String site = "gw-" + RUN;
    MqttClientSecurity gateway = device("gateway-" + RUN, DynamicSecurityAdmin.dataTopic(site, null, null));
    MqttAsyncClient c = connect(gateway, null);
    assertEquals(0, publish(c, "vigil/" + site + "/rain/r1/data", "a"));
    assertEquals(0, publish(c, "vigil/" + site + "/slope/s9/data", "b"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/other-" + RUN + "/rain/r1/data", "c"));
    assertEquals(NOT_AUTHORIZED, publish(c, "vigil/" + site + "/alerts/x", "d"));
    c.disconnect().waitForCompletion(5_000);
  }

  @Test
  void anonymousWrongPasswordAndUntrustedServerAreRefused() throws Exception {
    MqttException anon = assertThrows(MqttException.class,
        () -> connect(new MqttClientSecurity(null, null, tools.caFile()), null));
    assertEquals(NOT_AUTHORIZED, anon.getReasonCode(), anon.toString());

    Path wrong = dir.resolve("wrong.password");
    Files.writeString(wrong, "not-the-password\n");
    MqttException bad = assertThrows(MqttException.class, () -> connect(tools.as("vigil-tools", wrong.toString()), null));
    assertTrue(bad.getReasonCode() == NOT_AUTHORIZED || bad.getReasonCode() == 0x86, bad.toString());

    // Without the project's CA the broker's certificate is not trusted: the client refuses to talk to it.
    MqttClientSecurity noCa = new MqttClientSecurity(tools.username(), tools.passwordFile(), null);
    assertThrows(MqttException.class, () -> connect(noCa, null));
  }

  @Test
  void revokingOneDeviceMidStreamCutsItOffAndSparesTheOther() throws Exception {
    String a = "vigil/rv-" + RUN + "/rain/a/data";
    String b = "vigil/rv-" + RUN + "/rain/b/data";
    MqttClientSecurity devA = device("dev-a-" + RUN, a);
    MqttClientSecurity devB = device("dev-b-" + RUN, b);
    Collector seen = new Collector();
    MqttAsyncClient reader = connect(tools, seen);
    reader.subscribe("vigil/rv-" + RUN + "/#", 1).waitForCompletion(10_000);

    CountDownLatch aCut = new CountDownLatch(1);
    Collector aCallback = new Collector() {
      @Override public void disconnected(MqttDisconnectResponse r) {
        aCut.countDown();
      }
    };
    MqttAsyncClient ca = connect(devA, aCallback);
    MqttAsyncClient cb = connect(devB, null);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger sentB = new AtomicInteger();
    Thread streamB = new Thread(() -> {
      try {
        while (!stop.get()) {
          assertEquals(0, publish(cb, b, Integer.toString(sentB.get())));
          sentB.incrementAndGet();
        }
      } catch (MqttException e) {
        throw new IllegalStateException(e);
      }
    });
    Thread streamA = new Thread(() -> {
      int i = 0;
      while (ca.isConnected()) {
        try {
          publish(ca, a, Integer.toString(i++));
        } catch (MqttException e) {
          return;
        }
      }
    });
    streamB.start();
    streamA.start();
    Thread.sleep(1_000);
    int beforeRevoke = sentB.get();
    registry.revokeDevice("dev-a-" + RUN);
    assertTrue(aCut.await(5, TimeUnit.SECONDS), "the revoked device is disconnected by the broker");
    Thread.sleep(1_000);
    stop.set(true);
    streamB.join(10_000);
    streamA.join(10_000);
    assertTrue(sentB.get() > beforeRevoke, "the other device kept publishing after the revoke");
    assertThrows(MqttException.class, () -> connect(devA, null), "the revoked device cannot come back");

    long until = System.currentTimeMillis() + 10_000;
    while (countFor(seen, b) < sentB.get() && System.currentTimeMillis() < until) {
      Thread.sleep(50);
    }
    for (int i = 0; i < sentB.get(); i++) {
      assertTrue(seen.received.contains(b + " " + i), "message " + i + " of the spared device arrived");
    }
    assertTrue(registry.listDevices().stream().noneMatch(d -> d.username().equals("dev-a-" + RUN)));
    assertFalse(registry.listDevices().stream().noneMatch(d -> d.username().equals("dev-b-" + RUN)));
    cb.disconnect().waitForCompletion(5_000);
    reader.disconnect().waitForCompletion(5_000);
  }

  private static long countFor(Collector c, String topic) {
    return c.received.stream().filter(s -> s.startsWith(topic + " ")).count();
  }
}
