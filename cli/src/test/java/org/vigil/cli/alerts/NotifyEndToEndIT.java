package org.vigil.cli.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.webhook.NotificationBodies;
import org.vigil.alerts.notify.SilenceJson;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.connectors.testing.TestServices;
import org.vigil.cli.alerts.VigilAlertsCli;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.RunningJob;

/**
 * Noise control through the whole monitoring job ({@link MonitoringJob#startLocal}) against the real broker, InfluxDB
 * and HTTP endpoints, one water-level rule (yellow from 2.0 m, clear below 1.5 m), three sites in device-time order:
 *
 * <ol>
 *   <li>site F, one sensor crossing the threshold six times within 30 s: one {@code alert.flapping} (with the four
 *       changes that made it flap) and, once it has been quiet for the settle period (5 min here), one {@code
 *       alert.settled} — instead of six notifications;
 *   <li>site S, a storm: eight gauges open within 7 s: one {@code alert.group} with eight members;
 *   <li>site Q under a retained silence of its sensor lv-2: the group has lv-1 and lv-3 only, while all three
 *       transitions are stored and on the live feed;
 *   <li>an acknowledgement through {@code vigil alerts ack} (the control topic): accepted, answered on {@code
 *       vigil/Q/acks}, stored in InfluxDB {@code alerts} with {@code acked_by}, published on the feed, listed by
 *       {@code vigil alerts list}; an unknown id is refused with the reason; malformed acks and silences are dead
 *       letters.
 * </ol>
 *
 * <p>Beside the receiver that takes everything: a CloudEvents endpoint subscribed to flapping and settled only, and
 * an endpoint for site S only that answers 500 (one attempt): its dead-lettered delivery is re-sent by {@code vigil
 * alerts redeliver} to a working URL under the same webhook-id and recorded.
 */
class NotifyEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NotifyEndToEndIT.class);
  private static final long SEC = 1000L;
  private static final long MIN = 60 * SEC;

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
      """;

  @TempDir Path checkpoints;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String siteF = "ntf" + run;
  private final String siteS = "nts" + run;
  private final String siteQ = "ntq" + run;
  private final String silenceId = "it-" + run;
  private final String badSilenceId = "it-bad-" + run;

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private WebhookReceiver receiver;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("notify", run);
    influx = job.influx();
    db = job.db();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close(); // and the retained silences: they would reach every later job on this broker
    }
  }

  @Test
  void flappingStormSilenceAndAckThroughTheJob() throws Exception {
    String secret = WebhookSigner.generateSecret();
    receiver = job.closeAfter(WebhookReceiver.start(0, List.of(secret), line -> LOG.info("all: {}", line)));
    WebhookReceiver ceReceiver = job.closeAfter(WebhookReceiver.start(0, List.of(secret), line -> LOG.info("ce: {}", line)));
    AtomicInteger downHits = new AtomicInteger();
    HttpServer down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    down.createContext("/", ex -> {
      downHits.incrementAndGet();
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(500, -1);
      ex.close();
    });
    down.start();
    job.closeAfter(() -> down.stop(0));
    String downUrl = "http://127.0.0.1:" + down.getAddress().getPort() + "/hook";

    Map<String, String> settings = job.settings(siteF + "," + siteS + "," + siteQ, checkpoints);
    settings.put("VIGIL_RULES_FILE", TestRules.write(checkpoints.resolve("rules"), "water.yaml", RULES).toString());
    settings.put("VIGIL_MAX_OUT_OF_ORDER_MS", "1000"); // event time follows the readings closely
    settings.put("VIGIL_NOTIFY_FLAP_SETTLE", "5m");
    settings.put("VIGIL_WATERMARK_IDLENESS_MS", "5000"); // a reader without readings soon stops holding event time
    settings.put("VIGIL_NOTIFY_GROUP_WALL_WAIT", "15s"); // room for the flapping readings published one by one
    List<WebhookEndpoint> hooks = List.of(
        WebhookEndpoint.of("all", receiver.url().toString(), secret)
            .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
        WebhookEndpoint.of("ce", ceReceiver.url().toString(), secret)
            .withFilters(null, List.of("water-*"), Set.of("flapping", "settled"))
            .withFormat(WebhookEndpoint.Format.CLOUDEVENTS),
        WebhookEndpoint.of("down", downUrl, secret).withMaxAttempts(1)
            .withFilters(List.of(siteS), null, null));

    List<String> deadLetters = job.feed().subscribe("vigil/deadletter");
    List<String> feedQ = job.feed().subscribe("vigil/" + siteQ + "/alerts/#");
    List<String> acksQ = job.feed().subscribe("vigil/" + siteQ + "/acks");

    long base = (System.currentTimeMillis() - 3 * 60 * MIN) / MIN * MIN;
    // The silence is retained before the job starts: it is in force from the first reading on.
    job.publish(SilenceJson.topic(silenceId), "{\"id\":\"" + silenceId + "\",\"sites\":[\"" + siteQ + "\"],"
        + "\"sensors\":[\"lv-2\"],\"startsAt\":" + base + ",\"endsAt\":" + (base + 6 * 60 * MIN)
        + ",\"createdBy\":\"it\",\"comment\":\"pump maintenance\"}", true);
    job.publish(SilenceJson.topic(badSilenceId), "{\"id\":\"" + badSilenceId + "\",\"startsAt\":" + base
        + ",\"endsAt\":" + base + ",\"createdBy\":\"it\"}", true);

    job.start(settings, hooks);
    job.publishUntil("vigil/" + siteF + "/level/probe/data", i -> reading(base - 10 * MIN + i, 0.0),
        () -> influx.count(db, "SELECT count(level_m) FROM level WHERE sensor = 'probe'") > 0, Duration.ofSeconds(60));

    // 1. Flapping at F: crossings at +5 s .. +30 s (open, resolve, open, resolve, open, resolve), one by one in order.
    double[] flap = {1.0, 2.5, 1.0, 2.5, 1.0, 2.5, 1.0};
    for (int k = 0; k < flap.length; k++) {
      publishStored(siteF, "lv-1", base + k * 5 * SEC, flap[k]);
    }
    // 2. Storm at S: eight gauges over the threshold within 7 s.
    for (int i = 1; i <= 8; i++) {
      job.publish(topic(siteS, "lv-" + i), reading(base + 2 * MIN + i * SEC, 2.5), false);
    }
    // 3. Q: three sensors open, lv-2 is silenced.
    for (int i = 1; i <= 3; i++) {
      job.publish(topic(siteQ, "lv-" + i), reading(base + 4 * MIN + i * SEC, 2.5), false);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db,
        "SELECT count(value) FROM alerts WHERE site = '" + siteS + "' OR site = '" + siteQ + "'") == 11);
    // Event time moves on (a quiet sensor of F): groups close and F, quiet since +30 s, settles at +5 min 30 s.
    // Several ticks, so that both parallel readers see device time past the settle (event time is their minimum).
    for (long t = 12; t <= 17; t++) {
      publishStored(siteF, "lv-9", base + t * MIN / 2, 0.5);
    }

    // (a) F: exactly one flapping and one settled notification, not one per crossing.
    await().atMost(Duration.ofSeconds(30)).until(() -> bySite(receiver, siteF).size() >= 2);
    // (b) S: one group with the eight openings. (c) Q: one group with lv-1 and lv-3.
    await().atMost(Duration.ofSeconds(30)).until(() -> bySite(receiver, siteS).size() >= 1
        && bySite(receiver, siteQ).size() >= 1);
    Thread.sleep(2_000); // nothing more may arrive
    List<NotificationBodies> f = bySite(receiver, siteF);
    assertThat(f).extracting(NotificationBodies::type).containsExactly("alert.flapping", "alert.settled");
    assertThat(f.get(0).members()).extracting(AlertEvent::state).containsExactly(AlertState.OPENED,
        AlertState.RESOLVED, AlertState.OPENED, AlertState.RESOLVED);
    assertThat(f.get(1).members()).singleElement().satisfies(e -> {
      assertThat(e.state()).isEqualTo(AlertState.RESOLVED);
      assertThat(e.updatedAtMs()).isEqualTo(base + 30 * SEC);
    });
    assertThat(influx.count(db, "SELECT count(value) FROM alerts WHERE site = '" + siteF + "'"))
        .as("every crossing is still stored").isEqualTo(6);

    List<NotificationBodies> s = bySite(receiver, siteS);
    assertThat(s).singleElement().satisfies(g -> {
      assertThat(g.type()).isEqualTo("alert.group");
      assertThat(g.members()).hasSize(8).allMatch(e -> e.state() == AlertState.OPENED)
          .extracting(AlertEvent::subject).containsExactlyInAnyOrder(subjects(siteS, 1, 8));
    });

    List<NotificationBodies> q = bySite(receiver, siteQ);
    assertThat(q).singleElement().satisfies(g -> assertThat(g.members()).extracting(AlertEvent::subject)
        .containsExactlyInAnyOrder(siteQ + "/level/lv-1", siteQ + "/level/lv-3"));
    assertThat(influx.count(db, "SELECT count(value) FROM alerts WHERE site = '" + siteQ + "'"))
        .as("the silenced transition is stored").isEqualTo(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> feedQ.size() >= 3);
    assertThat(feedQ).extracting(j -> AlertJson.fromJson(j).subject()).contains(siteQ + "/level/lv-2");
    assertThat(receiver.received()).allMatch(ReceivedWebhook::verified).noneMatch(ReceivedWebhook::duplicate);

    // The CloudEvents endpoint got flapping and settled only, as CloudEvents, signed.
    assertThat(ceReceiver.received()).hasSize(2).allMatch(ReceivedWebhook::verified)
        .allSatisfy(w -> assertThat(w.headers().get("content-type")).containsExactly("application/cloudevents+json"));
    assertThat(ceReceiver.received()).extracting(w -> JSON.readTree(w.body()).get("type").asText())
        .containsExactly("org.vigil.alert.flapping", "org.vigil.alert.settled");
    assertThat(ceReceiver.received()).extracting(w -> JSON.readTree(w.body()).get("source").asText())
        .containsOnly("vigil://" + siteF);

    // (d) Acknowledgement through the CLI (control topic): accepted, answered, stored, published.
    String lv1 = AlertIds.of("water-level", siteQ + "/level/lv-1", base + 4 * MIN + SEC);
    long riskBefore = influx.count(db, "SELECT count(level_rank) FROM site_risk WHERE site = '" + siteQ + "'");
    Map<String, String> cliEnv = Map.of("VIGIL_MQTT_URL", TestServices.mqttUrl(),
        "VIGIL_INFLUX_URL", TestServices.influxUrl(), "VIGIL_INFLUX_DB", db,
        "VIGIL_INFLUX_USERNAME", TestServices.influxUsername(),
        "VIGIL_INFLUX_PASSWORD_FILE", TestServices.influxPasswordFile().toString());
    String acked = cli(cliEnv, 0, "ack", lv1, "--site", siteQ, "--by", "maria", "--comment", "crew on the way");
    assertThat(acked).contains("accepted: " + lv1 + " is acknowledged by maria");
    assertThat(acksQ).anySatisfy(a -> assertThat(JSON.readTree(a).get("accepted").asBoolean()).isTrue());
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db,
        "SELECT count(value) FROM alerts WHERE state = 'acknowledged'") == 1);
    JsonNode row = influx.query(db, "SELECT id, acked_by, ack_comment, subject FROM alerts WHERE state = "
        + "'acknowledged'").path("results").path(0).path("series").path(0).path("values").path(0);
    assertThat(row.get(1).asText()).isEqualTo(lv1);
    assertThat(row.get(2).asText()).isEqualTo("maria");
    assertThat(row.get(3).asText()).isEqualTo("crew on the way");
    await().atMost(Duration.ofSeconds(10)).until(() -> feedQ.stream()
        .anyMatch(j -> AlertJson.fromJson(j).state() == AlertState.ACKNOWLEDGED));
    // Webhook consumers hear of it too (alone in its group, after the wall-clock bound).
    await().atMost(Duration.ofSeconds(30)).until(() -> bySite(receiver, siteQ).size() == 2);
    assertThat(bySite(receiver, siteQ).get(1).type()).as("%s", bySite(receiver, siteQ).get(1).members().stream()
        .map(e -> e.subject() + " " + e.state() + " " + e.updatedAtMs()).toList()).isEqualTo("alert.acknowledged");
    String refused = cli(cliEnv, 1, "ack", "alt_nosuch", "--site", siteQ, "--by", "maria");
    assertThat(refused).contains("refused: no alert alt_nosuch is known at site " + siteQ);
    assertThat(influx.count(db, "SELECT count(level_rank) FROM site_risk WHERE site = '" + siteQ + "'"))
        .as("an ack changes no risk level").isEqualTo(riskBefore);
    String list = cli(cliEnv, 0, "list", "--site", siteQ);
    assertThat(list).contains("3 open alerts").containsPattern("yellow +" + siteQ + " +" + siteQ
        + "/level/lv-1 +water-level +\\S+ +maria +" + lv1);

    // Malformed control input: dead letters with reasons, the job carries on.
    job.publish("vigil/control/ack", "{\"alertId\":\"x\",\"site\":\"" + siteQ + "\",\"at\":\"soon\",\"by\":\"b\"}",
        false);
    await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
        .anyMatch(d -> d.contains("ack_invalid") && d.contains("'at' is not an ISO-8601")));
    assertThat(deadLetters).anyMatch(d -> d.contains("silence_invalid") && d.contains(badSilenceId));

    // The endpoint that answered 500 got the storm group once; redeliver it to where it works now.
    await().atMost(Duration.ofSeconds(10)).until(() -> influx.count(db,
        "SELECT count(attempts) FROM webhook_deliveries WHERE endpoint = 'down' AND outcome = 'gave_up'") == 1);
    assertThat(downHits.get()).isEqualTo(1);
    String groupId = receivedId(receiver, siteS);
    WebhookReceiver later = job.closeAfter(WebhookReceiver.start(0, List.of(secret), null));
    Map<String, String> redeliverEnv = new java.util.HashMap<>(cliEnv);
    redeliverEnv.put("VIGIL_WEBHOOK_URLS", later.url().toString());
    redeliverEnv.put("VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback"); // the test's receiver is on this machine
    redeliverEnv.put("VIGIL_WEBHOOK_1_NAME", "down");
    redeliverEnv.put("VIGIL_WEBHOOK_SECRET", secret);
    String redelivered = cli(redeliverEnv, 0, "redeliver", "--endpoint", "down");
    assertThat(redelivered).contains("down " + groupId + " alert.group: delivered").contains("1 of 1 redelivered");
    assertThat(later.received()).singleElement().satisfies(w -> {
      assertThat(w.verified()).isTrue();
      assertThat(w.id()).isEqualTo(groupId);
      assertThat(w.notification().members()).hasSize(8);
    });
    assertThat(influx.count(db, "SELECT count(attempts) FROM webhook_deliveries WHERE endpoint = 'down' AND "
        + "outcome = 'delivered' AND reason =~ /^redelivered/")).isEqualTo(1);
    assertThat(cli(redeliverEnv, 0, "redeliver")).contains("nothing to redeliver");

    // Someone with write access to InfluxDB forges undelivered rows: one without a seal, and a newer row of the real
    // group with its seal but a changed body. Redelivery must not sign either with the endpoint's secret.
    String forgedBody = "{\\\"type\\\":\\\"alert.resolved\\\",\\\"data\\\":"
        + "{\\\"message\\\":\\\"FORGED: all clear\\\"}}"; // escaped for a line-protocol string
    String realSeal = influx.query(db, "SELECT body_mac FROM webhook_deliveries WHERE endpoint = 'down' AND "
        + "outcome = 'gave_up'").path("results").path(0).path("series").path(0).path("values").path(0).path(1).asText();
    assertThat(realSeal).isNotBlank();
    long t = System.currentTimeMillis();
    influx.write(db, "webhook_deliveries,endpoint=down,outcome=gave_up event_id=\"ntf_forged1\",attempts=8i,status=500i,"
        + "latency_ms=1i,reason=\"x\",type=\"alert.resolved\",body=\"" + forgedBody + "\" " + t + "\n"
        + "webhook_deliveries,endpoint=down,outcome=gave_up event_id=\"" + groupId + "\",attempts=8i,status=500i,"
        + "latency_ms=1i,reason=\"x\",type=\"alert.resolved\",body=\"" + forgedBody + "\",body_mac=\"" + realSeal + "\" "
        + (t + 1));
    String forgedRefused = cli(redeliverEnv, 1, "redeliver", "--endpoint", "down");
    assertThat(forgedRefused).contains("down ntf_forged1: refused, the stored body does not carry Vigil's seal")
        .contains("down " + groupId + ": refused").contains("0 of 2 redelivered");
    assertThat(later.received()).hasSize(1); // nothing forged was sent
  }

  /** Runs {@code vigil alerts ...}, checks its exit code and returns what it printed. */
  private static String cli(Map<String, String> env, int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    int code = VigilAlertsCli.commandLine(env::get).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
        .execute(args);
    assertThat(code).as("exit code of vigil alerts %s; output: %s", String.join(" ", args), out).isEqualTo(
        expectedExit);
    return out.toString();
  }

  private static List<NotificationBodies> bySite(WebhookReceiver r, String site) {
    List<NotificationBodies> out = new ArrayList<>();
    for (ReceivedWebhook w : r.received()) {
      if (w.verified() && !w.duplicate()) {
        NotificationBodies n = w.notification();
        if (n.members().get(0).site().equals(site)) {
          out.add(n);
        }
      }
    }
    return out;
  }

  private static String receivedId(WebhookReceiver r, String site) {
    return r.received().stream().filter(w -> w.notification().members().get(0).site().equals(site))
        .findFirst().orElseThrow().id();
  }

  private static String[] subjects(String site, int from, int to) {
    List<String> s = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      s.add(site + "/level/lv-" + i);
    }
    return s.toArray(String[]::new);
  }

  private void publishStored(String site, String sensor, long ts, double value) throws Exception {
    job.publish(topic(site, sensor), reading(ts, value), false);
    String q = "SELECT count(level_m) FROM level WHERE site = '" + site + "' AND sensor = '" + sensor
        + "' AND time = " + ts + "ms";
    await().atMost(Duration.ofSeconds(20)).until(() -> influx.count(db, q) == 1);
  }

  private static String topic(String site, String sensor) {
    return "vigil/" + site + "/level/" + sensor + "/data";
  }

  private static String reading(long ts, double value) {
    return "{\"ts\": " + ts + ", \"seq\": 1, \"values\": {\"level_m\": " + value + "}}";
  }

}
