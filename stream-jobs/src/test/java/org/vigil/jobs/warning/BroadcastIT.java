package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.core.topics.Topics;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;
import org.vigil.warning.broadcast.Broadcaster;
import org.vigil.warning.broadcast.Loudspeaker;
import org.vigil.warning.broadcast.LoudspeakerFarm;
import org.vigil.warning.broadcast.LoudspeakerFarm.Behaviour;

/**
 * The broadcast on real services (MiniCluster at parallelism 2, real Mosquitto and InfluxDB, loudspeaker controllers
 * as HTTP servers on loopback, two of them answering 503): a red rain alert's warning reaches its township's
 * loudspeakers and its retained coverage and InfluxDB history match, figure for figure, what the controllers
 * received; a warning issued by hand is broadcast and lifted; a request for a region outside the operator's is
 * dead-lettered.
 */
class BroadcastIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = WebhookSigner.generateSecret();
  private static final Duration LONG = Duration.ofSeconds(120); // a loaded machine: generous

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "bc" + run;
  private final String requests = "it/" + run + "/warning";
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String village = "v1-" + run;
  private final String sibling = "v2-" + run;
  private final String otherTownship = "t2-" + run;
  private final String farVillage = "v3-" + run;

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private LoudspeakerFarm farm;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("broadcast", run);
    influx = job.influx();
    db = job.db();
    Map<String, String> regionOf = new LinkedHashMap<>();
    for (String id : List.of("ls-a1", "ls-a2", "ls-a3", "ls-a4")) {
      regionOf.put(id, village);
    }
    regionOf.put("ls-t1", township);
    regionOf.put("ls-b1", sibling);
    regionOf.put("ls-b2", sibling);
    regionOf.put("ls-c1", farVillage);
    farm = job.closeAfter(new LoudspeakerFarm(regionOf, Map.of("ls-a3", Behaviour.FAILING, "ls-b2",
        Behaviour.FAILING), 20, 200, 3, new WebhookVerifier(List.of(SECRET))));
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  private String registry() {
    StringBuilder y = new StringBuilder("""
        regions:
          - {id: %s, level: county}
          - {id: %s, level: township, parent: %s}
          - {id: %s, name: Upper Village, level: village, parent: %s}
          - {id: %s, level: village, parent: %s}
          - {id: %s, level: township, parent: %s}
          - {id: %s, name: Far Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
        loudspeakers:
        """.formatted(county, township, county, village, township, sibling, township, otherTownship, county,
        farVillage, otherTownship, site, village));
    for (Loudspeaker l : farm.loudspeakers()) {
      y.append("  - {id: ").append(l.id()).append(", region: ").append(l.regionId()).append(", url: \"")
          .append(l.url()).append("\", language: zh-CN}\n");
    }
    return y.toString();
  }

  @Test
  void warningsReachTheirLoudspeakersAndTheCoverageIsWhatTheyReceived() throws Exception {
    Path file = work.resolve("registry.yaml");
    Files.writeString(file, registry());
    Map<String, String> settings = job.settings("", work.resolve("checkpoints"));
    settings.putAll(TestRules.onlyRain1h(work));
    settings.put("VIGIL_REGISTRY_FILE", file.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", "it/" + run + "/registry");
    settings.put("VIGIL_WARNING_REQUESTS", requests);
    settings.put("VIGIL_BROADCAST_SECRET", SECRET);
    settings.put("VIGIL_BROADCAST_TIMEOUT", "5s");
    settings.put("VIGIL_BROADCAST_MAX_ATTEMPTS", "2");
    settings.put("VIGIL_BROADCAST_INITIAL_BACKOFF", "100ms");
    settings.put("VIGIL_BROADCAST_MAX_BACKOFF", "200ms");
    List<MqttFeed.Message> coverage = job.feed().subscribeMessages(Topics.BROADCAST_FILTER);
    List<MqttFeed.Message> dead = job.feed().subscribeMessages(Topics.DEAD_LETTERS);
    List<String> alerts = job.feed().subscribe("vigil/" + site + "/alerts/#");
    job.start(settings, List.of());

    // 60 mm in one report: rain_1h = 60, red (raise 50): a red warning for the village, reaching its township.
    long now = System.currentTimeMillis();
    job.publishUntil("vigil/" + site + "/rain/rg-1/data", i -> "{\"ts\": " + now + ", \"values\": {\"rain_mm\": 60}}",
        () -> !alerts.isEmpty(), LONG);
    JsonNode red = await().atMost(LONG).until(() -> latest(coverage, township, "Alert"),
        c -> c.isPresent() && c.get().path("pending").asInt() == 0).orElseThrow();
    String incident = red.path("incident").asText();
    job.clearOnClose(Topics.broadcast(incident));
    job.clearOnClose(Topics.warning(incident));
    // By hand: the township's 7 loudspeakers (4 in the village, 2 in its sibling, 1 of the township); ls-a3 and
    // ls-b2 answer 503 to both attempts; ls-c1 is in the other township.
    List<String> reached = List.of("ls-a1", "ls-a2", "ls-a3", "ls-a4", "ls-t1", "ls-b1", "ls-b2");
    assertThat(red.path("level").asText()).isEqualTo("red");
    assertThat(red.path("targets").asInt()).isEqualTo(7);
    assertThat(red.path("confirmed").asInt()).isEqualTo(5);
    assertThat(red.path("gaveUp").asInt()).isEqualTo(2);
    assertThat(red.path("superseded").asInt()).isZero();
    assertThat(red.path("byRegion").path(village).path("confirmed").asInt()).isEqualTo(3);
    assertThat(red.path("byRegion").path(village).path("gaveUp").asInt()).isEqualTo(1);
    assertThat(red.path("byRegion").path(sibling).path("targets").asInt()).isEqualTo(2);
    assertThat(red.path("failures").findValuesAsText("loudspeaker")).containsExactly("ls-a3", "ls-b2");
    // The same figures from the controllers' side: every verified request under the message's request id.
    int confirmedByServers = 0;
    for (String id : reached) {
      List<LoudspeakerFarm.Received> got = farm.received(id).stream()
          .filter(r -> r.webhookId().equals(Broadcaster.requestId(incident, id))).toList();
      assertThat(got).as(id).isNotEmpty().allMatch(LoudspeakerFarm.Received::verified);
      if (id.equals("ls-a3") || id.equals("ls-b2")) {
        assertThat(got).as(id + ": both attempts").hasSize(2);
      } else {
        assertThat(got).as(id + ": played once").hasSize(1);
        confirmedByServers++;
      }
    }
    assertThat(confirmedByServers).isEqualTo(red.path("confirmed").asInt());
    assertThat(farm.received("ls-c1")).isEmpty();
    String rows = " FROM broadcast_deliveries WHERE incident = '" + incident + "'";
    await().atMost(LONG).until(() -> influx.count(db, "SELECT count(attempts)" + rows + " AND status = 'confirmed'")
        == 5 && influx.count(db, "SELECT count(attempts)" + rows + " AND status = 'gave_up'") == 2);
    assertThat(influx.count(db, "SELECT count(attempts)" + rows + " AND status = 'failed'")).isEqualTo(2);
    await().atMost(LONG).until(() -> influx.count(db, "SELECT last(confirmed) FROM broadcast_coverage WHERE incident"
        + " = '" + incident + "'") == 5);
    assertThat(influx.count(db, "SELECT count(targets) FROM broadcast_coverage WHERE incident = '" + incident + "'"))
        .isGreaterThanOrEqualTo(2); // at the start and at the end at least

    // A warning issued by hand for the far village by a county operator: broadcast to its one loudspeaker.
    long asked = System.currentTimeMillis();
    request("{\"request\":\"req-1-" + run + "\",\"action\":\"issue\",\"region\":\"" + farVillage + "\",\"hazard\":"
        + "\"flood\",\"level\":\"orange\",\"description\":\"spillway opened\",\"operator\":\"maria\","
        + "\"operatorRegion\":\"" + county + "\",\"requestedAtMs\":" + asked + "}");
    // The same request again (at least once): one warning. And one outside the operator's township: refused.
    request("{\"request\":\"req-1-" + run + "\",\"action\":\"issue\",\"region\":\"" + farVillage + "\",\"hazard\":"
        + "\"flood\",\"level\":\"orange\",\"description\":\"spillway opened\",\"operator\":\"maria\","
        + "\"operatorRegion\":\"" + county + "\",\"requestedAtMs\":" + asked + "}");
    request("{\"request\":\"req-2-" + run + "\",\"action\":\"issue\",\"region\":\"" + farVillage + "\",\"hazard\":"
        + "\"landslide\",\"level\":\"red\",\"description\":\"\",\"operator\":\"li\",\"operatorRegion\":\"" + township
        + "\",\"requestedAtMs\":" + asked + "}");
    String manual = "manual_" + farVillage + "_" + asked / 1000 + ".1";
    job.clearOnClose(Topics.broadcast(manual));
    job.clearOnClose(Topics.warning(manual));
    JsonNode byHand = await().atMost(LONG).until(() -> latest(coverage, farVillage, "Alert"),
        c -> c.isPresent() && c.get().path("pending").asInt() == 0).orElseThrow();
    assertThat(byHand.path("incident").asText()).isEqualTo(manual);
    assertThat(byHand.path("level").asText()).isEqualTo("orange");
    assertThat(byHand.path("targets").asInt()).isEqualTo(1);
    assertThat(byHand.path("confirmed").asInt()).isEqualTo(1);
    assertThat(farm.received("ls-c1")).hasSize(1);
    assertThat(JSON.readTree(farm.received("ls-c1").get(0).body()).path("text").asText()).contains("Far Village");
    JsonNode refused = JSON.readTree(MqttFeed.awaitFirst(dead, m -> m.payload().contains("req-2-" + run), LONG)
        .payload());
    assertThat(refused.path("reason").asText()).isEqualTo("warning_request_refused");
    assertThat(refused.path("detail").asText()).isEqualTo("region '" + farVillage
        + "' is not inside the operator's region '" + township + "'");
    assertThat(refused.path("topic").asText()).isEqualTo(requests + "/it-console");

    // Lifted by hand: the cancel reaches the loudspeaker told.
    request("{\"request\":\"req-3-" + run + "\",\"action\":\"lift\",\"incident\":\"" + manual + "\",\"description\":"
        + "\"water receding\",\"operator\":\"maria\",\"operatorRegion\":\"" + county + "\",\"requestedAtMs\":"
        + (asked + 1_000) + "}");
    JsonNode lifted = await().atMost(LONG).until(() -> latest(coverage, farVillage, "Cancel"),
        c -> c.isPresent() && c.get().path("pending").asInt() == 0).orElseThrow();
    assertThat(lifted.path("identifier").asText()).isEqualTo("manual_" + farVillage + "_" + asked / 1000 + ".2");
    assertThat(lifted.path("confirmed").asInt()).isEqualTo(1);
    assertThat(farm.received("ls-c1")).hasSize(2);
    // Exactly one warning came of the request sent twice.
    assertThat(coverage.stream().filter(m -> m.topic().equals(Topics.broadcast(manual)))
        .map(m -> m.payload().contains("\"msgType\":\"Alert\"") ? "Alert" : "Cancel").distinct()).hasSize(2);
    assertThat(farm.received("ls-c1").stream().map(LoudspeakerFarm.Received::webhookId).distinct()).hasSize(2);
    // Both carried out requests in the command audit, once each; the refused one not.
    await().atMost(LONG).until(() -> influx.count(db, "SELECT count(subject) FROM commands WHERE kind = 'warning-lift'")
        == 1);
    assertThat(influx.count(db, "SELECT count(subject) FROM commands WHERE kind = 'warning-issue'")).isEqualTo(1);
  }

  /** The newest coverage message of a broadcast reaching {@code region} of the given type. */
  private static Optional<JsonNode> latest(List<MqttFeed.Message> coverage, String region, String msgType)
      throws Exception {
    JsonNode last = null;
    for (MqttFeed.Message m : List.copyOf(coverage)) {
      if (m.payload().isEmpty()) {
        continue;
      }
      JsonNode n = JSON.readTree(m.payload());
      if (n.path("msgType").asText().equals(msgType) && n.path("regions").toString().contains("\"" + region + "\"")) {
        last = n;
      }
    }
    return Optional.ofNullable(last);
  }

  private void request(String json) throws Exception {
    job.publish(requests + "/it-console", json, false);
  }
}
