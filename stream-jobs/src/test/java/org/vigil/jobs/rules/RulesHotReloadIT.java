package org.vigil.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;

/**
 * Hot reload on real services: a running job (MiniCluster, real Mosquitto and InfluxDB) takes a ruleset published
 * retained on its rules topic within seconds, judges the next readings under the new thresholds, keeps the open
 * alert of the rule that did not change, refuses an invalid ruleset whole with every problem, and audits both in
 * InfluxDB {@code rule_changes}.
 */
class RulesHotReloadIT {

  private static final Logger LOG = LoggerFactory.getLogger(RulesHotReloadIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIN = 60_000L;

  /** rain-1h as in the default rules, plus rain-24h (yellow at 50 mm) that the change leaves alone. */
  private static final String V0 = TestRules.RAIN_1H_ONLY + """
        - id: rain-24h
          scope: {kinds: [rain]}
          metric: rain_24h
          condition: {type: threshold}
          levels: {yellow: {raise: 50, clear: 40}}
      """;

  /** Version 1: rain-1h's red level raised from 50/40 to 60/58; rain-24h unchanged. */
  private static final String V1 = "version: 1\n" + V0.replace("author: test", "author: engineer")
      .replace("red:    {raise: 50, clear: 40}", "red:    {raise: 60, clear: 58}");

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "reload" + run;
  private final String rulesTopic = "it/" + run + "/rules";

  private RunningJob job;
  private InfluxClient influx;
  private String db;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("reload", run);
    influx = job.influx();
    db = job.db();
    job.clearOnClose(rulesTopic + "/status"); // the rules topic itself: published retained through the fixture
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  @Test
  void aPublishedRulesetTakesEffectInSecondsAndKeepsTheOpenAlertsOfUnchangedRules() throws Exception {
    Map<String, String> settings = job.settings(site, work.resolve("checkpoints"));
    settings.put("VIGIL_RULES_TOPIC", rulesTopic);
    settings.put("VIGIL_RULES_FILE", TestRules.write(work, "v0.yaml", V0).toString());
    List<String> alertJson = job.feed().subscribe("vigil/" + site + "/alerts/#");
    List<String> status = job.feed().subscribe(rulesTopic + "/status");
    job.start(settings, List.of());

    String gauge = "vigil/" + site + "/rain/rg-1/data";
    long base = (System.currentTimeMillis() - 26 * 60 * MIN) / MIN * MIN;
    // 55 mm in one report: rain_1h = 55 (red at 50 under v0), rain_24h = 55 (yellow at 50). The first reading is
    // published until the job's readers are subscribed (the broker answers "no subscribers" before).
    job.publishUntil(gauge, i -> reading(base, 55), () -> alertJson.size() >= 2, Duration.ofSeconds(60));
    assertThat(events(alertJson)).extracting(AlertEvent::rule, AlertEvent::state, AlertEvent::level)
        .containsExactlyInAnyOrder(tuple("rain-1h", AlertState.OPENED, Level.RED),
            tuple("rain-24h", AlertState.OPENED, Level.YELLOW));
    String rain24hId = events(alertJson).stream().filter(e -> e.rule().equals("rain-24h")).findFirst().orElseThrow()
        .id();

    // Version 1: rain-1h's red now needs 60 and clears below 58.
    long published = System.currentTimeMillis();
    job.publish(rulesTopic, V1, true);
    MqttFeed.awaitSize(status, 1, Duration.ofSeconds(20));
    long acceptedAfter = System.currentTimeMillis() - published;
    JsonNode accepted = JSON.readTree(status.get(0));
    assertThat(accepted.get("status").asText()).isEqualTo("accepted");
    assertThat(accepted.get("version").asLong()).isEqualTo(1);
    assertThat(accepted.get("activeVersion").asLong()).isEqualTo(1);
    assertThat(accepted.get("summary").asText()).contains("1 changed").contains("rain-1h");

    // The next reading (no rain, 10 min later): rain_1h is still 55, below v1's red clear of 58: red -> orange.
    // rain-24h did not change: its alert stays open, no event.
    job.publish(gauge, reading(base + 10 * MIN, 0), false);
    MqttFeed.awaitSize(alertJson, 3, Duration.ofSeconds(20));
    long effectiveAfter = System.currentTimeMillis() - published;
    AlertEvent third = events(alertJson).get(2);
    assertThat(third.rule()).isEqualTo("rain-1h");
    assertThat(third.state()).isEqualTo(AlertState.DE_ESCALATED);
    assertThat(third.level()).isEqualTo(Level.ORANGE);
    assertThat(third.threshold()).isEqualTo(58.0);
    LOG.info("ruleset v1 accepted {} ms after publishing; first alert under it {} ms after publishing",
        acceptedAfter, effectiveAfter);
    assertThat(effectiveAfter).as("new thresholds in force within seconds").isLessThan(10_000);

    // The unchanged rule's alert is the same alert: 24 h later its rain has gone and it resolves under its old id.
    job.publish(gauge, reading(base + 25 * 60 * MIN, 0), false); // an hour ago: the 55 mm left the 24 h window
    await().atMost(Duration.ofSeconds(20)).until(() -> events(alertJson).stream()
        .anyMatch(e -> e.rule().equals("rain-24h") && e.state() == AlertState.RESOLVED));
    assertThat(events(alertJson).stream().filter(e -> e.rule().equals("rain-24h")).map(AlertEvent::id))
        .containsOnly(rain24hId);
    assertThat(events(alertJson).stream().filter(e -> e.rule().equals("rain-24h")))
        .extracting(AlertEvent::state).containsExactly(AlertState.OPENED, AlertState.RESOLVED);

    // An invalid ruleset is refused whole, with every problem; version 1 stays in force.
    job.publish(rulesTopic, "version: 2\nrules:\n  - id: bad\n    metric: rain_1hh\n    condition: {type: threshold}\n"
        + "    levels: {yellow: {raise: 10, clear: 12}}\n", true);
    MqttFeed.awaitSize(status, 2, Duration.ofSeconds(20));
    JsonNode refused = JSON.readTree(status.get(1));
    assertThat(refused.get("status").asText()).isEqualTo("rejected");
    assertThat(refused.get("activeVersion").asLong()).isEqualTo(1);
    assertThat(refused.get("problems")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(refused.get("problems").toString()).contains("rain_1hh").contains(":4:");

    // The audit: both decisions in rule_changes.
    await().atMost(Duration.ofSeconds(20))
        .until(() -> influx.count(db, "SELECT count(version) FROM rule_changes") == 2);
    assertThat(influx.count(db, "SELECT count(version) FROM rule_changes WHERE status = 'accepted'")).isEqualTo(1);
  }

  private List<AlertEvent> events(List<String> json) {
    return json.stream().map(AlertJson::fromJson).toList();
  }

  private static String reading(long ts, double mm) {
    return "{\"ts\": " + ts + ", \"values\": {\"rain_mm\": " + mm + "}}";
  }
}
