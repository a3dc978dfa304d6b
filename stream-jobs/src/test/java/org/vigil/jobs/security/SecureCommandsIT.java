package org.vigil.jobs.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.core.execution.JobClient;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckJson;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.connectors.mqtt.devices.DynamicSecurityAdmin;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.testing.TestServices;
import org.vigil.jobs.testing.RunningJob;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.connectors.testing.TestInflux;

/**
 * MQTT security through the real job, on the broker started with VIGIL_MQTT_SECURITY=on (TLS, dynamic security):
 *
 * <ol>
 *   <li>readings published as vigil-simulator reach the job (which reads as vigil-job) and open an alert;
 *   <li>a device identity that tries to acknowledge it (on its own name and on the old topic), to publish a ruleset
 *       or a silence, or to publish on another device's topic, is refused by the broker (PUBACK 0x87), may not
 *       subscribe to {@code #} or {@code $SYS/#}, and nothing of it reaches the job: no ack answer, no stored reading,
 *       no audited command;
 *   <li>the console identity may not ack under the tools' name; its ack under its own is accepted, answered with
 *       author vigil-console, stored with the alert, and audited in measurement {@code commands} with that identity
 *       and the person the message names.
 * </ol>
 *
 * <p>Runs on the secure broker {@code ./vigil test} starts besides the plain one ({@link TestServices#secureBroker()}),
 * or on the main test broker when it runs with security on; skips, with the reason, when there is neither. The
 * InfluxDB is the main test one in either case.
 */
class SecureCommandsIT {

  private static final int NOT_AUTHORIZED = 0x87;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEC = 1000L;
  private static final long MIN = 60 * SEC;
  private static final String RULES = """
      author: test
      comment: water level only
      rules:
        - id: water-level
          description: water level
          scope: {sites: "*", kinds: [level]}
          metric: level_m
          condition: {type: threshold}
          levels:
            yellow: {raise: 2.0, clear: 1.5}
      """;

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "sec" + run;
  private final String db = "it_secure_" + run;
  private final String clientPrefix = "it-secure-" + run;
  private final String deviceName = "dev-" + run;

  private TestServices.SecureBroker broker;
  private String url;
  private Map<String, String> settings;
  private InfluxClient influx;
  private DynamicSecurityAdmin registry;
  private MqttSession console;
  private MqttAsyncClient simulator;
  private JobClient job;

  @BeforeEach
  void setUp() throws Exception {
    Optional<TestServices.SecureBroker> secure = TestServices.secureBroker();
    assumeTrue(secure.isPresent(), TestServices.NO_SECURE_BROKER);
    broker = secure.get();
    url = broker.url();
    settings = JobSettings.forTest(db, "its" + run, clientPrefix, site, dir.resolve("checkpoints"));
    settings.put("VIGIL_MQTT_URL", url);
    settings.put(MqttClientSecurity.ENV_SECRETS_DIR, broker.secretsDir().toString());
    settings.put("VIGIL_RULES_FILE", TestRules.write(dir.resolve("rules"), "water.yaml", RULES).toString());
    influx = TestInflux.client();
    influx.createDatabase(db);
    registry = new DynamicSecurityAdmin(url, broker.as("vigil-admin"), 10_000);
    simulator = connect(MqttClientSecurity.forIdentity(settings::get, MqttClientSecurity.SIMULATOR));
    console = MqttSession.connect(url, MqttClientSecurity.forIdentity(settings::get, MqttClientSecurity.CONSOLE),
        Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (job != null) {
      job.cancel().get();
    }
    if (registry != null) {
      try {
        registry.revokeDevice(deviceName);
      } catch (RuntimeException e) {
        // not made (the test failed before)
      }
      registry.close();
    }
    if (console != null) {
      console.close();
    }
    if (simulator != null) {
      simulator.disconnect().waitForCompletion(5_000);
      simulator.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
    }
    if (job != null) {
      // The job's readers keep persistent sessions, owned by the job's identity on this broker.
      TestServices.removeMqttSessions(url, () -> MqttClientFactory.to(url,
          MqttClientSecurity.forIdentity(settings::get, MqttClientSecurity.JOB)).options(),
          RunningJob.sessionIds(clientPrefix));
    }
  }

  @Test
  void onlyTheRightIdentitiesReachTheJobAndAcceptedCommandsAreAuditedWithTheirAuthor() throws Exception {
    MonitoringConfig config = MonitoringConfig.from(settings::get);
    assertThat(config.mqttSecurity().username()).isEqualTo("vigil-job");
    console.subscribe("vigil/" + site + "/acks", Duration.ofSeconds(10));
    console.subscribe("vigil/" + site + "/alerts/+", Duration.ofSeconds(10));
    job = MonitoringJob.startLocal(config, List.of());

    // 1. Readings as vigil-simulator: the job (vigil-job, TLS) stores them and opens an alert.
    long base = (System.currentTimeMillis() - 60 * MIN) / MIN * MIN;
    long probes = 0;
    long deadline = System.currentTimeMillis() + 90_000;
    while (influx.count(db, "SELECT count(level_m) FROM level WHERE sensor = 'probe'") == 0) {
      assertThat(System.currentTimeMillis()).as("job stored a probe reading within 90 s").isLessThan(deadline);
      assertThat(publish(simulator, topic("probe"), reading(base - 10 * MIN + probes++, 0.0))).isZero();
      Thread.sleep(500);
    }
    assertThat(publish(simulator, topic("lv-1"), reading(base, 1.0))).isZero();
    assertThat(publish(simulator, topic("lv-1"), reading(base + MIN, 2.5))).isZero();
    String alertId = AlertIds.of("water-level", site + "/level/lv-1", base + MIN);
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db,
        "SELECT count(value) FROM alerts WHERE state = 'opened' AND id = '" + alertId + "'") == 1);

