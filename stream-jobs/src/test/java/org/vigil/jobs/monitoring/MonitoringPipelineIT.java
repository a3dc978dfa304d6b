package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.CapTime;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.RunningJob;

/**
 * The whole path on real services: readings published with a plain MQTT client to the real Mosquitto go through the
 * monitoring job (MiniCluster, parallelism 2, checkpoints every 500 ms) into the real InfluxDB, bad input reaches the
 * dead letter with its reason, and the rain alerts reach a real HTTP receiver with signatures that verify.
 */
class MonitoringPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MIN = 60_000L;

  @TempDir Path checkpoints;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String siteA = "ita" + run;
  private final String siteB = "itb" + run;

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private WebhookReceiver receiver;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @BeforeEach
  void connect() throws Exception {
    Metrics.addRegistry(meters); // the job's Flink metrics arrive here through MicrometerReporter
    job = RunningJob.prepare("pipeline", run);
    influx = job.influx();
    db = job.db();
  }

  @AfterEach
  void cleanUp() throws Exception {
    Metrics.removeRegistry(meters);
    if (job != null) {
      job.close();
    }
  }

  @Test
  void readingsDeadLettersAndSignedAlertsEndToEnd() throws Exception {
    String secret = WebhookSigner.generateSecret();
    receiver = job.closeAfter(WebhookReceiver.start(0, List.of(secret), null));
    Map<String, String> settings = job.settings(siteA + "," + siteB, checkpoints);
    settings.putAll(TestRules.onlyRain1h(checkpoints.resolve("rules"))); // this test follows one alert through its life
    WebhookEndpoint hook =
        WebhookEndpoint.of("it", receiver.url().toString(), secret)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));

    List<String> deadLetters = job.feed().subscribe("vigil/deadletter");
    List<String> alertFeed = job.feed().subscribe("vigil/" + siteA + "/alerts/#");
    List<String> warnings = job.feed().subscribe("vigil/warnings/#");

    job.start(settings, List.of(hook));
    long base = (System.currentTimeMillis() - 2 * 60 * MIN) / MIN * MIN;

    // The shared subscription exists only once the readers are connected: probe until a reading is stored.
    job.publishUntil("vigil/" + siteB + "/gnss/probe/data", i -> reading(base + i, "disp_mm", 1.0),
        () -> influx.count(db, "SELECT count(disp_mm) FROM gnss WHERE sensor = 'probe'") > 0, Duration.ofSeconds(60));

    // 1. Bulk: 5 GNSS stations x 400 readings, each value distinct and known.
    int stations = 5;
    int perStation = 400;
    List<IMqttToken> tokens = new ArrayList<>();
    double expectedSum = 0;
    for (int i = 0; i < perStation; i++) {
      for (int s = 1; s <= stations; s++) {
        double v = s * 1000 + i * 0.25;
        expectedSum += v;
        if (tokens.size() >= 500) { // a window: the broker allows so many unacknowledged publishes
          tokens.remove(0).waitForCompletion(10_000);
        }
        tokens.add(job.publishAsync("vigil/" + siteB + "/gnss/gps-" + s + "/data",
            reading(base + i * 1000L, "disp_mm", v)));
      }
    }
    for (IMqttToken t : tokens) {
      t.waitForCompletion(10_000);
    }

    // 2. Malformed input, one of each kind, with the reason each must get.
    Map<String, String> bad = new LinkedHashMap<>(); // topic -> payload; the sensor id names the expected reason
    bad.put(badTopic("wrong_type"), "{\"ts\": " + base + ", \"values\": {\"disp_mm\": \"12\"}}");
    bad.put(badTopic("missing_field"), "{\"values\": {\"disp_mm\": 12}}");
    bad.put(badTopic("malformed_json"), "{\"ts\": " + base + ", \"values\": {\"disp_mm\": NaN}}");
    bad.put(badTopic("non_finite_number"), "{\"ts\": " + base + ", \"values\": {\"disp_mm\": 1e999}}");
    bad.put(badTopic("timestamp_in_future"),
        "{\"ts\": \"" + Instant.now().plus(Duration.ofDays(2)) + "\", \"values\": {\"disp_mm\": 12}}");
    bad.put(badTopic("payload_too_large"),
        "{\"ts\": " + base + ", \"values\": {\"disp_mm\": 12}, \"pad\": \"" + "x".repeat(20_000) + "\"}");
    bad.put("vigil/nowhere" + run + "/gnss/unknown_site/data", "{\"ts\": " + base + ", \"values\": {\"disp_mm\": 1}}");
    bad.put("vigil/" + siteB + "/snow/unknown_kind/data", "{\"ts\": " + base + ", \"values\": {\"disp_mm\": 1}}");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      job.publish(e.getKey(), e.getValue(), false);
    }

    // 3. A storm at one gauge, a reading every 10 minutes. Rolling 1-hour sums by hand (window (t-60min, t]):
    //    t=0: 5 | 10: 11 | 20: 21 | 30: 31 | 40: 31 | 50: 31 | 60: 26 (t=0 left) | 70: 20 | 80: 10 | 90: 0
    double[] rain = {5, 6, 10, 10, 0, 0, 0, 0, 0, 0};
    double[] expected1h = {5, 11, 21, 31, 31, 31, 26, 20, 10, 0};
    String gauge = "vigil/" + siteA + "/rain/rg-1/data";
    for (int k = 0; k < rain.length; k++) {
      long ts = base + k * 10 * MIN;
      job.publish(gauge, reading(ts, "rain_mm", rain[k]), false);
      // One at a time: parallel readers share the stream, so only this keeps one gauge's readings in order.
      String q = "SELECT count(value) FROM derived WHERE metric = 'rain_1h' AND site = '" + siteA + "' AND time = "
          + ts + "ms";
      await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
    }

    // Every valid reading is stored, with its value.
    await().atMost(Duration.ofSeconds(30))
        .until(() -> influx.count(db, "SELECT count(disp_mm) FROM gnss WHERE sensor =~ /^gps-/") == stations * perStation);
    assertThat(influx.count(db, "SELECT count(rain_mm) FROM rain")).isEqualTo(rain.length);
    JsonNode sum = influx.query(db, "SELECT sum(disp_mm) FROM gnss WHERE sensor =~ /^gps-/");
    assertThat(values(sum).get(0).get(1).asDouble()).isCloseTo(expectedSum, within(1e-6));
    JsonNode one = influx.query(db, "SELECT disp_mm FROM gnss WHERE sensor = 'gps-3' AND time = " + (base + 123_000) + "ms");
    assertThat(values(one)).hasSize(1);
    assertThat(values(one).get(0).get(1).asDouble()).isEqualTo(3000 + 123 * 0.25);
    JsonNode battery = influx.query(db, "SELECT battery_v, rssi, seq FROM gnss WHERE sensor = 'gps-1' AND time = " + base + "ms");
    assertThat(values(battery).get(0).get(1).asDouble()).isEqualTo(3.7);
    assertThat(values(battery).get(0).get(2).asDouble()).isEqualTo(-70.0);

    // The derived series matches the hand-computed sums.
    JsonNode derived =
        influx.query(db, "SELECT value FROM derived WHERE metric = 'rain_1h' AND site = '" + siteA + "' ORDER BY time");
    assertThat(values(derived)).extracting(row -> row.get(1).asDouble()).containsExactly(box(expected1h));

    // Every malformed input is in the dead letter with its reason.
    await().atMost(Duration.ofSeconds(20)).until(() -> deadLetters.size() >= bad.size());
    Map<String, String> reasonByTopic = new HashMap<>();
    for (String dl : deadLetters) {
      JsonNode n = JSON.readTree(dl);
      reasonByTopic.put(n.get("topic").asText(), n.get("reason").asText());
      assertThat(n.get("detail").asText()).isNotBlank();
    }
    for (String topic : bad.keySet()) {
      String expectedReason = topic.split("/")[3];
      assertThat(reasonByTopic).as("dead letter of " + topic).containsEntry(topic, expectedReason);
    }
    await().atMost(Duration.ofSeconds(10))
        .until(() -> influx.count(db, "SELECT count(payload_bytes) FROM deadletter") >= 1);

    // The alerts: one alert through its life, delivered with signatures that verify.
    String subject = siteA + "/rain/rg-1";
    String alertId = AlertIds.of("rain-1h", subject, base + 10 * MIN);
    await().atMost(Duration.ofSeconds(30)).until(() -> verified().size() >= 6);
    Thread.sleep(1_000); // nothing more may arrive
    List<ReceivedWebhook> got = verified();
    List<AlertEvent> events = new ArrayList<>(got.stream().map(ReceivedWebhook::event).toList());
    events.sort((x, y) -> Long.compare(x.updatedAtMs(), y.updatedAtMs()));
    assertThat(events)
        .extracting(AlertEvent::state, AlertEvent::level, AlertEvent::updatedAtMs)
        .containsExactly(
            tuple(AlertState.OPENED, Level.BLUE, base + 10 * MIN),
            tuple(AlertState.ESCALATED, Level.YELLOW, base + 20 * MIN),
            tuple(AlertState.ESCALATED, Level.ORANGE, base + 30 * MIN),
            tuple(AlertState.DE_ESCALATED, Level.YELLOW, base + 70 * MIN),
            tuple(AlertState.DE_ESCALATED, Level.BLUE, base + 80 * MIN),
            tuple(AlertState.RESOLVED, Level.NONE, base + 90 * MIN));
    assertThat(events).extracting(AlertEvent::id).containsOnly(alertId);
    assertThat(receiver.received()).allMatch(ReceivedWebhook::verified);
    // Check one signature independently of the receiver, from the raw request.
    ReceivedWebhook first = got.get(0);
    Map<String, String> headers = new HashMap<>();
    first.headers().forEach((k, v) -> headers.put(k, v.get(0)));
    new WebhookVerifier(List.of(secret)).verify(headers::get, first.body());
    assertThat(first.id()).isEqualTo(first.event().eventId());
    assertThat(JSON.readTree(first.body()).get("type").asText()).startsWith("alert.");

    // The same transitions are on the MQTT alert feed and in InfluxDB.
    await().atMost(Duration.ofSeconds(10)).until(() -> alertFeed.size() >= 6);
    assertThat(alertFeed).extracting(j -> AlertJson.fromJson(j).id()).containsOnly(alertId);
    assertThat(influx.count(db, "SELECT count(value) FROM alerts")).isEqualTo(6);

    // The orange stretch was a public warning (orange and red are public by default): a CAP 1.2 Alert when it rose
    // to orange at 30 min, a Cancel referencing it when it fell to yellow at 70 min, both valid against cap12.xsd.
    await().atMost(Duration.ofSeconds(10)).until(() -> warnings.stream().filter(w -> w.contains(alertId)).count() >= 2);
    List<String> ours = warnings.stream().filter(w -> w.contains("<identifier>" + alertId + ".")).toList();
    assertThat(ours).hasSize(2);
    ours.forEach(w -> assertThat(CapSchema.problems(w)).isEmpty());
    assertThat(ours.get(0)).contains("<identifier>" + alertId + ".1</identifier>", "<msgType>Alert</msgType>",
        "<severity>Severe</severity>", "<sent>" + CapTime.format(Instant.ofEpochMilli(base + 30 * MIN)
            .atOffset(java.time.ZoneOffset.UTC)) + "</sent>");
    assertThat(ours.get(1)).contains("<identifier>" + alertId + ".2</identifier>", "<msgType>Cancel</msgType>",
        "<references>vigil@localhost," + alertId + ".1,");

    // The site's risk follows its only alert: blue, yellow, orange, yellow, blue, none.
    await().atMost(Duration.ofSeconds(10))
        .until(() -> influx.count(db, "SELECT count(level_rank) FROM site_risk WHERE site = '" + siteA + "'") == 6);
    JsonNode risk = influx.query(db, "SELECT level, rule FROM site_risk WHERE site = '" + siteA + "' ORDER BY time");
    assertThat(values(risk)).extracting(row -> row.get(1).asText())
        .containsExactly("blue", "yellow", "orange", "yellow", "blue", "none");
    assertThat(values(risk).get(0).get(2).asText()).isEqualTo("rain-1h");

    // The same figures reach Micrometer: dead letters per reason, accepted readings, checkpoints.
    for (String topic : bad.keySet()) {
      String reason = topic.split("/")[3];
      assertThat(sum(".reason.deadLetters", "reason", reason)).as("deadLetters{reason=%s}", reason).isEqualTo(1.0);
    }
    assertThat(sum(".readingsAccepted", null, null)).isGreaterThanOrEqualTo(stations * perStation + rain.length);
    assertThat(sum("jobmanager.job.numberOfCompletedCheckpoints", null, null)).isPositive();
    assertThat(meters.getMeters()).anyMatch(m -> m.getId().getName().endsWith("lastCheckpointDuration"));
  }

  /** Sum over subtasks of the bridged Flink metric whose name ends with {@code suffix}. */
  private double sum(String suffix, String tag, String value) {
    double total = 0;
    for (Meter m : meters.getMeters()) {
      if (m.getId().getName().endsWith(suffix) && (tag == null || value.equals(m.getId().getTag(tag)))) {
        for (Measurement x : m.measure()) {
          total += x.getValue();
        }
      }
    }
    return total;
  }

  private List<ReceivedWebhook> verified() {
    return receiver.received().stream().filter(ReceivedWebhook::verified).filter(w -> !w.duplicate()).toList();
  }

  private String badTopic(String reason) {
    return "vigil/" + siteB + "/gnss/" + reason + "/data";
  }

  private static String reading(long ts, String field, double value) {
    return "{\"ts\": " + ts + ", \"seq\": 1, \"values\": {\"" + field + "\": " + value + "}, \"battery_v\": 3.7, \"rssi\": -70}";
  }

  private static List<JsonNode> values(JsonNode result) {
    List<JsonNode> rows = new ArrayList<>();
    JsonNode series = result.path("results").path(0).path("series");
    for (JsonNode s : series) {
      s.path("values").forEach(rows::add);
    }
    return rows;
  }

  private static Double[] box(double[] a) {
    Double[] b = new Double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return b;
  }
}
