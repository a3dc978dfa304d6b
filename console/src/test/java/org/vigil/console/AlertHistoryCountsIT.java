package org.vigil.console;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.console.http.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.NotificationBodies;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.connectors.testing.TestServices;
import org.vigil.cli.alerts.VigilAlertsCli;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.connectors.testing.TestInflux;

/**
 * Every alert transition of many subjects of one rule at one device instant reaches every output, and they agree:
 * the monitoring job (MiniCluster, parallelism 2) against the real Mosquitto and InfluxDB, a real HTTP webhook
 * receiver and the console.
 *
 * <p>One site, {@value #SENSORS} water-level gauges, one rule (yellow from 2.0 m, orange from 3.0 m, clear below
 * 1.5 m), every gauge reporting at the same three device instants: 2.5 m (opened yellow), 3.5 m (escalated orange),
 * 1.0 m (resolved); between the first two, an operator acknowledges two of the alerts through the console. Worked out
 * by hand: 3 x {@value #SENSORS} + 2 = {@value #TRANSITIONS} transitions. Before the alert history was tagged by
 * subject, the transitions of one instant shared rule, site, level, state and time, and InfluxDB kept one point of the
 * {@value #SENSORS} per instant.
 *
 * <p>Compared, each against {@value #TRANSITIONS} and the same set of (alert id, state) pairs:
 *
 * <ul>
 *   <li>the live feed {@code vigil/{site}/alerts/#}: one message per transition;
 *   <li>InfluxDB: {@code SELECT count(id) FROM alerts WHERE site = ...} and the points themselves;
 *   <li>the console's {@code GET /api/alerts?site=...} (the transitions it took from the feed);
 *   <li>the webhooks at a real HTTP receiver: these carry notifications, not transitions. Noise control groups a
 *       site's transitions that are within 30 s of device time of each other, so each instant is one {@code
 *       alert.group} of {@value #SENSORS} members, and the two acknowledgements (sent together) one group of 2 (a
 *       plain {@code alert.acknowledged} each if the second came after the first's group had closed): 4 notifications
 *       whose members, counted over all of them, are the {@value #TRANSITIONS} transitions. No alert flaps (up, up,
 *       down is one change of direction) and nothing is red (red would skip grouping).
 * </ul>
 */
class AlertHistoryCountsIT {

