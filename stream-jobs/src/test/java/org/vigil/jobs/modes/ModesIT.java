package org.vigil.jobs.modes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestServices;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;

/**
 * Command modes on real services (MiniCluster, Mosquitto, InfluxDB): 12 mm of rain in an hour raises nothing at a
 * site in daily mode (yellow from 20 mm); its township switched to holiday mode by request (yellow from 10 mm), the
 * same 12 mm opens a yellow alert that says it was judged in holiday mode, in the feed and in the history. The job
 * publishes the township's mode retained on vigil/mode/<region> and audits the switch; a request from another
 * township's operator for it is a dead letter with its reason.
 */
class ModesIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "mod" + run;
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String other = "u-" + run;
  private final String village = "v-" + run;

  private RunningJob job;
  private MqttFeed feed;
  private InfluxClient influx;
  private String db;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("modes", run); // the database is queried before the job's first write
    influx = job.influx();
    db = job.db();
    feed = job.feed();
    for (String t : List.of(Topics.mode(township), Topics.mode(county), Topics.mode(other), "vigil/" + site + "/risk")) {
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
  void aHolidaySwitchMakesTheSameRainfallRaiseAnAlertAndAnOutOfRegionRequestIsRefused() throws Exception {
    Path registry = Files.writeString(work.resolve("registry.yaml"), """
        author: test
        regions:
          - {id: %s, name: Test County, level: county}
          - {id: %s, name: Test Township, level: township, parent: %s}
          - {id: %s, name: Other Township, level: township, parent: %s}
          - {id: %s, name: Test Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            tags: [tourist]
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
        """.formatted(county, township, county, other, county, village, township, site, village));
    Path rules = TestRules.write(work, "rules.yaml", """
        rules:
          - id: rain-1h
            scope: {kinds: [rain]}
            metric: rain_1h
            condition: {type: threshold}
            levels:
              yellow: {raise: 20, clear: 15}
              red:    {raise: 50, clear: 40}
        modes:
          holiday:
            rules:
              rain-1h:
                where: {tags: [tourist]}
                levels:
                  yellow: {raise: 10, clear: 8}
                  red:    {raise: 40, clear: 30}
        """);
    Map<String, String> settings = job.settings("", work.resolve("checkpoints"));
    settings.put("VIGIL_RULES_FILE", rules.toString());
    settings.put("VIGIL_RULES_TOPIC", "none");
    settings.put("VIGIL_REGISTRY_FILE", registry.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", "none");
    settings.put("VIGIL_SILENCES_TOPIC", "none");
    alertFeed = feed.subscribe("vigil/" + site + "/alerts/#");
    List<String> modes = feed.subscribe(Topics.mode(township));
    List<String> dead = feed.subscribe(Topics.DEAD_LETTERS);
    job.start(settings, List.of());

    // Daily: 12 mm in an hour (one reading of 12 mm), below yellow's 20. Published until InfluxDB holds it (the
    // readers were subscribed), then a pause for the rules, which judge it beside the store.
    long t0 = System.currentTimeMillis() - 60_000;
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      job.publish("vigil/" + site + "/rain/rg-1/data", reading(t0, 12), false);
      return influx.count(db, "SELECT count(rain_mm) FROM rain WHERE site = '" + site + "'") >= 1;
    });
    Thread.sleep(3000);
    assertThat(alertFeed).as("alerts in daily mode").isEmpty();

    // A township operator switches the township to holiday mode (as the console sends it).
    String request = UUID.randomUUID().toString();
    job.publish(Topics.MODE_REQUESTS + "/it-console", request(request, township, "holiday", "ann", township), false);
    await().atMost(Duration.ofSeconds(60)).until(() -> !modes.isEmpty());
    JsonNode status = JSON.readTree(modes.get(modes.size() - 1));
    assertThat(status.get("region").asText()).isEqualTo(township);
    assertThat(status.get("mode").asText()).isEqualTo("holiday");
    assertThat(status.get("setBy").asText()).isEqualTo("ann");
    assertThat(status.get("request").asText()).isEqualTo(request);
    // Retained: a console connecting later reads it.
    assertThat(org.vigil.connectors.mqtt.MqttSession.readRetained(TestServices.mqttUrl(), Topics.mode(township),
        Duration.ofSeconds(2))).hasValueSatisfying(p -> assertThat(p).contains("\"holiday\""));

    // The same 12 mm an hour (a later reading of 0 mm keeps the hour's sum at 12): yellow now, in holiday mode.
    long[] t = {t0};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      t[0] += 1000;
      job.publish("vigil/" + site + "/rain/rg-1/data", reading(t[0], 0), false);
      return opened() != null;
    });
    AlertEvent yellow = opened();
    assertThat(yellow.level()).isEqualTo(Level.YELLOW);
    assertThat(yellow.value()).isEqualTo(12.0);
    assertThat(yellow.threshold()).isEqualTo(10.0);
    assertThat(yellow.mode()).isEqualTo("holiday");
    assertThat(yellow.updatedAtMs()).isGreaterThan(t0); // not the daily reading
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db, "SELECT count(value) FROM alerts WHERE"
        + " site = '" + site + "' AND state = 'opened' AND \"mode\" = 'holiday'") == 1);

    // The switch in the command audit.
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db, "SELECT count(subject) FROM commands WHERE"
        + " kind = 'mode' AND identity = 'it-console' AND \"user\" = 'ann' AND subject = '" + township + "'") == 1);

    // The other township's operator may not switch this one: a dead letter with the reason; the mode stays.
    job.publish(Topics.MODE_REQUESTS + "/it-console", request(UUID.randomUUID().toString(), township, "daily", "bob",
        other), false);
    await().atMost(Duration.ofSeconds(60)).until(() -> dead.stream().anyMatch(d -> d.contains("mode_request_refused")));
    JsonNode refused = JSON.readTree(dead.stream().filter(d -> d.contains("mode_request_refused")).findFirst()
        .orElseThrow());
    assertThat(refused.get("topic").asText()).isEqualTo(Topics.MODE_REQUESTS + "/it-console");
    assertThat(refused.get("detail").asText())
        .isEqualTo("region '" + township + "' is not inside the operator's region '" + other + "'");
    assertThat(modes).hasSize(1);
  }

  /** The alert feed of the site (vigil/{site}/alerts/#). */
  private List<String> alertFeed = List.of();

  private AlertEvent opened() {
    return List.copyOf(alertFeed).stream().map(AlertJson::fromJson).filter(e -> e.state() == AlertState.OPENED)
        .findFirst().orElse(null);
  }

  private String request(String id, String region, String mode, String operator, String operatorRegion) {
    return "{\"request\":\"" + id + "\",\"region\":\"" + region + "\",\"mode\":\"" + mode
        + "\",\"reason\":\"festival week\",\"operator\":\"" + operator + "\",\"operatorRegion\":\"" + operatorRegion
        + "\",\"requestedAtMs\":" + System.currentTimeMillis() + "}";
  }

  private static String reading(long ts, double mm) {
    return "{\"ts\": " + ts + ", \"values\": {\"rain_mm\": " + mm + "}}";
  }
}
