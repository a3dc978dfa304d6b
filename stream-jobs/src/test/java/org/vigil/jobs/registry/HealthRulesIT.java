package org.vigil.jobs.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.RunningJob;

/**
 * Device health judged by the ruleset's health rules on real services (MiniCluster at parallelism 2, real Mosquitto
 * and InfluxDB), with health every second: East Township's four gauges report every 500 ms; two go silent, and the
 * township's region alert ("2 of 4 devices online (50 %), below 90 %") is published on its pseudo-site's alert topic
 * and stored in InfluxDB {@code alerts} as a series of its own; the township's duty officer acknowledges it like any
 * alert; they report again, and it clears. The township's region risk is never driven by it, nor by the gauges' no-data
 * alerts.
 */
class HealthRulesIT {

  private static final Logger LOG = LoggerFactory.getLogger(HealthRulesIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "hr" + run;
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String ackTopic = "it/" + run + "/ack";
  private final Set<String> reporting = ConcurrentHashMap.newKeySet();

  private RunningJob job;
  private InfluxClient influx;
  private ScheduledExecutorService devices;

  /** Four gauges reporting every second, silent after 2 intervals (2 s). */
  private String registry() {
    return """
        author: test
        noData: {factor: 2, level: yellow}
        regions:
          - {id: %s, name: Test County, level: county}
          - {id: %s, name: East Township, level: township, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 1s}
              - {id: rg-2, kind: rain, interval: 1s}
              - {id: rg-3, kind: rain, interval: 1s}
              - {id: rg-4, kind: rain, interval: 1s}
        """.formatted(county, township, county, site, township);
  }

  private static final String RULES = """
      author: test
      health:
        - {name: region-online, scope: region, metric: online_share, below: {yellow: 90%}, for: 2s}
      rules: []
      """;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("health", run);
    influx = job.influx();
    for (String t : List.of(RegionRiskEncoders.topic(county), RegionRiskEncoders.topic(township),
        "vigil/" + site + "/risk")) {
      job.clearOnClose(t);
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (devices != null) {
      devices.shutdownNow();
    }
    if (job != null) {
      job.close();
    }
  }

  @Test
  void aRegionWhoseDevicesGoSilentRaisesItsHealthAlertAndClearsWhenTheyReportAgain() throws Exception {
    Path registryFile = TestRules.write(work, "registry.yaml", registry());
    Map<String, String> settings = job.settings("", work.resolve("checkpoints"));
    settings.put("VIGIL_RULES_FILE", TestRules.write(work, "rules.yaml", RULES).toString());
    settings.put("VIGIL_RULES_TOPIC", "it/" + run + "/rules"); // no retained ruleset of other tests
    settings.put("VIGIL_REGISTRY_FILE", registryFile.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", "none");
    settings.put("VIGIL_DEVICE_HEALTH_INTERVAL", "1s");
    settings.put("VIGIL_ACK_TOPIC", ackTopic);
    String regionSite = "_region-" + township;
    List<String> alerts = job.feed().subscribe("vigil/" + regionSite + "/alerts/#");
    List<String> townshipRisk = job.feed().subscribe(RegionRiskEncoders.topic(township));
    List<String> acks = job.feed().subscribe("vigil/" + regionSite + "/acks");
    job.start(settings, List.of());

    reporting.addAll(List.of("rg-1", "rg-2", "rg-3", "rg-4"));
    devices = Executors.newSingleThreadScheduledExecutor();
    devices.scheduleAtFixedRate(() -> {
      for (String d : reporting) {
        try {
          publish("vigil/" + site + "/rain/" + d + "/data",
              "{\"ts\": " + System.currentTimeMillis() + ", \"values\": {\"rain_mm\": 0}}");
        } catch (Exception e) {
          LOG.warn("publish of {} failed: {}", d, e.toString());
        }
      }
    }, 0, 500, TimeUnit.MILLISECONDS);

    // All four online: the township's health says 4 of 4 (the job is up and judging).
    String townshipHealth = "FROM device_health WHERE scope = 'region' AND id = '" + township + "'";
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions() // nothing stored yet
        .until(() -> influx.count(job.db(), "SELECT last(online) " + townshipHealth) == 4);
    assertThat(alerts).as("no health alert while all report").isEmpty();

    // rg-2 and rg-3 go silent: 2 of 4 = 50 %, below 90 %, once they are past their 2 s silence and for 2 s more.
    long silentFrom = System.currentTimeMillis();
    reporting.removeAll(List.of("rg-2", "rg-3"));
    await().atMost(Duration.ofSeconds(60)).until(() -> !alerts.isEmpty());
    AlertEvent open = AlertJson.fromJson(alerts.get(0));
    LOG.info("township health alert {} ms after two gauges went silent", System.currentTimeMillis() - silentFrom);
    assertThat(open.rule()).isEqualTo("health.region-online");
    assertThat(open.site()).isEqualTo(regionSite);
    assertThat(open.subject()).isEqualTo(regionSite);
    assertThat(open.state()).isEqualTo(AlertState.OPENED);
    assertThat(open.level()).isEqualTo(Level.YELLOW);
    assertThat(open.message()).isEqualTo("East Township: 2 of 4 devices online (50 %), below 90 %: none -> yellow");
    assertThat(open.value()).isEqualTo(0.5);
    String stored = "FROM alerts WHERE site = '" + regionSite + "' AND rule = 'health.region-online'";
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(job.db(), "SELECT count(value) " + stored
        + " AND state = 'opened'") == 1);

    // Acknowledged like any alert, addressed to the township's pseudo-site: accepted (answered on its acks topic)
    // and an acknowledged transition on the feed. Noise control may not have taken the alert when the first ack
    // arrives: a refusal is answered by sending it again, as a person would.
    int[] sent = {0};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<JsonNode> decided = new ArrayList<>();
      for (String a : acks) {
        JsonNode d = JSON.readTree(a);
        if (d.get("alertId").asText().equals(open.id())) {
          decided.add(d);
        }
      }
      if (decided.stream().anyMatch(d -> d.get("accepted").asBoolean())) {
        return true;
      }
      if (decided.size() >= sent[0]) {
        publish(ackTopic + "/it-duty", "{\"alertId\":\"" + open.id() + "\",\"site\":\"" + regionSite
            + "\",\"by\":\"township duty officer\",\"at\":\"" + AlertJson.isoTime(System.currentTimeMillis())
            + "\",\"comment\":\"sending someone\"}");
        sent[0]++;
      }
      return false;
    });
    await().atMost(Duration.ofSeconds(20)).until(() -> alerts.stream().map(AlertJson::fromJson)
        .anyMatch(e -> e.state() == AlertState.ACKNOWLEDGED));

