package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.http.Json;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.warning.broadcast.Broadcaster;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.LoudspeakerFarm;

/**
 * From the console's warning form to the loudspeakers, on the real Mosquitto and InfluxDB: the console, the monitoring
 * job (MiniCluster) and loudspeaker controllers (HTTP servers on loopback that check every request's signature with
 * the broadcast secret). A township operator logs in and sends {@code POST /api/warnings} for a village of their
 * township as the browser does (session cookie, its own {@code Origin}, JSON); the job issues the CAP warning and the
 * village's three loudspeakers receive signed requests under their request ids; {@code /api/broadcasts} shows the
 * coverage reaching all three confirmed; the operator lifts it and the same three hear the {@code Cancel}. The other
 * township's operator is refused by the console (403); a request put on the control topic directly, naming an
 * operator region that does not contain the village, is refused by the job ({@code warning_request_refused}).
 */
class WarningToLoudspeakerIT {

  private static final String SECRET = WebhookSigner.generateSecret();
  private static final Duration LONG = Duration.ofSeconds(120); // a loaded machine: generous

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String county = "c-" + run;
  private final String east = "east-" + run;
  private final String west = "west-" + run;
  private final String village = "ev-" + run;
  private final String westVillage = "wv-" + run;
  private final String site = "wls" + run;
  private final String db = "it_warn_ls_" + run;
  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final String prefix = "it-warn-ls-" + run;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConsoleFixture console;
  private JobClient job;
  private LoudspeakerFarm farm;
  private MqttFeed feed;
  private Publisher forger;
  private InfluxClient influx;
  private final List<String> retainedTopics = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    if (console != null) {
      console.close();
    }
    if (job != null) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    if (forger != null) {
      for (String t : retainedTopics) {
        forger.publish(t, "", true);
      }
      forger.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (farm != null) {
      farm.close();
    }
    TestServices.removeMqttSessions(List.of(prefix + "-0", prefix + "-1", prefix + "-rules-0",
        prefix + "-registry-0", prefix + "-warning-requests-0", prefix + "-acks-0", prefix + "-silences-0"));
  }

  private String registry() {
    StringBuilder y = new StringBuilder("""
        regions:
          - {id: %s, level: county}
          - {id: %s, level: township, parent: %s}
          - {id: %s, level: township, parent: %s}
          - {id: %s, name: Upper Village, level: village, parent: %s}
          - {id: %s, name: West Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
        loudspeakers:
        """.formatted(county, east, county, west, county, village, east, westVillage, west, site, village));
    for (Loudspeaker l : farm.loudspeakers()) {
      y.append("  - {id: ").append(l.id()).append(", region: ").append(l.regionId()).append(", url: \"")
          .append(l.url()).append("\", language: zh-CN}\n");
    }
    return y.toString();
  }

  @Test
  void aWarningFromTheFormReachesTheVillagesLoudspeakersAndItsLiftToo() throws Exception {
    influx = TestInflux.client();
    database.setUp();
    Map<String, String> regionOf = new LinkedHashMap<>();
    regionOf.put("ls-e1", village);
    regionOf.put("ls-e2", village);
    regionOf.put("ls-e3", village);
    regionOf.put("ls-w1", westVillage);
    farm = new LoudspeakerFarm(regionOf, Map.of(), 20, 200, 2, new WebhookVerifier(List.of(SECRET)));
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, registry());
    String registryTopic = "it/" + run + "/registry";

