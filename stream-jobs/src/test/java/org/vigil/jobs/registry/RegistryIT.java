package org.vigil.jobs.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestServices;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;

/**
 * The registry on real services (MiniCluster at parallelism 2, real Mosquitto and InfluxDB): a reading of a
 * registered gauge is taken and raises its rain alert; a reading of an unregistered device at a registered site and
 * one of an unregistered site are dead letters with their own reasons; a registered gauge that never reports raises
 * no-data after its interval times the factor; the county, the township and the village get their roll-up retained
 * on {@code vigil/region/{region}/risk} and stored in {@code region_risk}; a published registry version registers the
 * unknown device, whose next reading is taken; device health is stored per device and region.
 */
class RegistryIT {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "reg" + run;
  private final String registryTopic = "it/" + run + "/registry";
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String village = "v-" + run;

  private RunningJob job;
  private InfluxClient influx;
  private String db;

  /**
   * rg-1 reports hourly (it will not be missed in this test); rg-2 every 2 s, silent after 2 x 2 s; the camera cam1
   * sends a frame at least hourly.
   */
  private String registry(int version, boolean withRg9) {
    return (version > 0 ? "version: " + version + "\n" : "") + """
        author: test
        noData: {factor: 2, level: yellow}
        regions:
          - {id: %s, name: Test County, level: county, code: "990100"}
          - {id: %s, name: Test Township, level: township, parent: %s}
          - {id: %s, name: Test Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            threatens: [{what: residents, kind: people, count: 40}]
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
              - {id: rg-2, kind: rain, interval: 2s}
              - {id: cam1, kind: camera, interval: 1h}
        """.formatted(county, township, county, village, township, site, village)
        + (withRg9 ? "      - {id: rg-9, kind: rain, interval: 1h}\n" : "");
  }

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("registry", run);
    influx = job.influx();
    db = job.db();
    for (String t : List.of(registryTopic + "/status", RegionRiskEncoders.topic(county),
        RegionRiskEncoders.topic(township), RegionRiskEncoders.topic(village), "vigil/" + site + "/risk")) {
      job.clearOnClose(t);
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  @Test
  void unknownDevicesAreDeadLetteredSilentOnesRaiseNoDataAndRegionsRollUp() throws Exception {
    Path file = work.resolve("registry.yaml");
    Files.writeString(file, registry(0, false));
    Map<String, String> settings = job.settings("", work.resolve("checkpoints"));
    settings.put("VIGIL_SITES", ""); // any: the registry decides
    settings.putAll(TestRules.onlyRain1h(work));
    settings.put("VIGIL_REGISTRY_FILE", file.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", registryTopic);
    List<String> alerts = job.feed().subscribe("vigil/" + site + "/alerts/#");
    List<MqttFeed.Message> dead = job.feed().subscribeMessages("vigil/deadletter");
    List<String> status = job.feed().subscribe(registryTopic + "/status");
    List<MqttFeed.Message> siteRisk = job.feed().subscribeMessages("vigil/" + site + "/risk");
    List<MqttFeed.Message> countyRisk = job.feed().subscribeMessages(RegionRiskEncoders.topic(county));
    job.start(settings, List.of());

    long now = System.currentTimeMillis();
    // 15 mm in one report of the registered gauge: rain_1h = 15, blue (raise 10). Published until the readers are
    // subscribed (the broker answers "no subscribers" before).
    job.publishUntil("vigil/" + site + "/rain/rg-1/data", i -> reading(now, 15),
        () -> alerts.stream().map(AlertJson::fromJson).anyMatch(e -> e.rule().equals("rain-1h")),
        Duration.ofSeconds(60));
    long firstTaken = System.currentTimeMillis();
    job.publish("vigil/" + site + "/rain/rg-9/data", reading(now, 1), false);
    job.publish("vigil/other" + run + "/rain/rg-1/data", reading(now, 1), false);
    // Camera frames: the registered camera's go on to the crowd analysis, an unregistered camera's are dead letters.
    byte[] jpeg = jpeg();
    job.publish("vigil/" + site + "/camera/cam1/frame", jpeg);
    job.publish("vigil/" + site + "/camera/cam2/frame", jpeg);

    await().atMost(Duration.ofSeconds(20)).until(() -> dead.stream().filter(m -> m.payload().contains(run)).count() >= 3);
    JsonNode unknownDevice = deadLetter(dead, "vigil/" + site + "/rain/rg-9/data");
    JsonNode unknownSite = deadLetter(dead, "vigil/other" + run + "/rain/rg-1/data");
    assertThat(unknownDevice.get("reason").asText()).isEqualTo("unknown_device");
    assertThat(unknownDevice.get("detail").asText()).contains("rg-9").contains(site);
    assertThat(unknownSite.get("reason").asText()).isEqualTo("unknown_site");
    JsonNode unknownCamera = deadLetter(dead, "vigil/" + site + "/camera/cam2/frame");
    assertThat(unknownCamera.get("reason").asText()).isEqualTo("unknown_device");
    assertThat(unknownCamera.get("detail").asText()).contains("camera 'cam2' is not registered at site '" + site + "'");
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db,
        "SELECT count(people) FROM crowd WHERE site = '" + site + "' AND camera = 'cam1'") >= 1);
    assertThat(influx.count(db, "SELECT count(people) FROM crowd WHERE site = '" + site + "' AND camera = 'cam2'"))
        .isZero();

    // rg-2 never reports: no-data 2 x 2 s after the registry took effect (the job's first reading).
    await().atMost(Duration.ofSeconds(30)).until(() -> alerts.stream().map(AlertJson::fromJson)
        .anyMatch(e -> e.rule().equals("no-data")));
    AlertEvent noData = alerts.stream().map(AlertJson::fromJson).filter(e -> e.rule().equals("no-data")).findFirst()
        .orElseThrow();
    LOG.info("no-data of rg-2 {} ms after the first reading was taken", System.currentTimeMillis() - firstTaken);
    assertThat(noData.subject()).isEqualTo(site + "/rain/rg-2");
    assertThat(noData.state()).isEqualTo(AlertState.OPENED);
    assertThat(noData.level()).isEqualTo(Level.YELLOW);
    assertThat(alerts.stream().map(AlertJson::fromJson).filter(e -> e.rule().equals("no-data")))
        .extracting(AlertEvent::subject).doesNotContain(site + "/rain/rg-1");

    // The roll-up: every level blue, driven by the site's rain alert. The no-data alert, though yellow, is an ops
    // alert (a silent gauge): it raises neither the site's risk nor its regions'.
    for (String region : List.of(county, township, village)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> retained(RegionRiskEncoders.topic(region))
          .map(j -> j.get("level").asText().equals("blue")).orElse(false));
      JsonNode r = retained(RegionRiskEncoders.topic(region)).orElseThrow();
      assertThat(r.get("sites").asInt()).isEqualTo(1);
      assertThat(r.get("sitesByLevel").get("blue").asInt()).isEqualTo(1);
      assertThat(r.get("site").asText()).isEqualTo(site);
      assertThat(r.get("rule").asText()).isEqualTo("rain-1h");
      assertThat(r.get("peopleAtRisk").asInt()).isEqualTo(40);
    }
    assertThat(retained(RegionRiskEncoders.topic(township)).orElseThrow().get("parent").asText()).isEqualTo(county);
    // Within seconds of the site's change: the site's blue on vigil/{site}/risk, then the county's blue.
    long siteBlue = siteRisk.stream().filter(m -> m.payload().contains("\"level\":\"blue\"")).findFirst().orElseThrow()
        .arrivedAtMs();
    long countyBlue = countyRisk.stream().filter(m -> m.payload().contains("\"level\":\"blue\"")).findFirst()
        .orElseThrow().arrivedAtMs();
    LOG.info("county roll-up {} ms after the site's risk change arrived", countyBlue - siteBlue);
    assertThat(countyBlue - siteBlue).as("roll-up within seconds of the site's change").isLessThan(5_000);
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
        "SELECT count(level_rank) FROM region_risk WHERE region = '" + county + "' AND level = 'blue'") >= 1);
    assertThat(siteRisk).as("the no-data alert never made the site yellow")
        .noneMatch(m -> m.payload().contains("\"level\":\"yellow\""));
    assertThat(retained("vigil/" + site + "/risk").orElseThrow().get("rule").asText()).isEqualTo("rain-1h");

    // Version 1 registers rg-9: accepted, and its next reading is taken (stored, not dead-lettered).
    job.publish(registryTopic + "/it-tools", registry(1, true), true);
    MqttFeed.awaitSize(status, 1, Duration.ofSeconds(20));
    assertThat(JSON.readTree(status.get(0)).get("status").asText()).isEqualTo("accepted");
    job.publish("vigil/" + site + "/rain/rg-9/data", reading(now + 1_000, 2), false);
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
        "SELECT count(rain_mm) FROM rain WHERE site = '" + site + "' AND sensor = 'rg-9'") == 1);
    assertThat(dead.stream().filter(m -> m.payload().contains("rg-9") && m.payload().contains(site))).hasSize(1);

    // Device health, stored every minute: rg-2 never reported (offline, nothing received of what was expected);
    // rg-1 reported; the county counts the site's devices.
    String rg2 = "FROM device_health WHERE scope = 'device' AND id = '" + site + "/rain/rg-2'";
    // The rows come at minute boundaries: one written within 2 s of the registry taking effect expects nothing yet,
    // so the check waits for a row that expects reports (at the latest the second, a minute later).
    await().atMost(Duration.ofSeconds(150)).until(() -> influx.count(db, "SELECT count(online) " + rg2) >= 1
        && influx.count(db, "SELECT last(expected_today) " + rg2) > 0);
    assertThat(influx.count(db, "SELECT last(online) " + rg2)).isZero();
    assertThat(influx.count(db, "SELECT last(reports_today) " + rg2)).isZero();
    assertThat(influx.count(db, "SELECT last(reports_today) FROM device_health WHERE scope = 'device' AND id = '"
        + site + "/rain/rg-1'")).isPositive();
    // The camera's one frame, in the first row written after it arrived (a minute boundary may fall before it).
    String cam1 = "SELECT last(reports_today) FROM device_health WHERE scope = 'device' AND id = '" + site
        + "/camera/cam1'";
    await().atMost(Duration.ofSeconds(90)).until(() -> influx.count(db, cam1) >= 1);
    assertThat(influx.count(db, cam1)).isEqualTo(1);
    assertThat(influx.count(db, "SELECT last(devices) FROM device_health WHERE scope = 'region' AND id = '" + county
        + "'")).isBetween(3L, 4L); // rg-1, rg-2 and cam1, and rg-9 once version 1 reached the health operator
  }

  /** A 320 x 240 grey JPEG, as a camera would send. */
  private static byte[] jpeg() throws Exception {
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(320, 240,
        java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", out);
    return out.toByteArray();
  }

  private static JsonNode deadLetter(List<MqttFeed.Message> dead, String topic) throws Exception {
    for (MqttFeed.Message m : dead) {
      JsonNode n = JSON.readTree(m.payload());
      if (n.get("topic").asText().equals(topic)) {
        return n;
      }
    }
    throw new AssertionError("no dead letter of " + topic);
  }

  /** The retained message of a topic, read by a fresh subscriber. */
  private java.util.Optional<JsonNode> retained(String topic) throws Exception {
    java.util.Optional<String> got = MqttFeed.retained(TestServices.mqttUrl(), "it-registry-retained-" + run, topic,
        Duration.ofSeconds(2));
    return got.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(JSON.readTree(got.get()));
  }

  private static String reading(long ts, double mm) {
    return "{\"ts\": " + ts + ", \"values\": {\"rain_mm\": " + mm + "}}";
  }
}