  private static final Logger LOG = LoggerFactory.getLogger(AlertHistoryCountsIT.class);
  private static final int SENSORS = 24;
  private static final int TRANSITIONS = 3 * SENSORS + 2;
  private static final long MIN = 60_000L;

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
            orange: {raise: 3.0, clear: 2.5}
      """;

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "ahc" + run;
  private final String db = "it_history_" + run;
  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final String clientPrefix = "it-history-" + run;

  private InfluxClient influx;
  private ConsoleFixture console;
  private MqttFeed feed;
  private Publisher devices;
  private WebhookReceiver receiver;
  private JobClient job;

  @AfterEach
  void stop() throws Exception {
    if (job != null) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : new AutoCloseable[] {receiver, console, feed}) {
      if (c != null) {
        c.close();
      }
    }
    if (devices != null) {
      devices.publish("vigil/" + site + "/risk", "", true);
      devices.close();
    }
    if (influx != null) {
      TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1", clientPrefix + "-rules-0",
          clientPrefix + "-acks-0", clientPrefix + "-silences-0"));
    }
  }

  @Test
  void feedInfluxConsoleAndWebhooksAgreeOnEveryTransitionOfManySubjectsAtOneInstant() throws Exception {
    influx = TestInflux.client();
    database.setUp();
    String secret = WebhookSigner.generateSecret();
    receiver = WebhookReceiver.start(0, List.of(secret), line -> LOG.debug("webhook: {}", line));
    Map<String, String> settings = JobSettings.forTest(db, "it" + run, clientPrefix, site, dir.resolve("cp"));
    settings.put("VIGIL_RULES_FILE", TestRules.write(dir.resolve("rules"), "water.yaml", RULES).toString());
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_SITES", site));
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-history-feed-" + run);
    List<String> onFeed = feed.subscribe("vigil/" + site + "/alerts/#");
    devices = new Publisher(TestServices.mqttUrl(), "it-history-devices-" + run);
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get),
        List.of(WebhookEndpoint.of("receiver", receiver.url().toString(), secret)));

    long base = (System.currentTimeMillis() - 3 * 60 * MIN) / MIN * MIN;
    // The broker drops what is published before the job's shared subscription exists: wait for a probe reading.
    long[] seq = {0};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
      devices.publish(topic("probe"), reading(base - 10 * MIN + seq[0]++, 0.0), false);
      return influx.count(db, "SELECT count(level_m) FROM level WHERE sensor = 'probe'") > 0;
    });

    // Instant 1: every gauge at 2.5 m -> SENSORS openings at one device time.
    long t1 = base;
    publishAll(t1, 2.5);
    awaitStored("opened", SENSORS);
    await().atMost(Duration.ofSeconds(30)).until(() -> notifications().size() == 1);

    // Two acknowledgements through the console (operator), sent together.
    String token = console.login(ConsoleFixture.OPERATOR);
    List<String> acked = List.of(alertId(1, t1), alertId(2, t1));
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      String seen = console.call("GET", "/api/alerts?site=" + site + "&limit=1000", token, null).body();
      return acked.stream().allMatch(seen::contains);
    });
    for (String id : acked) {
      HttpResponse<String> r = console.call("POST", "/api/alerts/" + id + "/ack", token, "{\"comment\":\"crew\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
    awaitStored("acknowledged", 2);
    String list = cli("list", "--site", site);
    assertThat(list).contains(SENSORS + " open alerts");
    assertThat(list.lines().filter(l -> l.contains(" " + ConsoleFixture.OPERATOR + " "))).hasSize(2);
    await().atMost(Duration.ofSeconds(30)).until(() -> members(notifications()).size() == SENSORS + 2);

    // Instant 2: 3.5 m -> SENSORS escalations; instant 3: 1.0 m -> SENSORS resolutions.
    long t2 = base + MIN;
    publishAll(t2, 3.5);
    awaitStored("escalated", SENSORS);
    await().atMost(Duration.ofSeconds(30)).until(() -> members(notifications()).size() == 2 * SENSORS + 2);
    long t3 = base + 2 * MIN;
    publishAll(t3, 1.0);
    awaitStored("resolved", SENSORS);
    await().atMost(Duration.ofSeconds(30)).until(() -> members(notifications()).size() == TRANSITIONS);
    Thread.sleep(3_000); // nothing more may arrive anywhere
    assertThat(cli("list", "--site", site)).contains("no open alerts");

    // The transitions worked out by hand, as (alert id, state).
    Set<String> expected = new HashSet<>();
    for (int i = 1; i <= SENSORS; i++) {
      for (String state : List.of("opened", "escalated", "resolved")) {
        expected.add(alertId(i, t1) + " " + state);
      }
    }
    acked.forEach(id -> expected.add(id + " acknowledged"));
    assertThat(expected).hasSize(TRANSITIONS);

    // 1. The live feed.
    List<String> feedKeys = onFeed.stream().map(AlertJson::fromJson).map(AlertHistoryCountsIT::key).toList();
    assertThat(feedKeys).hasSize(TRANSITIONS).containsExactlyInAnyOrderElementsOf(expected);

    // 2. InfluxDB: the count, per state, and the points themselves.
    String where = " FROM alerts WHERE site = '" + site + "'";
    assertThat(influx.count(db, "SELECT count(id)" + where)).isEqualTo(TRANSITIONS);
    assertThat(influx.count(db, "SELECT count(value)" + where)).isEqualTo(TRANSITIONS);
    for (JsonNode s : influx.query(db, "SELECT count(id)" + where + " GROUP BY state").path("results").path(0)
        .path("series")) {
      long n = s.path("values").path(0).path(1).asLong();
      assertThat(n).as(s.path("tags").toString()).isEqualTo(
          s.path("tags").path("state").asText().equals("acknowledged") ? 2 : SENSORS);
    }
    JsonNode points = influx.query(db, "SELECT id, state" + where).path("results").path(0).path("series").path(0);
    List<String> stored = new ArrayList<>();
    points.path("values").forEach(v -> stored.add(v.path(1).asText() + " " + v.path(2).asText()));
    assertThat(stored).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(influx.query(db, "SHOW TAG VALUES FROM alerts WITH KEY = subject WHERE site = '" + site + "'")
        .path("results").path(0).path("series").path(0).path("values")).hasSize(SENSORS);

    // 3. The console's list of transitions.
    JsonNode consoleList = Json.MAPPER.readTree(console.call("GET", "/api/alerts?site=" + site + "&limit=1000", token,
        null).body());
    List<String> consoleKeys = new ArrayList<>();
    consoleList.forEach(a -> consoleKeys.add(a.path("id").asText() + " " + a.path("state").asText()));
    assertThat(consoleKeys).hasSize(TRANSITIONS).containsExactlyInAnyOrderElementsOf(expected);

    // 4. Webhooks: 4 notifications (3 groups of SENSORS, the acks as a group of 2 or two plain events), every one
    // signed and new; their members are the transitions.
    List<NotificationBodies> got = notifications();
    assertThat(got).extracting(n -> n.members().size()).containsAnyOf(2, 1)
        .filteredOn(size -> size == SENSORS).hasSize(3);
    assertThat(got.size()).isIn(4, 5);
    assertThat(receiver.received()).allMatch(ReceivedWebhook::verified).noneMatch(ReceivedWebhook::duplicate);
    assertThat(members(got)).extracting(AlertHistoryCountsIT::key).hasSize(TRANSITIONS)
        .containsExactlyInAnyOrderElementsOf(expected);
    LOG.info("{} transitions: feed {}, InfluxDB {}, console {}, webhook members {} in {} notifications",
        TRANSITIONS, feedKeys.size(), stored.size(), consoleKeys.size(), members(got).size(), got.size());
  }

  private String alertId(int sensor, long openedAt) {
    return AlertIds.of("water-level", site + "/level/lv-" + sensor, openedAt);
  }

  private static String key(AlertEvent e) {
    return e.id() + " " + e.state().wireName();
  }

  private List<NotificationBodies> notifications() {
    List<NotificationBodies> out = new ArrayList<>();
    for (ReceivedWebhook w : receiver.received()) {
      if (w.verified() && !w.duplicate()) {
        out.add(w.notification());
      }
    }
    return out;
  }

  private static List<AlertEvent> members(List<NotificationBodies> notifications) {
    List<AlertEvent> out = new ArrayList<>();
    notifications.forEach(n -> out.addAll(n.members()));
    return out;
  }

  private void publishAll(long ts, double level) throws Exception {
    for (int i = 1; i <= SENSORS; i++) {
      devices.publish(topic("lv-" + i), reading(ts, level), false);
    }
  }

  private void awaitStored(String state, int n) {
    String q = "SELECT count(id) FROM alerts WHERE site = '" + site + "' AND state = '" + state + "'";
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db, q) >= n);
  }

  private String topic(String sensor) {
    return "vigil/" + site + "/level/" + sensor + "/data";
  }

  private static String reading(long ts, double value) {
    return "{\"ts\": " + ts + ", \"seq\": 1, \"values\": {\"level_m\": " + value + "}}";
  }

  private String cli(String... args) {
    StringWriter out = new StringWriter();
    Map<String, String> env = Map.of("VIGIL_MQTT_URL", TestServices.mqttUrl(), "VIGIL_INFLUX_URL",
        TestServices.influxUrl(), "VIGIL_INFLUX_DB", db, "VIGIL_INFLUX_USERNAME", TestServices.influxUsername(),
        "VIGIL_INFLUX_PASSWORD_FILE", TestServices.influxPasswordFile().toString());
    int code = VigilAlertsCli.commandLine(env::get).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute(args);
    assertThat(code).as("vigil alerts %s: %s", String.join(" ", args), out).isZero();
    return out.toString();
  }
}
