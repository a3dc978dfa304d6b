package org.vigil.console;

import org.vigil.console.http.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.core.Level;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;
import org.vigil.registry.RegistryLoader;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.Hazard;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.RegistryAreas;
import org.vigil.warning.cap.WarningBook;
import org.vigil.warning.cap.WarningTexts;

/**
 * Duty by region against the real Mosquitto and InfluxDB, through the HTTP API: a county with two townships, a
 * village in each, a site in each village. A township operator sees, streams, acknowledges, silences, warns and lifts
 * only in its own township; a user without a region (the county) sees all; refusals are 403 and audited with both
 * regions; the region tree follows a newer registry version published retained; broadcast coverage is validated and
 * shown per region; device health per region.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDutyIT {

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String county = "county-" + run;
  private final String east = "east-" + run;
  private final String west = "west-" + run;
  private final String eastVillage = "east-v-" + run;
  private final String westVillage = "west-v-" + run;
  private final String siteEast = "dutye" + run;
  private final String siteWest = "dutyw" + run;
  private final String registryTopic = "vigil/config/registry-it" + run;
  private ConsoleFixture console;
  private InfluxClient influx;
  private String db;
  private RunningJob job; // not started: the test publishes what the job would
  private MqttFeed feed;
  private String tom;
  private String wendy;
  private String otto;
  private String vera;
  private String erin;

  private String registry(Long version, String westVillageParent) {
    return (version == null ? "" : "version: " + version + "\n") + """
        author: it
        regions:
          - {id: %s, level: county, code: "99%s"}
          - {id: %s, level: township, parent: %s, code: "99%s1"}
          - {id: %s, level: township, parent: %s, code: "99%s2"}
          - {id: %s, level: village, parent: %s, code: "99%s11"}
          - {id: %s, level: village, parent: %s, code: "99%s21"}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 10s, installed: 2026-04-15}
          - id: %s
            region: %s
            location: {lat: 30.85, lon: 103.52}
            devices:
              - {id: rg-1, kind: rain, interval: 10s, installed: 2026-04-15}
        """.formatted(county, run, east, county, run, west, county, run, eastVillage, east, run, westVillage,
        westVillageParent, run, siteEast, eastVillage, siteWest, westVillage);
  }

  @BeforeAll
  void start() throws Exception {
    job = RunningJob.prepare("duty", run);
    influx = job.influx();
    db = job.db();
    feed = job.feed();
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, registry(null, west));
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(),
        "VIGIL_REGISTRY_TOPIC", registryTopic), List.of(new String[] {"tom", "operator", east},
        new String[] {"wendy", "operator", west}));
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
    tom = console.login("tom");
    wendy = console.login("wendy");
    otto = console.login(ConsoleFixture.OPERATOR);
    vera = console.login(ConsoleFixture.VIEWER);
    erin = console.login(ConsoleFixture.ENGINEER);
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
    if (job != null) {
      job.close(); // and the retained registry versions, warnings and coverage the tests published
    }
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    return console.call(method, path, token, body);
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private String alert(String id, String site, String level) {
    return "{\"id\":\"" + id + "\",\"rule\":\"rain-1h\",\"site\":\"" + site + "\",\"subject\":\"" + site
        + "/rain/rg-1\",\"level\":\"" + level + "\",\"previousLevel\":\"none\",\"state\":\"opened\",\"value\":31.5,"
        + "\"threshold\":30.0,\"startedAt\":\"2026-11-29T08:00:00.000Z\",\"updatedAt\":\"2026-11-29T08:10:00.000Z\","
        + "\"message\":\"rain\",\"details\":{},\"forecastFailureAt\":null}";
  }

  private List<String> ids(HttpResponse<String> r) throws Exception {
    List<String> out = new ArrayList<>();
    json(r).forEach(a -> out.add(a.get("id").asText()));
    return out;
  }

  @Test
  void aTownshipOperatorIsRefusedAnotherTownshipsAlertAndAcknowledgesOneInItsOwnVillage() throws Exception {
    List<String> acks = feed.subscribe("vigil/control/ack/#");
    String mine = "alt_duty_e_" + run;
    String theirs = "alt_duty_w_" + run;
    job.publish("vigil/" + siteEast + "/alerts/orange", alert(mine, siteEast, "orange"), false);
    job.publish("vigil/" + siteWest + "/alerts/red", alert(theirs, siteWest, "red"), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> ids(call("GET", "/api/alerts", otto, null))
        .containsAll(List.of(mine, theirs)));

    // The list: each township its own; the county both.
    assertThat(ids(call("GET", "/api/alerts", tom, null))).contains(mine).doesNotContain(theirs);
    assertThat(ids(call("GET", "/api/alerts", wendy, null))).contains(theirs).doesNotContain(mine);
    assertThat(ids(call("GET", "/api/alerts", vera, null))).contains(mine, theirs);
    JsonNode state = json(call("GET", "/api/state", tom, null));
    assertThat(state.get("sites").toString()).contains(siteEast).doesNotContain(siteWest);
    assertThat(state.get("alertStates").has(theirs)).isFalse();
    assertThat(state.get("alertStates").has(mine)).isTrue();

    // Acknowledging the other township's alert: 403 with the reason, audited with both regions, nothing published.
    HttpResponse<String> refused = call("POST", "/api/alerts/" + theirs + "/ack", tom, "{\"comment\":\"mine?\"}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(json(refused).get("error").asText()).contains("answers for region " + east)
        .contains(siteWest).contains(westVillage);
    assertThat(call("POST", "/api/alerts/" + theirs + "/comment", tom, "{\"comment\":\"x\"}").statusCode())
        .isEqualTo(403);
    assertThat(call("GET", "/api/alerts/" + theirs + "/comments", tom, null).statusCode()).isEqualTo(403);

    HttpResponse<String> ok = call("POST", "/api/alerts/" + mine + "/ack", tom, "{\"comment\":\"crew sent\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> acks.stream().anyMatch(a -> a.contains(mine)));
    assertThat(acks).noneMatch(a -> a.contains(theirs));
    HttpResponse<String> comment = call("POST", "/api/alerts/" + mine + "/comment", tom,
        "{\"comment\":\"road closed\"}");
    assertThat(comment.statusCode()).isEqualTo(201);
    assertThat(json(call("GET", "/api/alerts/" + mine + "/comments", otto, null)).get(0).get("comment").asText())
        .isEqualTo("road closed");

    // The county's operator may acknowledge either.
    assertThat(call("POST", "/api/alerts/" + theirs + "/ack", otto, "{}").statusCode()).isEqualTo(202);

    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db, "SELECT count(detail) FROM console_audit "
        + "WHERE \"user\" = 'tom' AND region = '" + east + "' AND outcome = 'refused' AND action = 'alert.ack'") >= 1);
    JsonNode audit = json(call("GET", "/api/audit", erin, null));
    JsonNode entry = null;
    for (JsonNode e : audit) {
      if (e.get("user").asText().equals("tom") && e.get("action").asText().equals("alert.ack")
          && e.get("outcome").asText().equals("refused") && e.get("target").asText().equals(theirs)) {
        entry = e;
      }
    }
    assertThat(entry).isNotNull();
    assertThat(entry.get("region").asText()).isEqualTo(east);
    assertThat(entry.get("targetRegion").asText()).isEqualTo(westVillage);
    assertThat(entry.get("target").asText()).isEqualTo(theirs);
    assertThat(audit.toString()).contains("\"user\":\"tom\",\"role\":\"operator\",\"region\":\"" + east
        + "\",\"action\":\"alert.ack\",\"outcome\":\"ok\",\"target\":\"" + mine + "\",\"targetRegion\":\""
        + eastVillage + "\"");
  }

  @Test
  void theLiveStreamDoesNotLeakOtherTownshipsAlerts() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest req = HttpRequest.newBuilder(console.url("/api/events")).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + tom).build();
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception e) {
        // closed
      }
    });
    reader.setDaemon(true);
    reader.start();
    String theirs = "alt_stream_w_" + run;
    String mine = "alt_stream_e_" + run;
    // The other township's alert, risk and reading first, then one of tom's own: when his arrives, theirs would have.
    job.publish("vigil/" + siteWest + "/alerts/red", alert(theirs, siteWest, "red"), false);
    job.publish("vigil/" + siteWest + "/risk", "{\"site\":\"" + siteWest + "\",\"level\":\"red\",\"rule\":\"r\","
        + "\"subject\":\"s\",\"openAlerts\":1}", false);
    job.publish("vigil/" + siteWest + "/rain/rg-1/data", "{\"ts\":" + System.currentTimeMillis()
        + ",\"seq\":1,\"values\":{\"rain_mm\":7.5}}", false);
    job.publish("vigil/" + siteEast + "/rain/rg-1/data", "{\"ts\":" + System.currentTimeMillis()
        + ",\"seq\":1,\"values\":{\"rain_mm\":2.5}}", false);
    Thread.sleep(1500); // a readings batch goes out every second
    job.publish("vigil/" + siteEast + "/alerts/orange", alert(mine, siteEast, "orange"), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains(mine))
        && lines.stream().anyMatch(l -> l.contains(siteEast + "/rain/rg-1")));
    // The county sees both (the console got the other one).
    assertThat(ids(call("GET", "/api/alerts", vera, null))).contains(theirs, mine);
    String all = String.join("\n", lines);
    assertThat(all).contains("event: readings").contains(siteEast + "/rain/rg-1");
    assertThat(all).doesNotContain(theirs).doesNotContain(siteWest);
  }

  @Test
  void silencesStayInsideTheRegion() throws Exception {
    assertThat(call("POST", "/api/silences", tom, "{\"sites\":[\"" + siteWest + "\"],\"minutes\":5}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> glob = call("POST", "/api/silences", tom, "{\"sites\":[\"dutye*\"],\"minutes\":5}");
    assertThat(glob.statusCode()).isEqualTo(403);
    assertThat(json(glob).get("error").asText()).contains("not by a glob");
    assertThat(call("POST", "/api/silences", tom, "{\"rules\":[\"rain-1h\"],\"minutes\":5}").statusCode())
        .isEqualTo(403);
    HttpResponse<String> made = call("POST", "/api/silences", tom, "{\"sites\":[\"" + siteEast
        + "\"],\"minutes\":5,\"comment\":\"gauge maintenance\"}");
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    String id = json(made).get("id").asText();
    await().atMost(Duration.ofSeconds(5)).until(() -> json(call("GET", "/api/silences", tom, null)).has(id));
    assertThat(json(call("GET", "/api/silences", wendy, null)).has(id)).isFalse();
    assertThat(call("DELETE", "/api/silences/" + id, wendy, null).statusCode()).isEqualTo(403);
    assertThat(call("DELETE", "/api/silences/" + id, tom, null).statusCode()).isEqualTo(200);
    job.publish("vigil/config/silences/anonymous/" + id, "", true);
  }

  @Test
  void handIssuedWarningsAreCheckedAuditedAndPublishedAsTheContractSays() throws Exception {
    List<String> requests = feed.subscribe("vigil/control/warning/#");
    String ok = "{\"region\":\"" + eastVillage + "\",\"hazard\":\"landslide\",\"level\":\"orange\","
        + "\"description\":\"cracks in the road above the school\"}";
    HttpResponse<String> viewer = call("POST", "/api/warnings", vera, ok);
    assertThat(viewer.statusCode()).isEqualTo(403);
    HttpResponse<String> outside = call("POST", "/api/warnings", tom, ok.replace(eastVillage, westVillage));
    assertThat(outside.statusCode()).isEqualTo(403);
    assertThat(json(outside).get("error").asText()).contains("outside");
    HttpResponse<String> unknown = call("POST", "/api/warnings", tom, ok.replace(eastVillage, "atlantis"));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(json(unknown).get("error").asText()).contains("unknown region 'atlantis'");
    HttpResponse<String> level = call("POST", "/api/warnings", tom, ok.replace("orange", "purple"));
    assertThat(level.statusCode()).isEqualTo(400);
    assertThat(json(level).get("error").asText()).contains("level must be yellow, orange or red");
    assertThat(call("POST", "/api/warnings", tom, ok.replace("landslide", "meteor")).statusCode()).isEqualTo(400);
    // CSRF: another origin, or a form body, is refused before anything is read.
    HttpResponse<String> cross = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.url("/api/warnings"))
        .header("Authorization", "Bearer " + tom).header("Origin", "http://evil.example")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(ok)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(cross.statusCode()).isEqualTo(403);
    HttpResponse<String> form = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.url("/api/warnings"))
        .header("Authorization", "Bearer " + tom).header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(ok)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(form.statusCode()).isEqualTo(415);
    Thread.sleep(500);
    assertThat(requests).as("nothing refused was published").isEmpty();

    HttpResponse<String> issued = call("POST", "/api/warnings", tom, ok);
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> !requests.isEmpty());
    JsonNode sent = Json.MAPPER.readTree(requests.get(0));
    assertThat(sent.get("request").asText()).matches("[0-9a-f-]{36}").isEqualTo(json(issued).get("request").asText());
    assertThat(sent.get("action").asText()).isEqualTo("issue");
    assertThat(sent.get("region").asText()).isEqualTo(eastVillage);
    assertThat(sent.get("hazard").asText()).isEqualTo("landslide");
    assertThat(sent.get("level").asText()).isEqualTo("orange");
    assertThat(sent.get("description").asText()).isEqualTo("cracks in the road above the school");
    assertThat(sent.get("operator").asText()).isEqualTo("tom");
    assertThat(sent.get("operatorRegion").asText()).isEqualTo(east);
    assertThat(sent.has("incident")).isFalse();
    assertThat(sent.get("requestedAtMs").asLong()).isCloseTo(System.currentTimeMillis(), within(60_000L));
    // A user of the county names the county as the operator's region.
    assertThat(call("POST", "/api/warnings", otto, ok.replace(eastVillage, westVillage)).statusCode()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 2);
    assertThat(Json.MAPPER.readTree(requests.get(1)).get("operatorRegion").asText()).isEqualTo(county);
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db, "SELECT count(detail) FROM console_audit "
        + "WHERE action = 'warning.issue' AND outcome = 'ok' AND region = '" + east + "'") >= 1);
    assertThat(influx.count(db, "SELECT count(detail) FROM console_audit WHERE action = 'warning.issue' AND "
        + "outcome = 'refused' AND \"user\" = 'tom'")).isGreaterThanOrEqualTo(1);

    // Lifting: the warning the job issued for the east village (its CAP names the village's code).
    WarningBook book = new WarningBook(new PublicWarnings(PublicWarningPolicy.of("vigil@localhost", "Vigil"),
        WarningTexts.defaults(), new RegistryAreas(RegistryLoader.parse(registry(null, west), "it"))));
    CapAlert cap = book.issue(new PublicWarnings.Manual(eastVillage, Hazard.LANDSLIDE, Level.ORANGE, "tom",
        "cracks"), System.currentTimeMillis());
    String incident = cap.identifier();
    job.publish("vigil/warnings/" + incident, CapXml.write(cap), true);
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/api/warnings", tom, null).body()
          .contains(incident));
      // The list: the east township's warning for the east, the county and nobody in the west.
      assertThat(call("GET", "/api/warnings", otto, null).body()).contains(incident);
      assertThat(call("GET", "/api/warnings", wendy, null).body()).doesNotContain(incident);
      assertThat(json(call("GET", "/api/warnings", tom, null)).toString()).contains("\"regions\":[\"" + eastVillage
          + "\"]");
      assertThat(call("POST", "/api/warnings/" + incident + "/lift", wendy, "{}").statusCode()).isEqualTo(403);
      assertThat(call("POST", "/api/warnings/nope-" + run + "/lift", tom, "{}").statusCode()).isEqualTo(404);
      HttpResponse<String> lifted = call("POST", "/api/warnings/" + incident + "/lift", tom,
          "{\"description\":\"slope checked\"}");
      assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(5)).until(() -> requests.size() >= 3);
      JsonNode lift = Json.MAPPER.readTree(requests.get(2));
      assertThat(lift.get("action").asText()).isEqualTo("lift");
      assertThat(lift.get("incident").asText()).isEqualTo(incident);
      assertThat(lift.get("region").asText()).isEqualTo(eastVillage);
      assertThat(lift.get("operatorRegion").asText()).isEqualTo(east);
    } finally {
      job.publish("vigil/warnings/" + incident, "", true);
    }
  }

  @Test
  void broadcastCoverageIsValidatedAndShownPerRegion() throws Exception {
    String incident = "inc-" + run;
    String good = "{\"incident\":\"" + incident + "\",\"identifier\":\"" + incident + ".2\",\"msgType\":\"Alert\","
        + "\"level\":\"red\",\"regions\":[\"" + eastVillage + "\",\"" + westVillage + "\"],\"targets\":10,"
        + "\"confirmed\":6,\"pending\":3,\"gaveUp\":1,\"superseded\":0,\"byRegion\":{\"" + eastVillage + "\":"
        + "{\"targets\":4,\"confirmed\":3,\"pending\":1,\"gaveUp\":0},\"" + westVillage + "\":{\"targets\":6,"
        + "\"confirmed\":3,\"pending\":2,\"gaveUp\":1}},\"failures\":[{\"loudspeaker\":\"ls-w-3\",\"region\":\""
        + westVillage + "\",\"reason\":\"no answer after 3 tries\"}],\"updatedAtMs\":" + System.currentTimeMillis()
        + "}";
    long refusedBefore = console.server.state().broadcasts().refused();
    // Forged: names another incident; broken: more confirmed than targets; not JSON at all.
    job.publish("vigil/broadcast/" + incident, good.replace("\"incident\":\"" + incident, "\"incident\":\"other"),
        true);
    job.publish("vigil/broadcast/" + incident, good.replace("\"confirmed\":6", "\"confirmed\":60"), true);
    job.publish("vigil/broadcast/" + incident, "<evacuate/>", true);
    await().atMost(Duration.ofSeconds(10)).until(() -> console.server.state().broadcasts().refused()
        >= refusedBefore + 3);
    assertThat(json(call("GET", "/api/broadcasts", otto, null)).toString()).doesNotContain(incident);
    job.publish("vigil/broadcast/" + incident, good, true);
    await().atMost(Duration.ofSeconds(10)).until(() -> json(call("GET", "/api/broadcasts", otto, null)).toString()
        .contains(incident));
    JsonNode all = find(json(call("GET", "/api/broadcasts", otto, null)), incident);
    assertThat(all.get("targets").asLong()).isEqualTo(10);
    assertThat(all.get("confirmed").asLong()).isEqualTo(6);
    assertThat(all.get("pending").asLong()).isEqualTo(3);
    assertThat(all.get("gaveUp").asLong()).isEqualTo(1);
    // The east township sees its village only: 4 targets, 3 confirmed, 1 pending, none given up, no failures.
    JsonNode mine = find(json(call("GET", "/api/broadcasts", tom, null)), incident);
    assertThat(mine.get("targets").asLong()).isEqualTo(4);
    assertThat(mine.get("confirmed").asLong()).isEqualTo(3);
    assertThat(mine.get("pending").asLong()).isEqualTo(1);
    assertThat(mine.get("gaveUp").asLong()).isEqualTo(0);
    assertThat(mine.get("byRegion").has(westVillage)).isFalse();
    assertThat(mine.get("failures")).isEmpty();
    assertThat(mine.toString()).doesNotContain(westVillage);
    JsonNode theirs = find(json(call("GET", "/api/broadcasts", wendy, null)), incident);
    assertThat(theirs.get("failures").get(0).get("loudspeaker").asText()).isEqualTo("ls-w-3");
  }

  private static JsonNode find(JsonNode list, String incident) {
    for (JsonNode n : list) {
      if (n.get("incident").asText().equals(incident)) {
        return n;
      }
    }
    throw new AssertionError("no coverage of " + incident + " in " + list);
  }

  @Test
  void deviceHealthPerRegionInTheUsersRegion() throws Exception {
    long now = System.currentTimeMillis();
    StringBuilder lines = new StringBuilder();
    // An older point, then the newest: the answer is the newest.
    lines.append("device_health,scope=region,id=").append(east).append(" devices=8i,online=2i,reports_today=1i,"
        + "expected_today=100i,reports_month=1i,expected_month=100i ").append(now - 120_000).append('\n');
    lines.append("device_health,scope=region,id=").append(east).append(" devices=8i,online=6i,reports_today=90i,"
        + "expected_today=120i,reports_month=2000i,expected_month=2880i ").append(now - 60_000).append('\n');
    lines.append("device_health,scope=region,id=").append(eastVillage).append(" devices=4i,online=4i,"
        + "reports_today=0i,expected_today=0i,reports_month=10i,expected_month=8i ").append(now - 60_000).append('\n');
    lines.append("device_health,scope=region,id=").append(west).append(" devices=5i,online=1i,reports_today=3i,"
        + "expected_today=30i,reports_month=3i,expected_month=30i ").append(now - 60_000).append('\n');
    influx.write(db, lines.toString());
    JsonNode tomHealth = json(call("GET", "/api/device-health", tom, null));
    assertThat(tomHealth).hasSize(2);
    JsonNode e = tomHealth.get(0);
    assertThat(e.get("region").asText()).isEqualTo(east);
    assertThat(e.get("devices").asInt()).isEqualTo(8);
    assertThat(e.get("online").asInt()).isEqualTo(6);
    assertThat(e.get("onlineShare").asDouble()).isEqualTo(0.75); // 6 / 8
    assertThat(e.get("shareToday").asDouble()).isEqualTo(0.75); // 90 / 120
    assertThat(e.get("shareMonth").asDouble()).isCloseTo(0.694444, within(1e-6)); // 2000 / 2880
    JsonNode v = tomHealth.get(1);
    assertThat(v.get("region").asText()).isEqualTo(eastVillage);
    assertThat(v.get("shareToday").isNull()).isTrue(); // nothing expected yet
    assertThat(v.get("shareMonth").asDouble()).isEqualTo(1.0); // 10 of 8: at most 1
    assertThat(json(call("GET", "/api/device-health", otto, null)).toString()).contains(west).contains(east);
    assertThat(json(call("GET", "/api/device-health", wendy, null)).toString()).doesNotContain(east);
  }

  @Test
  void theRegionTreeFollowsANewerRegistryVersion() throws Exception {
    String moved = "alt_moved_" + run;
    job.publish("vigil/" + siteWest + "/alerts/yellow", alert(moved, siteWest, "yellow"), false);
    await().atMost(Duration.ofSeconds(10)).until(() -> ids(call("GET", "/api/alerts", vera, null)).contains(moved));
    assertThat(call("POST", "/api/alerts/" + moved + "/ack", tom, "{}").statusCode()).isEqualTo(403);
    // An invalid registry changes nothing; version 2 puts the west village under the east township.
    job.publish(registryTopic + "/it", "regions: [", true);
    job.publish(registryTopic + "/it", registry(2L, east), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> ids(call("GET", "/api/alerts", tom, null)).contains(moved));
    assertThat(json(call("GET", "/api/regions", tom, null)).get("version").asLong()).isEqualTo(2);
    assertThat(ids(call("GET", "/api/alerts", wendy, null))).doesNotContain(moved);
    // An older version published later does not take over.
    job.publish(registryTopic + "/older", registry(1L, west), true);
    Thread.sleep(1000);
    job.publish(registryTopic + "/older", "", true);
    assertThat(ids(call("GET", "/api/alerts", tom, null))).contains(moved);
    // Put it back for the other tests.
    job.publish(registryTopic + "/it", registry(3L, west), true);
    await().atMost(Duration.ofSeconds(10)).until(() -> !ids(call("GET", "/api/alerts", tom, null)).contains(moved));
  }

  @Test
  void meTellsTheRegion() throws Exception {
    JsonNode me = json(call("GET", "/api/me", tom, null));
    assertThat(me.get("region").asText()).isEqualTo(east);
    assertThat(json(call("GET", "/api/me", otto, null)).get("region").asText()).isEqualTo("*");
    JsonNode regions = json(call("GET", "/api/regions", tom, null));
    assertThat(regions.get("regions").toString()).contains(east).contains(eastVillage).doesNotContain(west);
  }

}