    // They report again: 4 of 4 = 100 %, at least 95 %: cleared, under the same id, and stored.
    reporting.addAll(List.of("rg-2", "rg-3"));
    await().atMost(Duration.ofSeconds(60)).until(() -> alerts.stream().map(AlertJson::fromJson)
        .anyMatch(e -> e.state() == AlertState.RESOLVED));
    List<AlertEvent> all = alerts.stream().map(AlertJson::fromJson).toList();
    assertThat(all).extracting(AlertEvent::state)
        .containsExactly(AlertState.OPENED, AlertState.ACKNOWLEDGED, AlertState.RESOLVED);
    assertThat(all).extracting(AlertEvent::id).containsOnly(open.id());
    assertThat(all.get(2).message())
        .isEqualTo("East Township: 4 of 4 devices online (100 %), recovered (at least 95 %): yellow -> none");
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(job.db(), "SELECT count(value) " + stored
        + " AND state = 'resolved'") == 1);

    // The township's risk is driven neither by the health alert nor by the silent gauges' no-data alerts: both are ops
    // alerts about the network, not the hazard.
    assertThat(townshipRisk).allSatisfy(m -> assertThat(m).doesNotContain("health.").doesNotContain("no-data"));
  }

  private void publish(String topic, String payload) throws Exception {
    job.publish(topic, payload, false);
  }
}