    Map<String, String> settings = JobSettings.forTest(db, "warnls" + run, prefix, "", dir.resolve("checkpoints"));
    settings.putAll(TestRules.onlyRain1h(dir));
    settings.put("VIGIL_REGISTRY_FILE", reg.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", registryTopic);
    settings.put("VIGIL_WARNING_REQUESTS", Topics.WARNING_REQUESTS); // where the console sends them
    settings.put("VIGIL_BROADCAST_SECRET", SECRET);
    settings.put("VIGIL_BROADCAST_TIMEOUT", "5s");
    settings.put("VIGIL_BROADCAST_INITIAL_BACKOFF", "100ms");
    settings.put("VIGIL_BROADCAST_MAX_BACKOFF", "200ms");
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-warn-ls-observer-" + run);
    List<MqttFeed.Message> dead = feed.subscribeMessages(Topics.DEAD_LETTERS);
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get), List.of());
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(), "VIGIL_REGISTRY_TOPIC",
        registryTopic), List.of(new String[] {"tom", "operator", east}, new String[] {"wendy", "operator", west}));
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);

    // A request put on the control topic directly (a client holding some broker identity), naming an operator
    // region that does not contain the village: the job refuses it. Sent until the job's reader is subscribed,
    // which also tells when the console's requests will be heard.
    forger = new Publisher(TestServices.mqttUrl(), "it-warn-ls-forger-" + run);
    String forgedTopic = Topics.WARNING_REQUESTS + "/it-forger";
    int n = 0;
    long t0 = System.nanoTime();
    while (dead.stream().noneMatch(m -> m.payload().contains("forged-" + run))) {
      assertThat(System.nanoTime() - t0).as("the job heard a request within 120 s").isLessThan(LONG.toNanos());
      forger.publish(forgedTopic, "{\"request\":\"forged-" + run + "-" + n++ + "\",\"action\":\"issue\",\"region\":\""
          + village + "\",\"hazard\":\"landslide\",\"level\":\"red\",\"description\":\"\",\"operator\":\"wendy\","
          + "\"operatorRegion\":\"" + west + "\",\"requestedAtMs\":" + System.currentTimeMillis() + "}", false);
      Thread.sleep(1_000);
    }
    JsonNode refusal = Json.MAPPER.readTree(dead.stream().filter(m -> m.payload().contains("forged-" + run))
        .findFirst().orElseThrow().payload());
    assertThat(refusal.path("reason").asText()).isEqualTo("warning_request_refused");
    assertThat(refusal.path("detail").asText()).isEqualTo("region '" + village
        + "' is not inside the operator's region '" + west + "'");
    assertThat(refusal.path("topic").asText()).isEqualTo(forgedTopic);
    // One naming a region the registry does not have at all: refused too.
    forger.publish(forgedTopic, "{\"request\":\"nowhere-" + run + "\",\"action\":\"issue\",\"region\":\"" + village
        + "\",\"hazard\":\"flood\",\"level\":\"red\",\"description\":\"\",\"operator\":\"x\",\"operatorRegion\":"
        + "\"nowhere-" + run + "\",\"requestedAtMs\":" + System.currentTimeMillis() + "}", false);
    await().atMost(LONG).until(() -> dead.stream().anyMatch(m -> m.payload().contains("nowhere-" + run)));
    assertThat(Json.MAPPER.readTree(dead.stream().filter(m -> m.payload().contains("nowhere-" + run)).findFirst()
        .orElseThrow().payload()).path("detail").asText()).isEqualTo("the operator's region 'nowhere-" + run
        + "' is not a region of the registry in force");
    assertThat(farm.received("ls-e1")).as("nothing broadcast of the refused requests").isEmpty();

    // The browser: log in (session cookie), then the form's POST with the console's own Origin.
    String tom = browserLogin("tom");
    String wendy = browserLogin("wendy");
    String form = Json.MAPPER.createObjectNode().put("region", village).put("hazard", "landslide")
        .put("level", "orange").put("description", "cracks on the slope above the school").toString();
    HttpResponse<String> foreign = browserPost("/api/warnings", wendy, form, origin());
    assertThat(foreign.statusCode()).as(foreign.body()).isEqualTo(403);
    HttpResponse<String> crossSite = browserPost("/api/warnings", tom, form, "http://evil.example");
    assertThat(crossSite.statusCode()).as("another site's page, with tom's cookie").isEqualTo(403);
    HttpResponse<String> issued = browserPost("/api/warnings", tom, form, origin());
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(202);
    JsonNode request = Json.MAPPER.readTree(issued.body());
    assertThat(request.path("operator").asText()).isEqualTo("tom");
    assertThat(request.path("operatorRegion").asText()).isEqualTo(east);
    String incident = "manual_" + village + "_" + request.path("requestedAtMs").asLong() / 1000 + ".1";
    retainedTopics.add(Topics.broadcast(incident));
    retainedTopics.add(Topics.warning(incident));

    // The console shows the coverage reaching all three confirmed.
    JsonNode shown = await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(
        () -> coverage(tom, incident, "Alert"), c -> c.isPresent() && c.get().path("confirmed").asInt() == 3)
        .orElseThrow();
    assertThat(shown.path("targets").asInt()).isEqualTo(3);
    assertThat(shown.path("pending").asInt()).isZero();
    assertThat(shown.path("gaveUp").asInt()).isZero();
    assertThat(shown.path("level").asText()).isEqualTo("orange");
    // The village's loudspeakers, once each, signed, under their request ids; the west village's none.
    for (String id : List.of("ls-e1", "ls-e2", "ls-e3")) {
      List<LoudspeakerFarm.Received> got = farm.received(id);
      assertThat(got).as(id).hasSize(1).allMatch(LoudspeakerFarm.Received::verified);
      assertThat(got.get(0).webhookId()).isEqualTo(Broadcaster.requestId(incident, id));
      JsonNode body = Json.MAPPER.readTree(got.get(0).body());
      assertThat(body.path("msgType").asText()).isEqualTo("Alert");
      assertThat(body.path("identifier").asText()).isEqualTo(incident);
      assertThat(body.path("text").asText()).contains("Upper Village");
    }
    assertThat(farm.received("ls-w1")).isEmpty();
    // The other township's operator does not see it.
    assertThat(Json.MAPPER.readTree(browserGet("/api/broadcasts", wendy).body()).toString()).doesNotContain(incident);

    // The lift: refused to the other township, carried out for tom; the Cancel reaches the same three.
    String lift = "{\"description\":\"slope inspected, safe\"}";
    assertThat(browserPost("/api/warnings/" + incident + "/lift", wendy, lift, origin()).statusCode()).isEqualTo(403);
    HttpResponse<String> lifted = browserPost("/api/warnings/" + incident + "/lift", tom, lift, origin());
    assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(202);
    String cancel = "manual_" + village + "_" + request.path("requestedAtMs").asLong() / 1000 + ".2";
    JsonNode cancelled = await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(
        () -> coverage(tom, incident, "Cancel"), c -> c.isPresent() && c.get().path("confirmed").asInt() == 3)
        .orElseThrow();
    assertThat(cancelled.path("targets").asInt()).isEqualTo(3);
    assertThat(cancelled.path("identifier").asText()).isEqualTo(cancel);
    for (String id : List.of("ls-e1", "ls-e2", "ls-e3")) {
      List<LoudspeakerFarm.Received> got = farm.received(id);
      assertThat(got).as(id).hasSize(2).allMatch(LoudspeakerFarm.Received::verified);
      assertThat(got.get(1).webhookId()).isEqualTo(Broadcaster.requestId(cancel, id));
      assertThat(Json.MAPPER.readTree(got.get(1).body()).path("msgType").asText()).isEqualTo("Cancel");
    }
    assertThat(farm.received("ls-w1")).isEmpty();
    // The history keeps it: three confirmed deliveries of each message.
    String rows = " FROM broadcast_deliveries WHERE incident = '" + incident + "' AND status = 'confirmed'";
    await().atMost(LONG).until(() -> influx.count(db, "SELECT count(attempts)" + rows) == 6);
    assertThat(influx.count(db, "SELECT count(attempts)" + rows + " AND identifier = '" + cancel + "'")).isEqualTo(3);
  }

  /** The coverage of the incident as {@code /api/broadcasts} shows it to the user, when it is of that type. */
  private Optional<JsonNode> coverage(String cookie, String incident, String msgType) throws Exception {
    HttpResponse<String> r = browserGet("/api/broadcasts", cookie);
    if (r.statusCode() != 200) {
      return Optional.empty();
    }
    for (JsonNode c : Json.MAPPER.readTree(r.body())) {
      if (c.path("incident").asText().equals(incident) && c.path("msgType").asText().equals(msgType)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private String origin() {
    URI u = console.url("/");
    return u.getScheme() + "://" + u.getHost() + ":" + u.getPort();
  }

  /** Logs in as the page does; returns the session cookie ({@code name=value}). */
  private String browserLogin(String user) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(console.url("/api/login"))
        .header("Content-Type", "application/json").header("Origin", origin())
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\"" + user + "-pw\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(set).contains("HttpOnly").contains("SameSite=Strict");
    return set.substring(0, set.indexOf(';'));
  }

  private HttpResponse<String> browserPost(String path, String cookie, String json, String origin) throws Exception {
    return http.send(HttpRequest.newBuilder(console.url(path)).timeout(Duration.ofSeconds(60))
        .header("Cookie", cookie).header("Origin", origin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> browserGet(String path, String cookie) throws Exception {
    return http.send(HttpRequest.newBuilder(console.url(path)).timeout(Duration.ofSeconds(60))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
