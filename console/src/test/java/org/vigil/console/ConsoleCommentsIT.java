package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.http.Json;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;

/**
 * Comments on alerts outlive the console: made through the API on the real Mosquitto and InfluxDB, stored in
 * InfluxDB's {@code alert_comments}, and after the console is stopped and a new one started on the same database
 * they are shown again, as written (markup, quotes, backslashes and line breaks), newest first, to the users who
 * answer for the alert's site only, although the alert itself is no longer in the new console's feed.
 */
class ConsoleCommentsIT {

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String county = "county-" + run;
  private final String east = "east-" + run;
  private final String west = "west-" + run;
  private final String eastVillage = "east-v-" + run;
  private final String westVillage = "west-v-" + run;
  private final String siteEast = "cmte" + run;
  private final String siteWest = "cmtw" + run;
  private final String db = "it_console_comments_" + run;
  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private ConsoleFixture console;
  private InfluxClient influx;
  private Publisher job;

  @AfterEach
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
    if (job != null) {
      job.close();
    }
  }

  private String registry() {
    return """
        regions:
          - {id: %s, level: county}
          - {id: %s, level: township, parent: %s}
          - {id: %s, level: township, parent: %s}
          - {id: %s, level: village, parent: %s}
          - {id: %s, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 10s}
          - id: %s
            region: %s
            location: {lat: 30.85, lon: 103.52}
            devices:
              - {id: rg-1, kind: rain, interval: 10s}
        """.formatted(county, east, county, west, county, eastVillage, east, westVillage, west, siteEast,
        eastVillage, siteWest, westVillage);
  }

  private ConsoleFixture startConsole(Path reg) throws Exception {
    ConsoleFixture c = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(),
        "VIGIL_REGISTRY_TOPIC", "vigil/config/registry-it" + run), List.of(new String[] {"tom", "operator", east},
        new String[] {"wendy", "operator", west}));
    await().atMost(Duration.ofSeconds(15)).until(c.server::mqttConnected);
    return c;
  }

  private static String alert(String id, String site) {
    return "{\"id\":\"" + id + "\",\"rule\":\"rain-1h\",\"site\":\"" + site + "\",\"subject\":\"" + site
        + "/rain/rg-1\",\"level\":\"orange\",\"previousLevel\":\"none\",\"state\":\"opened\",\"value\":31.5,"
        + "\"threshold\":30.0,\"startedAt\":\"2026-11-29T08:00:00.000Z\",\"updatedAt\":\"2026-11-29T08:10:00.000Z\","
        + "\"message\":\"rain\",\"details\":{},\"forecastFailureAt\":null}";
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return Json.MAPPER.readTree(r.body());
  }

  @Test
  void commentsAreStoredAndShownAgainByTheNextConsoleToThoseWhoAnswerForTheSite() throws Exception {
    influx = TestInflux.client();
    database.setUp();
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, registry());
    console = startConsole(reg);
    job = new Publisher(TestServices.mqttUrl(), "it-console-comments-job-" + run);
    String mine = "alt_cmt_e_" + run;
    String theirs = "alt_cmt_w_" + run;
    job.publish("vigil/" + siteEast + "/alerts/orange", alert(mine, siteEast), false);
    job.publish("vigil/" + siteWest + "/alerts/orange", alert(theirs, siteWest), false);
    String otto = console.login(ConsoleFixture.OPERATOR);
    await().atMost(Duration.ofSeconds(15)).until(() -> console.call("GET", "/api/alerts", otto, null).body()
        .contains(theirs) && console.call("GET", "/api/alerts", otto, null).body().contains(mine));
    String tom = console.login("tom");
    String wendy = console.login("wendy");

    String markup = "<img src=x onerror=alert(1)> \"quoted\" back\\slash\nsecond line";
    List<String> written = List.of("road closed", markup, "crew at the slope");
    for (String text : written) {
      HttpResponse<String> r = console.call("POST", "/api/alerts/" + mine + "/comment", tom,
          Json.MAPPER.createObjectNode().put("comment", text).toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    assertThat(console.call("POST", "/api/alerts/" + theirs + "/comment", wendy, "{\"comment\":\"sandbags\"}")
        .statusCode()).isEqualTo(201);
    // The limits as before: 500 characters, only in one's own region; neither is stored.
    assertThat(console.call("POST", "/api/alerts/" + mine + "/comment", tom,
        "{\"comment\":\"" + "x".repeat(501) + "\"}").statusCode()).isEqualTo(400);
    assertThat(console.call("POST", "/api/alerts/" + theirs + "/comment", tom, "{\"comment\":\"mine?\"}")
        .statusCode()).isEqualTo(403);
    String before = console.call("GET", "/api/alerts/" + mine + "/comments", tom, null).body();
    assertThat(json(console.call("GET", "/api/alerts/" + mine + "/comments", tom, null)))
        .extracting(c -> c.get("comment").asText()).containsExactly("crew at the slope", markup, "road closed");

    // In InfluxDB: one point per comment with the site's region; the refused ones not.
    String where = " FROM alert_comments WHERE alert_id = '" + mine + "'";
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, "SELECT count(\"text\")" + where) == 3);
    assertThat(influx.count(db, "SELECT count(\"text\")" + where + " AND region = '" + eastVillage + "' AND site = '"
        + siteEast + "'")).isEqualTo(3);
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
        "SELECT count(\"text\") FROM alert_comments WHERE alert_id = '" + theirs + "'") == 1);
    assertThat(influx.count(db, "SELECT count(\"text\") FROM alert_comments")).isEqualTo(4);

    // A new console on the same database: the alerts are not in its feed, their comments are back.
    console.close();
    console = startConsole(reg);
    tom = console.login("tom");
    wendy = console.login("wendy");
    String vera = console.login(ConsoleFixture.VIEWER);
    assertThat(console.call("GET", "/api/alerts", vera, null).body()).doesNotContain(mine);
    HttpResponse<String> after = console.call("GET", "/api/alerts/" + mine + "/comments", tom, null);
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    assertThat(json(after)).as("the same JSON as before the restart").isEqualTo(Json.MAPPER.readTree(before));
    assertThat(json(after).get(1).get("comment").asText()).isEqualTo(markup);
    assertThat(json(after).get(0).get("by").asText()).isEqualTo("tom");
    assertThat(json(console.call("GET", "/api/alerts/" + theirs + "/comments", vera, null)))
        .extracting(c -> c.get("comment").asText()).containsExactly("sandbags");
    // Scoped by region as before: the other township's operator is refused either alert's comments.
    assertThat(console.call("GET", "/api/alerts/" + mine + "/comments", wendy, null).statusCode()).isEqualTo(403);
    assertThat(console.call("GET", "/api/alerts/" + theirs + "/comments", tom, null).statusCode()).isEqualTo(403);
    assertThat(console.call("GET", "/api/alerts/alt_none_" + run + "/comments", tom, null).statusCode())
        .isEqualTo(404);

    // Commenting on goes on once the alert is in the feed again; the list keeps the stored ones beneath.
    job.publish("vigil/" + siteEast + "/alerts/orange", alert(mine, siteEast), false);
    String t = tom;
    await().atMost(Duration.ofSeconds(15)).until(() -> console.call("GET", "/api/alerts", t, null).body()
        .contains(mine));
    assertThat(console.call("POST", "/api/alerts/" + mine + "/comment", tom, "{\"comment\":\"slope quiet\"}")
        .statusCode()).isEqualTo(201);
    List<String> texts = new ArrayList<>();
    json(console.call("GET", "/api/alerts/" + mine + "/comments", tom, null)).forEach(c -> texts.add(
        c.get("comment").asText()));
    assertThat(texts).containsExactly("slope quiet", "crew at the slope", markup, "road closed");
  }
}