    // 2. A device: its own data topic only. Everything else is refused by the broker and never reaches the job.
    DynamicSecurityAdmin.Device d = registry.addDevice(deviceName, DynamicSecurityAdmin.dataTopic(site, "level",
        "dev-1"));
    Path pw = Files.writeString(dir.resolve("device.password"), d.password() + "\n");
    MqttClientSecurity deviceSecurity = new MqttClientSecurity(deviceName, pw.toString(), broker.caFile());
    MqttAsyncClient device = connect(deviceSecurity);
    try {
      String ack = AckJson.encode(new Ack(alertId, site, "mallory", base + 2 * MIN, "forged"));
      Map<String, Integer> refused = new LinkedHashMap<>();
      refused.put(CommandTopics.ackTopic(CommandTopics.ACK_BASE, deviceName), publish(device,
          CommandTopics.ackTopic(CommandTopics.ACK_BASE, deviceName), ack));
      refused.put(CommandTopics.ACK_BASE, publish(device, CommandTopics.ACK_BASE, ack));
      refused.put("vigil/control/ack/vigil-console", publish(device, "vigil/control/ack/vigil-console", ack));
      refused.put("vigil/config/rules/" + deviceName, publish(device, "vigil/config/rules/" + deviceName,
          "version: 99\nrules: []\n"));
      refused.put("vigil/config/silences/" + deviceName + "/s1", publish(device,
          "vigil/config/silences/" + deviceName + "/s1", "{\"id\":\"s1\",\"sites\":[\"" + site + "\"]}"));
      refused.put(topic("lv-9"), publish(device, topic("lv-9"), reading(base + 2 * MIN, 9.0)));
      // Command modes: a device neither switches a region nor forges a region's mode.
      refused.put("vigil/control/mode/" + deviceName, publish(device, "vigil/control/mode/" + deviceName, "{}"));
      refused.put("vigil/mode/county", publish(device, "vigil/mode/county", "{\"mode\":\"emergency\"}"));
      assertThat(refused).as("PUBACK reason codes of the device's forbidden publishes")
          .allSatisfy((t, code) -> assertThat(code).as(t).isEqualTo(NOT_AUTHORIZED));
      for (String filter : List.of("#", "$SYS/#", "vigil/#")) {
        int code;
        try {
          IMqttToken t = device.subscribe(filter, 1);
          t.waitForCompletion(10_000);
          code = t.getReasonCodes()[0];
        } catch (MqttException e) {
          code = e.getReasonCode();
        }
        assertThat(code).as("SUBACK of the device's subscription to " + filter).isEqualTo(NOT_AUTHORIZED);
      }
      assertThat(publish(device, topic("dev-1"), reading(base + 2 * MIN, 0.5))).as("its own topic").isZero();
    } finally {
      device.disconnect().waitForCompletion(5_000);
      device.close();
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db,
        "SELECT count(level_m) FROM level WHERE sensor = 'dev-1'") == 1);
    List<String> seen = new ArrayList<>();
    for (MqttSession.Received r = console.poll(Duration.ofSeconds(3)); r != null; r = console.poll(Duration.ofSeconds(3))) {
      seen.add(r.topic());
    }
    assertThat(seen).as("the job answered no forged ack").noneMatch(t -> t.endsWith("/acks"));
    assertThat(influx.count(db, "SELECT count(level_m) FROM level WHERE sensor = 'lv-9'")).isZero();
    // (Silences other tests left retained on the broker are read and audited too: only this test's are counted.)
    assertThat(influx.count(db, "SELECT count(\"user\") FROM commands WHERE kind = 'ack' OR kind = 'rules'"
        + " OR subject = 's1'")).as("commands audited from the device's attempts").isZero();
    assertThat(influx.count(db, "SELECT count(value) FROM alerts WHERE state = 'acknowledged'")).isZero();

    // 3. The console: not under another identity's name; under its own, accepted and audited with its author.
    String consoleAck = AckJson.encode(new Ack(alertId, site, "maria", base + 3 * MIN, "crew on the way"));
    assertThatThrownBy(() -> console.publish("vigil/control/ack/vigil-tools", consoleAck, false,
        Duration.ofSeconds(10))).isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    // Mode switches likewise: under its own name only (this job has no registry and reads none), and the regions'
    // modes are the job's to publish.
    assertThatThrownBy(() -> console.publish("vigil/control/mode/vigil-tools", "{}", false, Duration.ofSeconds(10)))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    assertThatThrownBy(() -> console.publish("vigil/mode/county", "{}", false, Duration.ofSeconds(10)))
        .isInstanceOf(MqttException.class)
        .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(NOT_AUTHORIZED));
    console.publish("vigil/control/mode/vigil-console", "{}", false, Duration.ofSeconds(10));
    console.publish(CommandTopics.ackTopic(CommandTopics.ACK_BASE, "vigil-console"), consoleAck, false,
        Duration.ofSeconds(10));
    MqttSession.Received answer = console.await("vigil/" + site + "/acks",
        r -> r.payload().contains(alertId), Duration.ofSeconds(30)).orElseThrow();
    JsonNode a = JSON.readTree(answer.payload());
    assertThat(a.get("accepted").asBoolean()).as(answer.payload()).isTrue();
    assertThat(a.get("author").asText()).isEqualTo("vigil-console");
    assertThat(a.get("by").asText()).isEqualTo("maria");
    await().atMost(Duration.ofSeconds(15)).until(() -> influx.count(db,
        "SELECT count(\"user\") FROM commands WHERE kind = 'ack'") == 1);
    JsonNode row = influx.query(db, "SELECT identity, \"user\", subject, topic FROM commands WHERE kind = 'ack'")
        .path("results").path(0).path("series").path(0).path("values").path(0);
    List<String> audited = new ArrayList<>();
    row.forEach(v -> audited.add(v.asText()));
    assertThat(audited.subList(1, 5)).containsExactly("vigil-console", "maria", alertId,
        "vigil/control/ack/vigil-console");
    await().atMost(Duration.ofSeconds(15)).until(() -> influx.count(db,
        "SELECT count(value) FROM alerts WHERE state = 'acknowledged' AND ack_author = 'vigil-console'") == 1);
  }

  private MqttAsyncClient connect(MqttClientSecurity who) throws MqttException {
    MqttAsyncClient c = new MqttAsyncClient(url, (who.username() + "-" + run).replace('@', '-'),
        new MemoryPersistence());
    MqttConnectionOptions o = MqttClientFactory.to(url, who).options();
    o.setCleanStart(true);
    c.connect(o).waitForCompletion(10_000);
    return c;
  }

  /** The PUBACK reason code of a QoS 1 publish; 0 (also for "no matching subscribers", 0x10) when accepted. */
  private static int publish(MqttAsyncClient c, String topic, String payload) throws MqttException {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    IMqttToken t;
    try {
      t = c.publish(topic, m);
      t.waitForCompletion(10_000);
    } catch (MqttException e) {
      return e.getReasonCode();
    }
    int[] codes = t.getReasonCodes();
    int code = codes == null || codes.length == 0 ? 0 : codes[0];
    return code == 0x10 ? 0 : code;
  }

  private String topic(String sensor) {
    return "vigil/" + site + "/level/" + sensor + "/data";
  }

  private static String reading(long ts, double value) {
    return "{\"ts\": " + ts + ", \"seq\": 1, \"values\": {\"level_m\": " + value + "}}";
  }
}
