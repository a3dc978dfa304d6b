package org.vigil.console;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.console.http.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapSchema;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.WarningAreas;
import org.vigil.warning.cap.WarningBook;
import org.vigil.warning.cap.WarningTexts;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.connectors.testing.TestInflux;

/**
 * Every endpoint of the console's API against the real Mosquitto and InfluxDB: answers, refusals by role (401 without
 * a session, 403 for a role that may not) and bad input (400 with the reason); the control messages it publishes;
 * the event stream with replay; the audit trail in InfluxDB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleApiIT {

  private static final Pattern VERSION = Pattern.compile("(?m)^version: (\\d+)");

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "itapi" + run;
  private final String db = "it_console_api_" + run;
  /** Dropped after all the tests. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private ConsoleFixture console;
  private InfluxClient influx;
  private Publisher job;
  private MqttFeed feed;
  private String viewer;
  private String operator;
  private String engineer;

  @BeforeAll
  void start() throws Exception {
    influx = TestInflux.client();
    database.setUp();
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_SITES", site));
    job = new Publisher(TestServices.mqttUrl(), "it-console-api-job-" + run);
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-console-api-feed-" + run);
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
    viewer = console.login(ConsoleFixture.VIEWER);
    operator = console.login(ConsoleFixture.OPERATOR);
    engineer = console.login(ConsoleFixture.ENGINEER);
  }

  @AfterAll
  void stop() throws Exception {
    console.close();
    feed.close();
    job.close();
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    return console.call(method, path, token, body);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static void assertError(HttpResponse<String> r, int status, String reasonPart) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(json(r).get("error").asText()).contains(reasonPart);
  }

  @Test
  void loginLogoutAndMe() throws Exception {
    assertError(call("POST", "/api/login", null, "{\"user\":\"otto\",\"password\":\"wrong\"}"), 401,
        "wrong user or password");
    assertError(call("POST", "/api/login", null, "{\"user\":\"nobody\",\"password\":\"x\"}"), 401,
        "wrong user or password");
    assertError(call("POST", "/api/login", null, "{\"user\":\"otto\"}"), 400, "'password' is missing");
    assertError(call("POST", "/api/login", null, "not json"), 400, "not valid JSON");
    assertError(call("POST", "/api/login", null, null), 400, "needs a JSON body");

    HttpResponse<String> ok = call("POST", "/api/login", null, "{\"user\":\"vera\",\"password\":\"vera-pw\"}");
    assertThat(ok.statusCode()).isEqualTo(200);
    String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("vigil_session=").contains("HttpOnly").contains("SameSite=Strict");
    String token = json(ok).get("token").asText();
    assertThat(json(call("GET", "/api/me", token, null)).get("role").asText()).isEqualTo("viewer");
    assertThat(call("POST", "/api/logout", token, null).statusCode()).isEqualTo(200);
    assertError(call("GET", "/api/me", token, null), 401, "log in first");
    assertError(call("GET", "/api/me", "made-up-token", null), 401, "log in first");
  }

  @Test
  void everyApiEndpointRefusesWithoutASession() throws Exception {
    for (String[] e : new String[][] {{"GET", "/api/state"}, {"GET", "/api/events"}, {"GET", "/api/alerts"},
        {"POST", "/api/alerts/x/ack"}, {"GET", "/api/silences"}, {"POST", "/api/silences"},
        {"DELETE", "/api/silences/x"}, {"GET", "/api/history?site=a&kind=rain&sensor=r1"}, {"GET", "/api/rules"},
        {"POST", "/api/rules/validate"}, {"POST", "/api/rules/backtest"}, {"GET", "/api/rules/backtest/x"},
        {"POST", "/api/rules/publish"}, {"GET", "/api/cameras"}, {"GET", "/api/cameras/a/b/frame"},
        {"GET", "/api/audit"}, {"POST", "/api/logout"}, {"GET", "/api/me"}, {"GET", "/api/warnings"}}) {
      HttpResponse<String> r = call(e[0], e[1], null, e[0].equals("GET") || e[0].equals("DELETE") ? null : "{}");
      assertThat(r.statusCode()).as(e[0] + " " + e[1]).isEqualTo(401);
    }
  }

  @Test
  void publicWarningsAreServedToAnyoneAsCapAndAtom() throws Exception {
    WarningBook book = new WarningBook(new PublicWarnings(PublicWarningPolicy.of("vigil@localhost", "Vigil"),
        WarningTexts.defaults(), WarningAreas.byName()));
    long now = System.currentTimeMillis();
    String alertId = "alt_capit" + run;
    CapAlert red = book.onTransition(new AlertEvent(alertId, "slope", site, site + "/gnss/g1", Level.RED, Level.NONE,
        AlertState.OPENED, 5, 3, now, now, "accelerating")).orElseThrow();
    String incident = red.incidents();
    job.publish("vigil/warnings/" + incident, CapXml.write(red), true);
    // A forged message on another incident is not CAP: refused, never served.
    job.publish("vigil/warnings/forged" + run + ".1", "<alert>evacuate now</alert>", true);

    await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/warnings.atom", null, null).body()
        .contains(incident));
    HttpResponse<String> feed = call("GET", "/warnings.atom", null, null);
    assertThat(feed.statusCode()).isEqualTo(200);
    assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("application/atom+xml");
    assertThat(feed.body()).contains("<title>Red landslide warning for " + site + "</title>")
        .contains("/warnings/" + incident + ".xml").doesNotContain("forged" + run);
    HttpResponse<String> message = call("GET", "/warnings/" + incident + ".xml", null, null);
    assertThat(message.statusCode()).isEqualTo(200);
    assertThat(CapSchema.problems(message.body())).isEmpty();
    assertThat(message.body()).contains("<identifier>" + incident + "</identifier>");
    assertThat(call("GET", "/warnings/forged" + run + ".1.xml", null, null).statusCode()).isEqualTo(404);
    assertThat(json(call("GET", "/api/warnings", viewer, null))).anySatisfy(w ->
        assertThat(w.get("incident").asText()).isEqualTo(incident));

    CapAlert lifted = book.onTransition(new AlertEvent(alertId, "slope", site, site + "/gnss/g1", Level.NONE,
        Level.RED, AlertState.RESOLVED, 1, 3, now, now + 1_000, "calm")).orElseThrow();
    job.publish("vigil/warnings/" + incident, CapXml.write(lifted), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> !call("GET", "/warnings.atom", null, null).body()
        .contains(incident));
    job.publish("vigil/warnings/" + incident, "", true);
    job.publish("vigil/warnings/forged" + run + ".1", "", true);
  }

  @Test
  void rolesAreRefusedWhatTheyMayNotDo() throws Exception {
    String yaml = "{\"yaml\":\"rules: []\"}";
    assertError(call("POST", "/api/alerts/x/ack", viewer, "{}"), 403, "role viewer may not alert.ack");
    assertError(call("POST", "/api/silences", viewer, "{\"sites\":[\"*\"],\"minutes\":5}"), 403, "needs operator");
    assertError(call("DELETE", "/api/silences/x", viewer, null), 403, "needs operator");
    for (String token : List.of(viewer, operator)) {
      assertThat(call("POST", "/api/rules/validate", token, yaml).statusCode()).isEqualTo(403);
      assertThat(call("POST", "/api/rules/backtest", token, yaml).statusCode()).isEqualTo(403);
      assertThat(call("GET", "/api/rules/backtest/x", token, null).statusCode()).isEqualTo(403);
      assertThat(call("POST", "/api/rules/publish", token, yaml).statusCode()).isEqualTo(403);
      assertThat(call("GET", "/api/audit", token, null).statusCode()).isEqualTo(403);
    }
    // Reads are open to every role.
    for (String token : List.of(viewer, operator, engineer)) {
      assertThat(call("GET", "/api/state", token, null).statusCode()).isEqualTo(200);
      assertThat(call("GET", "/api/rules", token, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void liveStateAlertsAckAndTheJobsAnswer() throws Exception {
    List<String> acks = feed.subscribe("vigil/control/ack/#"); // vigil/control/ack/<the console's identity>
    String alert = "{\"id\":\"alt_api_" + run + "\",\"rule\":\"rain-1h\",\"site\":\"" + site + "\",\"subject\":\""
        + site + "/rain/r1\",\"level\":\"orange\",\"previousLevel\":\"yellow\",\"state\":\"escalated\",\"value\":31.5,"
        + "\"threshold\":30.0,\"startedAt\":\"2026-11-29T08:00:00.000Z\",\"updatedAt\":\"2026-11-29T08:10:00.000Z\","
        + "\"message\":\"rain\",\"details\":{},\"forecastFailureAt\":null}";
    job.publish("vigil/" + site + "/alerts/orange", alert, false);
    job.publish("vigil/" + site + "/risk", "{\"site\":\"" + site + "\",\"level\":\"orange\",\"previousLevel\":\"none\","
        + "\"rule\":\"rain-1h\",\"subject\":\"" + site + "/rain/r1\",\"openAlerts\":1,\"at\":\"2026-11-29T08:10:00Z\"}",
        true);
    job.publish("vigil/" + site + "/rain/r1/data", "{\"ts\":\"2026-11-29T08:10:00Z\",\"seq\":1,\"values\":"
        + "{\"rain_mm\":2.5}}", false);
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      JsonNode s = json(call("GET", "/api/state", viewer, null));
      return s.path("risks").has(site) && s.path("alertStates").has("alt_api_" + run)
          && s.toString().contains(site + "/rain/r1\",\"site\"");
    });
    JsonNode state = json(call("GET", "/api/state", viewer, null));
    assertThat(state.get("sites").toString()).contains(site);
    assertThat(state.get("risks").get(site).get("level").asText()).isEqualTo("orange");

    // The feed with filters; bad filters are refused.
    assertThat(json(call("GET", "/api/alerts?site=" + site + "&level=orange", viewer, null))).hasSize(1);
    assertThat(json(call("GET", "/api/alerts?site=" + site + "&state=resolved", viewer, null))).isEmpty();
    assertError(call("GET", "/api/alerts?level=purple", viewer, null), 400, "level must be one of");
    assertError(call("GET", "/api/alerts?state=gone", viewer, null), 400, "state must be one of");
    assertError(call("GET", "/api/alerts?limit=x", viewer, null), 400, "limit must be a whole number");
    assertError(call("GET", "/api/alerts?limit=0", viewer, null), 400, "limit must be 1..1000");

    // Ack: unknown alert 404, bad comment 400, a good one is published as the contract says.
    assertError(call("POST", "/api/alerts/nope/ack", operator, "{}"), 404, "no alert with id 'nope'");
    assertError(call("POST", "/api/alerts/alt_api_" + run + "/ack", operator, "{\"comment\":5}"), 400,
        "'comment' must be a string");
    HttpResponse<String> ack = call("POST", "/api/alerts/alt_api_" + run + "/ack", operator,
        "{\"comment\":\"crew on the way\"}");
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> !acks.isEmpty());
    JsonNode sent = Json.MAPPER.readTree(acks.get(0));
    assertThat(sent.get("alertId").asText()).isEqualTo("alt_api_" + run);
    assertThat(sent.get("site").asText()).isEqualTo(site);
    assertThat(sent.get("by").asText()).isEqualTo("otto");
    assertThat(sent.get("comment").asText()).isEqualTo("crew on the way");
    assertThat(Instant.parse(sent.get("at").asText())).isCloseTo(Instant.now(), org.assertj.core.api.Assertions
        .within(30, java.time.temporal.ChronoUnit.SECONDS));

    // The job's answer and the acknowledged transition show up in the console's state.
    job.publish("vigil/" + site + "/acks", "{\"alertId\":\"alt_api_" + run + "\",\"by\":\"otto\",\"at\":\""
        + sent.get("at").asText() + "\",\"accepted\":true,\"reason\":\"\"}", false);
    job.publish("vigil/" + site + "/alerts/orange", alert.replace("\"state\":\"escalated\"",
        "\"state\":\"acknowledged\""), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> json(call("GET", "/api/state", viewer, null))
        .path("alertStates").path("alt_api_" + run).path("state").asText().equals("acknowledged"));
    assertThat(json(call("GET", "/api/state", viewer, null)).path("acks").path("alt_api_" + run).path("accepted")
        .asBoolean()).isTrue();
  }

  @Test
  void silencesArePublishedRetainedAndLifted() throws Exception {
    List<String> retained = feed.subscribe("vigil/config/silences/#"); // .../<identity>/<id>
    assertError(call("POST", "/api/silences", operator, "{\"minutes\":5}"), 400, "matches nothing");
    assertError(call("POST", "/api/silences", operator, "{\"sites\":[\"" + site + "\"]}"), 400,
        "give 'minutes' or 'endsAt'");
    assertError(call("POST", "/api/silences", operator, "{\"sites\":[\"" + site + "\"],\"minutes\":-1}"), 400,
        "minutes must be a number");
    assertError(call("POST", "/api/silences", operator, "{\"sites\":\"" + site + "\",\"minutes\":5}"), 400,
        "'sites' must be a list");
    assertError(call("POST", "/api/silences", operator, "{\"sites\":[\"a b\"],\"minutes\":5}"), 400, "globs are");
    assertError(call("POST", "/api/silences", operator, "{\"sites\":[\"x\"],\"endsAt\":\"tomorrow\"}"), 400,
        "endsAt must be an ISO-8601");
    HttpResponse<String> made = call("POST", "/api/silences", operator,
        "{\"sites\":[\"" + site + "\"],\"rules\":[\"rain-*\"],\"minutes\":30,\"comment\":\"gauge maintenance\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    JsonNode s = json(made);
    String id = s.get("id").asText();
    assertThat(Instant.parse(s.get("endsAt").asText()).toEpochMilli()
        - Instant.parse(s.get("startsAt").asText()).toEpochMilli()).isEqualTo(30 * 60_000L);
    assertThat(s.get("createdBy").asText()).isEqualTo("otto");
    await().atMost(Duration.ofSeconds(5)).until(() -> retained.stream().anyMatch(m -> m.contains(id)));
    await().atMost(Duration.ofSeconds(5)).until(() -> json(call("GET", "/api/silences", viewer, null)).has(id));
    assertError(call("DELETE", "/api/silences/nope", operator, null), 404, "no silence");
    HttpResponse<String> lifted = call("DELETE", "/api/silences/" + id, operator, null);
    assertThat(lifted.statusCode()).isEqualTo(200);
    assertThat(Instant.parse(json(lifted).get("endsAt").asText())).isBefore(Instant.now().plusSeconds(1));
    await().atMost(Duration.ofSeconds(5)).until(() -> retained.size() >= 2);
    job.publish("vigil/config/silences/anonymous/" + id, "", true); // leave the broker clean
  }

  @Test
  void historyOfASensorWithThresholds() throws Exception {
    long now = System.currentTimeMillis();
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      lines.append("derived,site=").append(site).append(",sensor=r1,metric=rain_1h value=").append(5.0 * i)
          .append(' ').append(now - (6 - i) * 600_000L).append('\n');
    }
    lines.append("derived,site=").append(site).append(",sensor=g1,metric=forecast_failure_ts value=")
        .append(now + 3_600_000L).append(' ').append(now - 60_000).append('\n');
    influx.write(db, lines.toString());
    JsonNode h = json(call("GET", "/api/history?site=" + site + "&kind=rain&sensor=r1&hours=2", viewer, null));
    JsonNode points = h.get("series").get("rain_1h");
    assertThat(points).hasSize(6);
    assertThat(points.get(5).get(1).asDouble()).isEqualTo(25.0);
    assertThat(h.get("forecastFailureAt").isNull()).isTrue();
    // The default rules' rain-1h thresholds: 10, 20, 30, 50 mm.
    JsonNode rain1h = null;
    for (JsonNode t : h.get("thresholds")) {
      if (t.get("rule").asText().equals("rain-1h")) {
        rain1h = t;
      }
    }
    assertThat(rain1h).isNotNull();
    assertThat(rain1h.get("levels").findValuesAsText("raise")).containsExactly("10.0", "20.0", "30.0", "50.0");
    JsonNode g = json(call("GET", "/api/history?site=" + site + "&kind=gnss&sensor=g1", viewer, null));
    assertThat(g.get("forecastFailureAt").asLong()).isEqualTo(now + 3_600_000L);

    assertError(call("GET", "/api/history?site=" + site + "&kind=rain", viewer, null), 400, "'sensor' is missing");
    assertError(call("GET", "/api/history?site=x'%20OR%201=1&kind=rain&sensor=r1", viewer, null), 400,
        "'site' must be 1-64 characters");
    assertError(call("GET", "/api/history?site=a&kind=lava&sensor=r1", viewer, null), 400, "not a sensor kind");
    assertError(call("GET", "/api/history?site=a&kind=rain&sensor=r1&hours=9999", viewer, null), 400,
        "hours must be 1..720");
  }

  @Test
  void rulesValidateShowsLineAndColumn() throws Exception {
    JsonNode ok = json(call("POST", "/api/rules/validate", engineer, Json.MAPPER.createObjectNode()
        .put("yaml", json(call("GET", "/api/rules", viewer, null)).get("yaml").asText()).toString()));
    assertThat(ok.get("valid").asBoolean()).isTrue();
    assertThat(ok.get("rules").asInt()).isGreaterThan(3);
    String bad = "rules:\n  - id: rain-1h\n    metric: rain_1hh\n    condition: {type: threshold}\n"
        + "    levels:\n      red: {raise: 50, clear: 40}\n";
    JsonNode no = json(call("POST", "/api/rules/validate", engineer,
        Json.MAPPER.createObjectNode().put("yaml", bad).toString()));
    assertThat(no.get("valid").asBoolean()).isFalse();
    JsonNode p = no.get("problems").get(0);
    assertThat(p.get("line").asInt()).isEqualTo(3);
    assertThat(p.get("column").asInt()).isGreaterThan(0);
    assertThat(p.get("message").asText()).contains("rain_1hh");
    assertError(call("POST", "/api/rules/validate", engineer, "{}"), 400, "'yaml' is missing");
    assertError(call("POST", "/api/rules/validate", engineer, "{\"yaml\":3}"), 400, "'yaml' must be a string");
  }

  @Test
  void backtestRunsWithProgressAndReport() throws Exception {
    String yaml = json(call("GET", "/api/rules", viewer, null)).get("yaml").asText();
    String from = Instant.now().minus(Duration.ofHours(2)).toString();
    String to = Instant.now().toString();
    assertError(call("POST", "/api/rules/backtest", engineer, Json.MAPPER.createObjectNode().put("yaml", yaml)
        .put("from", to).put("to", from).toString()), 400, "'to' must be after 'from'");
    assertError(call("POST", "/api/rules/backtest", engineer, Json.MAPPER.createObjectNode().put("yaml", yaml)
        .put("from", "yesterday").put("to", to).toString()), 400, "'from' must be an ISO-8601");
    HttpResponse<String> invalid = call("POST", "/api/rules/backtest", engineer, Json.MAPPER.createObjectNode()
        .put("yaml", "rules: [").put("from", from).put("to", to).toString());
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(json(invalid).get("problems").get(0).get("line").asInt()).isEqualTo(1);

    HttpResponse<String> started = call("POST", "/api/rules/backtest", engineer, Json.MAPPER.createObjectNode()
        .put("yaml", yaml).put("from", from).put("to", to).put("warmup", "PT1H").toString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = json(started).get("id").asText();
    HttpResponse<String> busy = call("POST", "/api/rules/backtest", engineer, Json.MAPPER.createObjectNode()
        .put("yaml", yaml).put("from", from).put("to", to).toString());
    assertThat(busy.statusCode()).isIn(202, 409); // 409 unless the first finished already
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
        !json(call("GET", "/api/rules/backtest/" + id, engineer, null)).get("state").asText().equals("running"));
    JsonNode done = json(call("GET", "/api/rules/backtest/" + id, engineer, null));
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
    assertThat(done.get("report")).isNotNull();
    assertError(call("GET", "/api/rules/backtest/nope", engineer, null), 404, "no backtest");
  }

  @Test
  void publishWaitsForTheJobsDecision() throws Exception {
    // Stands in for the job: answers each published version on the status topic.
    MqttAsyncClient fakeJob = new MqttAsyncClient(TestServices.mqttUrl(), "it-console-fake-job-" + run,
        new MemoryPersistence());
    List<String> versions = new CopyOnWriteArrayList<>();
    fakeJob.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage m) throws Exception {
        Matcher v = VERSION.matcher(new String(m.getPayload(), StandardCharsets.UTF_8));
        if (v.find() && !versions.contains(v.group(1))) {
          versions.add(v.group(1));
          job.publish("vigil/config/rules/status", "{\"version\":" + v.group(1) + ",\"status\":\"accepted\","
              + "\"activeVersion\":" + v.group(1) + ",\"summary\":\"ok\",\"problems\":[]}", true);
        }
      }

      @Override public void disconnected(MqttDisconnectResponse r) {}
      @Override public void mqttErrorOccurred(MqttException e) {}
      @Override public void deliveryComplete(IMqttToken token) {}
      @Override public void connectComplete(boolean reconnect, String serverURI) {}
      @Override public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    });
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    fakeJob.connect(o).waitForCompletion(10_000);
    fakeJob.subscribe("vigil/config/rules/+", 1).waitForCompletion(10_000); // .../<identity>, status
    try {
      String yaml = json(call("GET", "/api/rules", viewer, null)).get("yaml").asText();
      assertError(call("POST", "/api/rules/publish", engineer, Json.MAPPER.createObjectNode().put("yaml", yaml)
          .toString()), 400, "'comment' is missing");
      HttpResponse<String> invalid = call("POST", "/api/rules/publish", engineer, Json.MAPPER.createObjectNode()
          .put("yaml", "rules: [").put("comment", "x").toString());
      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(json(invalid).get("error").asText()).contains("nothing published");
      HttpResponse<String> r = call("POST", "/api/rules/publish", engineer, Json.MAPPER.createObjectNode()
          .put("yaml", yaml).put("comment", "from the console API test").toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(json(r).get("outcome").asText()).as(r.body()).isEqualTo("accepted");
      assertThat(json(r).get("output").asText()).contains("by erin");
    } finally {
      fakeJob.disconnect().waitForCompletion(5_000);
      fakeJob.close();
      job.publish("vigil/config/rules/anonymous", "", true);
      job.publish("vigil/config/rules/status", "", true);
    }
  }

  @Test
  void eventStreamReplaysAfterLastEventIdAndSaysResetWhenTooOld() throws Exception {
    long before = console.server.hub().lastId();
    job.publish("vigil/" + site + "/risk", "{\"site\":\"" + site + "\",\"level\":\"red\",\"rule\":\"r\","
        + "\"subject\":\"s\",\"openAlerts\":2}", true);
    await().atMost(Duration.ofSeconds(5)).until(() -> console.server.hub().lastId() > before);
    List<String> lines = readStream("/api/events", Map.of("Last-Event-ID", Long.toString(before)), 3);
    assertThat(String.join("\n", lines)).contains("event:risk").contains("\"level\":\"red\"");
    List<String> reset = readStream("/api/events", Map.of("Last-Event-ID", "999999999"), 3);
    assertThat(String.join("\n", reset)).contains("event:reset");
    HttpResponse<String> metrics = call("GET", "/metrics", null, null);
    assertThat(metrics.body()).contains("console_sse_clients").contains("console_mqtt_messages");
    HttpResponse<String> health = call("GET", "/health", null, null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("mqtt").asText()).isEqualTo("connected");
  }

  private List<String> readStream(String path, Map<String, String> headers, int nonEmptyLines) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(console.url(path)).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + viewer);
    headers.forEach(b::header);
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      long deadline = System.currentTimeMillis() + 5_000;
      String line;
      while (out.size() < nonEmptyLines + 1 && System.currentTimeMillis() < deadline && (line = in.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(line.replace(": ", ":"));
        }
      }
    }
    return out;
  }

  @Test
  void auditTrailIsStoredAndReadableByEngineers() throws Exception {
    call("POST", "/api/alerts/x/ack", viewer, "{}"); // a refusal, audited
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db,
        "SELECT count(detail) FROM console_audit WHERE \"user\" = 'vera' AND outcome = 'refused'") >= 1);
    assertThat(influx.count(db, "SELECT count(detail) FROM console_audit WHERE action = 'login'")).isGreaterThan(0);
    JsonNode recent = json(call("GET", "/api/audit", engineer, null));
    assertThat(recent.toString()).contains("\"action\":\"alert.ack\"").contains("\"outcome\":\"refused\"");
  }

  @Test
  void framesAndCameras() throws Exception {
    assertError(call("GET", "/api/cameras/" + site + "/cam9/frame", viewer, null), 404, "no frame");
    assertThat(call("GET", "/api/cameras", viewer, null).body()).isEqualTo("{}");
  }
}
