package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.cli.launcher.ModeSwitcher;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.http.Json;
import org.vigil.console.modes.ApiModeSwitcher;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.testing.MqttFeed;

/**
 * Command modes through the console's HTTP API against the real Mosquitto and InfluxDB: a county with two
 * townships, a village in each. GET /api/modes lists the user's regions with their own and effective modes and the
 * ones the user may switch; POST /api/modes sends a township operator's switch of its own township to the job, audited;
 * another township's is refused with 403 (audited with both regions), a viewer's too, a bad mode and an empty reason
 * with 400. The job's retained mode (published here as the job would) reaches GET /api/modes and the live stream as
 * events "mode" for the township and the village below it, only to the users whose region they lie in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleModesIT {

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String county = "mcounty-" + run;
  private final String east = "meast-" + run;
  private final String west = "mwest-" + run;
  private final String eastVillage = "meast-v-" + run;
  private final String westVillage = "mwest-v-" + run;
  private final String db = "it_console_modes_" + run;
  /** Dropped after all the tests. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private ConsoleFixture console;
  private InfluxClient influx;
  private Publisher job;
  private MqttFeed feed;
  private String tom;
  private String wendy;
  private String vera;

  @BeforeAll
  void start() throws Exception {
    influx = TestInflux.client();
    database.setUp();
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, """
        author: it
        regions:
          - {id: %s, name: Hill County, level: county}
          - {id: %s, name: East Township, level: township, parent: %s}
          - {id: %s, name: West Township, level: township, parent: %s}
          - {id: %s, name: East Village, level: village, parent: %s}
          - {id: %s, name: West Village, level: village, parent: %s}
        sites:
          - {id: mode-e-%s, region: %s, location: {lat: 30.88, lon: 103.47}, tags: [tourist]}
          - {id: mode-w-%s, region: %s, location: {lat: 30.85, lon: 103.52}}
        """.formatted(county, east, county, west, county, eastVillage, east, westVillage, west, run, eastVillage,
        run, westVillage));
    // A rules topic of its own, with nothing retained: the rules in force are the shipped ones (the jar's).
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(),
        "VIGIL_REGISTRY_TOPIC", "vigil/config/registry-modes-it" + run,
        "VIGIL_RULES_TOPIC", "vigil/config/rules-modes-it" + run), List.of(
            new String[] {"tom", "operator", east}, new String[] {"wendy", "operator", west}));
    job = new Publisher(TestServices.mqttUrl(), "it-console-modes-job-" + run);
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-console-modes-feed-" + run);
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
    tom = console.login("tom");
    wendy = console.login("wendy");
    vera = console.login(ConsoleFixture.VIEWER);
  }

  @AfterAll
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
    if (job != null) {
      job.publish(Topics.mode(east), "", true);
      job.publish(Topics.mode(west), "", true);
      job.close();
    }
    if (feed != null) {
      feed.close();
    }
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(field == null ? n.asText() : n.get(field).asText()));
    return out;
  }

  @Test
  @Order(1)
  void aTownshipOperatorSwitchesItsOwnTownshipOnlyAndEveryConsoleShowsTheModeOfItsRegions() throws Exception {
    // Before any switch: every region daily, without a mode of its own.
    JsonNode mine = json(console.call("GET", "/api/modes", tom, null));
    assertThat(texts(mine.get("modes"), "region")).containsExactly(east, eastVillage);
    assertThat(texts(mine.get("canSwitch"), null)).containsExactly(east, eastVillage);
    JsonNode first = mine.get("modes").get(0);
    assertThat(first.get("name").asText()).isEqualTo("East Township");
    assertThat(first.get("level").asText()).isEqualTo("township");
    assertThat(first.get("parent").asText()).isEqualTo(county);
    assertThat(first.get("mode").isNull()).isTrue();
    assertThat(first.get("effective").asText()).isEqualTo("daily");
    JsonNode all = json(console.call("GET", "/api/modes", vera, null));
    assertThat(texts(all.get("modes"), "region")).containsExactly(county, east, west, eastVillage, westVillage);
    assertThat(all.get("modes").get(0).get("parent").isNull()).isTrue();
    assertThat(all.get("canSwitch")).isEmpty(); // a viewer switches nothing

    // Refusals: another township (403, audited with both regions), a viewer (403), a bad mode or no reason (400).
    HttpResponse<String> theirs = console.call("POST", "/api/modes", tom,
        "{\"region\":\"" + west + "\",\"mode\":\"holiday\",\"reason\":\"festival\"}");
    assertThat(theirs.statusCode()).as(theirs.body()).isEqualTo(403);
    assertThat(json(theirs).get("error").asText()).contains("answers for region " + east).contains(west);
    assertThat(console.call("POST", "/api/modes", vera,
        "{\"region\":\"" + east + "\",\"mode\":\"holiday\",\"reason\":\"festival\"}").statusCode()).isEqualTo(403);
    assertThat(console.call("POST", "/api/modes", tom,
        "{\"region\":\"" + east + "\",\"mode\":\"festive\",\"reason\":\"festival\"}").statusCode()).isEqualTo(400);
    assertThat(console.call("POST", "/api/modes", tom,
        "{\"region\":\"" + east + "\",\"mode\":\"holiday\",\"reason\":\" \"}").statusCode()).isEqualTo(400);
    assertThat(console.call("POST", "/api/modes", tom, "{\"region\":\"" + east + "\",\"mode\":\"holiday\","
        + "\"reason\":\"" + "x".repeat(201) + "\"}").statusCode()).isEqualTo(400);

    // Another origin is refused before anything is read, as for every other form.
    HttpResponse<String> cross = HttpClient.newHttpClient().send(HttpRequest.newBuilder(console.url("/api/modes"))
        .header("Authorization", "Bearer " + tom).header("Origin", "http://evil.example")
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"region\":\"" + east + "\",\"mode\":\"holiday\",\"reason\":\"festival\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(cross.statusCode()).isEqualTo(403);

    // The switch of his own township: 202 with the request, sent to the job under the console's identity.
    List<MqttFeed.Message> requests = feed.subscribeMessages(Topics.MODE_REQUESTS + "/#");
    Thread.sleep(300); // the subscription is granted
    HttpResponse<String> ok = console.call("POST", "/api/modes", tom,
        "{\"region\":\"" + east + "\",\"mode\":\"holiday\",\"reason\":\"lantern festival\"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
    String request = json(ok).get("request").asText();
    await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
    MqttFeed.Message sent = requests.get(0);
    // Under the console's MQTT identity (one topic level; anonymous on this test broker without security).
    assertThat(sent.topic()).matches(Topics.MODE_REQUESTS + "/[^/]+");
    JsonNode req = Json.MAPPER.readTree(sent.payload());
    assertThat(req.get("request").asText()).isEqualTo(request);
    assertThat(req.get("region").asText()).isEqualTo(east);
    assertThat(req.get("mode").asText()).isEqualTo("holiday");
    assertThat(req.get("reason").asText()).isEqualTo("lantern festival");
    assertThat(req.get("operator").asText()).isEqualTo("tom");
    assertThat(req.get("operatorRegion").asText()).isEqualTo(east);
    assertThat(req.get("requestedAtMs").asLong()).isPositive();
    assertThat(requests).hasSize(1); // the refused ones were never sent

    // Audited: the switch (ok) and the refusal with both regions.
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db, "SELECT count(detail) FROM console_audit"
        + " WHERE action = 'mode.switch' AND outcome = 'ok' AND \"user\" = 'tom' AND target = '" + request + "'")
        == 1);
    assertThat(influx.count(db, "SELECT count(detail) FROM console_audit WHERE action = 'mode.switch' AND"
        + " outcome = 'refused' AND \"user\" = 'tom' AND region = '" + east + "' AND target_region = '" + west + "'"))
        .isEqualTo(1);

    // The live streams of both township operators; then the job's retained mode of East Township.
    List<String> tomsEvents = stream(tom);
    List<String> wendysEvents = stream(wendy);
    Thread.sleep(500);
    job.publish(Topics.mode(east), "{\"region\":\"" + east + "\",\"mode\":\"holiday\",\"setBy\":\"tom\","
        + "\"setAtMs\":1795852800000,\"reason\":\"lantern festival\",\"request\":\"" + request + "\"}", true);
    await().atMost(Duration.ofSeconds(10)).until(() -> modeEvents(tomsEvents).size() >= 2);
    List<JsonNode> events = modeEvents(tomsEvents);
    assertThat(texts(Json.MAPPER.valueToTree(events), "region")).containsExactlyInAnyOrder(east, eastVillage);
    JsonNode township = events.stream().filter(e -> e.get("region").asText().equals(east)).findFirst().orElseThrow();
    assertThat(township.get("mode").asText()).isEqualTo("holiday");
    assertThat(township.get("effective").asText()).isEqualTo("holiday");
    assertThat(township.get("setBy").asText()).isEqualTo("tom");
    assertThat(township.get("setAtMs").asLong()).isEqualTo(1_795_852_800_000L);
    assertThat(township.get("reason").asText()).isEqualTo("lantern festival");
    JsonNode village = events.stream().filter(e -> e.get("region").asText().equals(eastVillage)).findFirst()
        .orElseThrow();
    assertThat(village.get("mode").isNull()).isTrue(); // inherited
    assertThat(village.get("effective").asText()).isEqualTo("holiday");
    // West's operator heard nothing of it (give it the same time).
    Thread.sleep(500);
    assertThat(modeEvents(wendysEvents)).isEmpty();

    JsonNode after = json(console.call("GET", "/api/modes", vera, null));
    for (JsonNode e : after.get("modes")) {
      String r = e.get("region").asText();
      assertThat(e.get("effective").asText()).as(r)
          .isEqualTo(r.equals(east) || r.equals(eastVillage) ? "holiday" : "daily");
    }
  }

  /**
   * The switch {@code ./vigil run} scripts ({@code --holiday-at}) is a user's: a login, then POST /api/modes with the
   * console's own Origin and the session cookie, audited under the user's name with the reason; it waits for the
   * job's retained mode (published here as the job would, once the request arrives) and reads what the mode changes
   * at a tourist site from the rules in force (the shipped ones).
   */
  @Test
  @Order(2)
  void theDemosScriptedSwitchIsMadeThroughTheApiAsItsUserAndWaitsForTheJob() throws Exception {
    List<MqttFeed.Message> requests = feed.subscribeMessages(Topics.MODE_REQUESTS + "/#");
    Thread.sleep(300); // the subscription is granted
    long[] setAt = new long[1];
    Thread theJob = new Thread(() -> {
      try {
        await().atMost(Duration.ofSeconds(20)).until(() -> requests.stream().anyMatch(m -> m.payload().contains(west)));
        JsonNode req = Json.MAPPER.readTree(requests.stream().filter(m -> m.payload().contains(west)).findFirst()
            .orElseThrow().payload());
        Thread.sleep(700); // the job takes a moment: the switcher waits for it
        setAt[0] = System.currentTimeMillis();
        job.publish(Topics.mode(west), "{\"region\":\"" + west + "\",\"mode\":\"holiday\",\"setBy\":\""
            + req.get("operator").asText() + "\",\"setAtMs\":" + setAt[0] + ",\"reason\":"
            + req.get("reason").toString() + ",\"request\":\"" + req.get("request").asText() + "\"}", true);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    theJob.start();
    long before = System.currentTimeMillis();
    String reason = "demo: ./vigil run's scripted holiday switch";
    ModeSwitcher.Switched s = new ApiModeSwitcher(console.server::url, "wendy", "wendy-pw", Duration.ofSeconds(20))
        .switchMode(west, "holiday", reason, List.of("tourist"));
    theJob.join(5_000);

    assertThat(s.user()).isEqualTo("wendy");
    assertThat(s.before()).isEqualTo("daily");
    assertThat(s.requestedAtMs()).isBetween(before, System.currentTimeMillis());
    assertThat(s.acceptedAtMs()).isEqualTo(setAt[0]);
    // infra/rules/default.yaml: modes.holiday.rules.crowd-density where tags [tourist], and the rule's own levels.
    assertThat(s.changes()).isEqualTo("crowd-density at [tourist]: yellow 0.8/0.7, orange 1.5/1.3, red 3/2.6"
        + " (daily yellow 1.08/0.9, orange 2.17/1.8, red 4/3.5)");
    JsonNode req = Json.MAPPER.readTree(requests.stream().filter(m -> m.payload().contains(west)).findFirst()
        .orElseThrow().payload());
    assertThat(req.get("operator").asText()).isEqualTo("wendy");
    assertThat(req.get("operatorRegion").asText()).isEqualTo(west);
    assertThat(req.get("mode").asText()).isEqualTo("holiday");
    assertThat(req.get("reason").asText()).isEqualTo(reason);
    // Audited as the user: the login, the switch with its reason (daily before), the logout.
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db, "SELECT count(detail) FROM console_audit"
        + " WHERE action = 'mode.switch' AND outcome = 'ok' AND \"user\" = 'wendy' AND target = '"
        + req.get("request").asText() + "' AND detail = 'daily -> holiday: " + reason.replace("'", "\\'") + "'")
        == 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db, "SELECT count(remote) FROM console_audit"
        + " WHERE action = 'login' AND outcome = 'ok' AND \"user\" = 'wendy' AND time >= " + before + "ms") == 1
        && influx.count(db, "SELECT count(remote) FROM console_audit WHERE action = 'logout' AND \"user\" = 'wendy'"
        + " AND time >= " + before + "ms") == 1);

    // A region not the user's: refused by the console (403), which the switcher reports.
    assertThatThrownBy(() -> new ApiModeSwitcher(console.server::url, "wendy", "wendy-pw", Duration.ofSeconds(1))
        .switchMode(east, "holiday", reason, List.of())).hasMessageContaining("POST /api/modes as wendy: 403");
  }

  /** The event lines of a user's live stream, read in the background. */
  private List<String> stream(String token) throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest req = HttpRequest.newBuilder(console.url("/api/events")).header("Accept", "text/event-stream")
        .header("Authorization", "Bearer " + token).build();
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
    return lines;
  }

  /** The data of the "mode" events among the lines. */
  private static List<JsonNode> modeEvents(List<String> lines) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    List<String> copy = List.copyOf(lines);
    for (int i = 0; i + 1 < copy.size(); i++) {
      if (copy.get(i).equals("event: mode")) {
        for (int j = i + 1; j < copy.size() && !copy.get(j).isEmpty(); j++) {
          if (copy.get(j).startsWith("data: ")) {
            out.add(Json.MAPPER.readTree(copy.get(j).substring(6)));
          }
        }
      }
    }
    return out;
  }
}
