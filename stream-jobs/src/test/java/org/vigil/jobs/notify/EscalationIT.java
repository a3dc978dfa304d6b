package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.RunningJob;

/**
 * Escalation when nobody answers, on real services (MiniCluster at parallelism 2, real Mosquitto and InfluxDB, an
 * in-process webhook receiver): with {@code escalation: {red: 3s, orange: 30s}} and a county > township > village
 * registry, a red alert nobody acknowledges is referred to the township after 3 s and to the county 3 s later, then
 * the county is reminded; each step is on the alert feed, stored in InfluxDB as a row of its own, and delivered as a
 * signed webhook. An orange alert acknowledged within its 30 s is never referred. Timing assertions are about order
 * and the stamps the job gives (due times), not about how fast a loaded machine gets there.
 */
class EscalationIT {

  private static final Logger LOG = LoggerFactory.getLogger(EscalationIT.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PERIOD_MS = 3_000;

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "esc" + run;
  private final String rulesTopic = "it/" + run + "/rules";
  private final String registryTopic = "it/" + run + "/registry";
  private final String ackTopic = "it/" + run + "/ack";
  private final String county = "c-" + run;
  private final String township = "t-" + run;
  private final String village = "v-" + run;

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private WebhookReceiver receiver;

  @BeforeEach
  void connect() throws Exception {
    job = RunningJob.prepare("escalation", run);
    influx = job.influx();
    db = job.db();
    for (String t : List.of(rulesTopic + "/status", registryTopic + "/status", "vigil/" + site + "/risk")) {
      job.clearOnClose(t);
    }
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
  }

  @Test
  void anUnansweredRedAlertClimbsToTheTownshipThenTheCountyAndAnAcknowledgedOneStays() throws Exception {
    Path registry = Files.writeString(work.resolve("registry.yaml"), """
        author: test
        regions:
          - {id: %s, name: Test County, level: county}
          - {id: %s, name: Test Township, level: township, parent: %s}
          - {id: %s, name: Test Village, level: village, parent: %s}
        sites:
          - id: %s
            region: %s
            location: {lat: 30.88, lon: 103.47}
            devices:
              - {id: rg-1, kind: rain, interval: 1h}
              - {id: rg-2, kind: rain, interval: 1h}
        """.formatted(county, township, county, village, township, site, village));
    Path rules = TestRules.write(work, "rules.yaml", "escalation: {red: 3s, orange: 30s}\n" + TestRules.RAIN_1H_ONLY);
    String secret = WebhookSigner.generateSecret();
    receiver = job.closeAfter(WebhookReceiver.start(0, List.of(secret), null));
    WebhookEndpoint hook = WebhookEndpoint.of("it", receiver.url().toString(), secret)
        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
    Map<String, String> settings = job.settings("", work.resolve("checkpoints"));
    settings.put("VIGIL_RULES_FILE", rules.toString());
    settings.put("VIGIL_RULES_TOPIC", rulesTopic);
    settings.put("VIGIL_REGISTRY_FILE", registry.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", registryTopic);
    settings.put("VIGIL_ACK_TOPIC", ackTopic);
    settings.put("VIGIL_SILENCES_TOPIC", "none");
    List<String> alerts = job.feed().subscribe("vigil/" + site + "/alerts/#");
    List<String> acks = job.feed().subscribe("vigil/" + site + "/acks");
    job.start(settings, List.of(hook));

    // rg-2: 35 mm in an hour, orange (raise 30); published until the readers are subscribed.
    long now = System.currentTimeMillis();
    job.publishUntil("vigil/" + site + "/rain/rg-2/data", i -> reading(now, 35), () -> opened(alerts, "rg-2") != null,
        Duration.ofSeconds(90));
    AlertEvent orange = opened(alerts, "rg-2");
    assertThat(orange.level()).isEqualTo(Level.ORANGE);
    long orangeSeen = System.currentTimeMillis();
    // The ack, as a duty officer would send it on seeing the alert. The feed is ahead of noise control, which may
    // not have taken the alert yet when the ack reaches it: a refusal ("no alert known") is answered by sending it
    // again, as a person would.
    int[] sent = {0};
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
      List<JsonNode> decided = new ArrayList<>();
      for (String a : acks) {
        JsonNode d = JSON.readTree(a);
        if (d.get("alertId").asText().equals(orange.id())) {
          decided.add(d);
        }
      }
      if (decided.stream().anyMatch(d -> d.get("accepted").asBoolean())) {
        return true;
      }
      if (decided.size() >= sent[0]) {
        job.publish(ackTopic + "/it-duty", "{\"alertId\":\"" + orange.id() + "\",\"site\":\"" + site
            + "\",\"by\":\"township duty officer\",\"at\":\"" + AlertJson.isoTime(System.currentTimeMillis())
            + "\",\"comment\":\"on it\"}", false);
        sent[0]++;
      }
      return false;
    });
    long ackedAfter = System.currentTimeMillis() - orangeSeen;
    LOG.info("ack accepted {} ms after the orange alert was seen, after {} sending(s)", ackedAfter, sent[0]);
    assertThat(ackedAfter).as("the ack was accepted within the orange period (30 s)").isLessThan(30_000);

    // rg-1: 60 mm, red (raise 50); nobody acknowledges it.
    job.publish("vigil/" + site + "/rain/rg-1/data", reading(now, 60), false);
    await().atMost(Duration.ofSeconds(60)).until(() -> opened(alerts, "rg-1") != null);
    AlertEvent red = opened(alerts, "rg-1");
    assertThat(red.level()).isEqualTo(Level.RED);

    // Township, county, then a reminder to the county, each on the alert feed (vigil/{site}/alerts/red).
    await().atMost(Duration.ofSeconds(90)).until(() -> referrals(alerts, red.id()).size() >= 3);
    List<AlertEvent> steps = referrals(alerts, red.id());
    assertThat(steps.subList(0, 3)).extracting(e -> e.referral().step(), e -> e.referral().regionId(),
            e -> e.referral().regionLevel(), e -> e.referral().reminder())
        .containsExactly(
            org.assertj.core.api.Assertions.tuple(1, township, "township", false),
            org.assertj.core.api.Assertions.tuple(2, county, "county", false),
            org.assertj.core.api.Assertions.tuple(3, county, "county", true));
    assertThat(steps).allSatisfy(e -> {
      assertThat(e.state()).isEqualTo(AlertState.REFERRED);
      assertThat(e.level()).isEqualTo(Level.RED);
    });
    // Stamped when due: one period apart (the job referring late on a busy machine does not move the stamps unless
    // it is a whole period late, when the next period starts from then).
    for (int i = 1; i < 3; i++) {
      assertThat(steps.get(i).updatedAtMs() - steps.get(i - 1).updatedAtMs()).isGreaterThanOrEqualTo(PERIOD_MS);
    }

    // The acknowledged orange alert: no referral of it came in its 30 s (plus margin).
    await().pollDelay(Duration.ofMillis(Math.max(0, orangeSeen + 35_000 - System.currentTimeMillis())))
        .atMost(Duration.ofSeconds(60)).until(() -> true);
    assertThat(referrals(alerts, orange.id())).as("referrals of the acknowledged alert").isEmpty();

    // History: each referral a row of its own in alerts (state tag referred), with its step and region.
    await().atMost(Duration.ofSeconds(30)).until(() -> influx.count(db, "SELECT count(referral) FROM alerts WHERE"
        + " state = 'referred' AND site = '" + site + "' AND subject = '" + site + "/rain/rg-1'") >= 3);
    JsonNode rows = influx.query(db, "SELECT referral, referred_to, referred_to_level, reminder, id FROM alerts WHERE"
        + " state = 'referred' AND site = '" + site + "' ORDER BY time ASC");
    List<String> stored = new ArrayList<>();
    for (JsonNode v : rows.path("results").path(0).path("series").path(0).path("values")) {
      stored.add(v.get(1).asLong() + " " + v.get(2).asText() + " " + v.get(3).asText() + " " + v.get(4).asBoolean()
          + " " + v.get(5).asText());
    }
    assertThat(stored.subList(0, 3)).containsExactly(
        "1 " + township + " township false " + red.id(),
        "2 " + county + " county false " + red.id(),
        "3 " + county + " county true " + red.id());
    assertThat(stored).noneMatch(s -> s.endsWith(orange.id()));
    // The opening and the referrals are all there: no row overwrote another.
    assertThat(influx.count(db, "SELECT count(id) FROM alerts WHERE site = '" + site + "' AND subject = '" + site
        + "/rain/rg-1' AND state = 'opened'")).isEqualTo(1);

    // Webhooks: each referral delivered, signed, as alert.referred (at least once: a retry is marked duplicate).
    await().atMost(Duration.ofSeconds(30)).until(() -> webhookReferrals(red.id()).size() >= 3);
    List<AlertEvent> hooked = webhookReferrals(red.id());
    assertThat(hooked.subList(0, 3)).extracting(e -> e.referral().step(), e -> e.referral().regionId())
        .containsExactly(org.assertj.core.api.Assertions.tuple(1, township),
            org.assertj.core.api.Assertions.tuple(2, county), org.assertj.core.api.Assertions.tuple(3, county));
    assertThat(hooked.subList(0, 3)).containsExactlyElementsOf(steps.subList(0, 3)); // the same events as the feed
    assertThat(receiver.received()).allMatch(ReceivedWebhook::verified);
    assertThat(receiver.received().stream().filter(w -> w.event() != null && w.event().id().equals(orange.id()))
        .map(w -> w.event().state())).doesNotContain(AlertState.REFERRED);
  }

  private List<AlertEvent> webhookReferrals(String alertId) {
    return receiver.received().stream().filter(ReceivedWebhook::verified).filter(w -> !w.duplicate())
        .map(ReceivedWebhook::event).filter(e -> e != null && e.id().equals(alertId)
            && e.state() == AlertState.REFERRED).toList();
  }

  private static AlertEvent opened(List<String> feed, String sensor) {
    return feed.stream().map(AlertJson::fromJson).filter(e -> e.subject().endsWith("/" + sensor)
        && e.state() == AlertState.OPENED).findFirst().orElse(null);
  }

  private static List<AlertEvent> referrals(List<String> feed, String alertId) {
    return feed.stream().map(AlertJson::fromJson).filter(e -> e.id().equals(alertId)
        && e.state() == AlertState.REFERRED).distinct()
        .sorted(java.util.Comparator.comparingInt(e -> e.referral().step())).toList();
  }

  private static String reading(long ts, double mm) {
    return "{\"ts\": " + ts + ", \"values\": {\"rain_mm\": " + mm + "}}";
  }
}
