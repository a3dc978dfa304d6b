package org.vigil.warning.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.alerts.webhook.WebhookVerifier;
import org.vigil.core.Level;

/** Against real HTTP loudspeaker controllers on loopback: every delivery tracked, coverage exact, red first. */
class BroadcasterTest {

  static final String SECRET = WebhookSigner.generateSecret();
  static final ObjectMapper JSON = new ObjectMapper();

  static BroadcastMessage message(String id, String incident, String type, Level level) {
    Map<String, String> texts = new LinkedHashMap<>();
    texts.put("en-US", "Leave the area now.");
    texts.put("zh-CN", "请立即撤离。");
    return new BroadcastMessage(incident, id, type, level, "village-1", texts, 1_780_000_000_000L);
  }

  static Map<String, String> speakers(String prefix, int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(prefix + i, "village-" + (i % 3));
    }
    return m;
  }

  @Test
  void everyReachableLoudspeakerConfirmsOnceAndTheCoverageIsExact() throws Exception {
    Map<String, String> ids = speakers("ls", 100);
    Map<String, LoudspeakerFarm.Behaviour> behaviour = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      behaviour.put("ls" + (10 * i + 3), LoudspeakerFarm.Behaviour.FAILING);
      behaviour.put("ls" + (10 * i + 7), LoudspeakerFarm.Behaviour.HANGING);
    }
    List<Delivery> events = new CopyOnWriteArrayList<>();
    Broadcaster.Options o = new Broadcaster.Options(Duration.ofSeconds(2), Duration.ofMillis(20),
        Duration.ofMillis(100), 3, 32);
    try (LoudspeakerFarm farm = new LoudspeakerFarm(ids, behaviour, 5, 40, 4, new WebhookVerifier(List.of(SECRET)));
        Broadcaster b = new Broadcaster(new WebhookSigner(List.of(SECRET)), o, Clock.systemUTC(), events::add)) {
      Coverage start = b.start(message("alt_x.1", "alt_x.1", "Alert", Level.RED), farm.loudspeakers());
      assertThat(start.targets()).isEqualTo(100);
      assertThat(b.awaitComplete("alt_x.1", Duration.ofSeconds(30))).isTrue();
      Coverage c = b.coverage("alt_x.1").orElseThrow();
      assertThat(c).isEqualTo(new Coverage("alt_x.1", 100, 90, 0, 10, 0));
      for (String id : ids.keySet()) {
        List<LoudspeakerFarm.Received> got = farm.received(id);
        assertThat(got).allMatch(LoudspeakerFarm.Received::verified);
        LoudspeakerFarm.Behaviour kind = behaviour.getOrDefault(id, LoudspeakerFarm.Behaviour.OK);
        long attempts = events.stream().filter(e -> e.loudspeakerId().equals(id)
            && e.status() == Delivery.Status.SENT).count();
        // A failing one is tried the three attempts; a confirmed one until it answers (once, unless an answer came
        // after the deadline); every attempt carries the same id, so a controller plays it once.
        if (kind == LoudspeakerFarm.Behaviour.OK) {
          assertThat(got).as(id).isNotEmpty();
        } else {
          assertThat(attempts).as(id).isEqualTo(3);
        }
        assertThat(got.stream().map(LoudspeakerFarm.Received::webhookId).distinct()).as(id).hasSize(1);
      }
      JsonNode body = JSON.readTree(farm.received("ls0").get(0).body());
      assertThat(body.get("text").asText()).isEqualTo("请立即撤离。");
      assertThat(body.get("language").asText()).isEqualTo("zh-CN");
      assertThat(body.get("type").asText()).isEqualTo("broadcast.alert");
      // The reasons say what happened.
      Map<String, Delivery> last = new ConcurrentHashMap<>();
      events.forEach(e -> last.put(e.loudspeakerId(), e));
      assertThat(last.get("ls3").status()).isEqualTo(Delivery.Status.GAVE_UP);
      assertThat(last.get("ls3").reason()).isEqualTo("after 3 attempts, last: HTTP 503");
      assertThat(last.get("ls7").reason()).startsWith("after 3 attempts, last:").contains("timed out");
      assertThat(last.get("ls0").status()).isEqualTo(Delivery.Status.CONFIRMED);
    }
  }

  @Test
  void aRedWarningIsNotHeldBackByAStormOfLesserOnes() throws Exception {
    Map<String, String> ids = speakers("p", 20);
    // Two in flight, each answer 50 ms: the storm alone (10 x 20 deliveries) takes about 5 s.
    Broadcaster.Options o = new Broadcaster.Options(Duration.ofSeconds(2), Duration.ofMillis(50),
        Duration.ofMillis(200), 3, 2);
    try (LoudspeakerFarm farm = new LoudspeakerFarm(ids, Map.of(), 50, 50, 2, new WebhookVerifier(List.of(SECRET)));
        Broadcaster b = new Broadcaster(new WebhookSigner(List.of(SECRET)), o, Clock.systemUTC(), null)) {
      for (int i = 0; i < 10; i++) {
        b.start(message("storm" + i + ".1", "storm" + i + ".1", "Alert", i % 2 == 0 ? Level.ORANGE : Level.YELLOW),
            farm.loudspeakers());
      }
      Thread.sleep(200);
      long t0 = System.nanoTime();
      b.start(message("red.1", "red.1", "Alert", Level.RED), farm.loudspeakers());
      assertThat(b.awaitComplete("red.1", Duration.ofSeconds(20))).isTrue();
      double redSeconds = (System.nanoTime() - t0) / 1e9;
      // 20 deliveries two at a time at 50 ms: about 0.5 s, against about 5 s for the storm started before it.
      assertThat(b.coverage("storm8.1").orElseThrow().pending()).as("the storm's last orange is still waiting after"
          + " the red one finished in %.2f s", redSeconds).isPositive();
      assertThat(b.awaitComplete("storm9.1", Duration.ofSeconds(60))).isTrue();
    }
  }

  @Test
  void aCancelReplacesWhatOfTheWarningHasNotGoneOut() throws Exception {
    Map<String, String> ids = speakers("c", 10);
    Map<String, LoudspeakerFarm.Behaviour> failing = new LinkedHashMap<>();
    ids.keySet().forEach(id -> failing.put(id, LoudspeakerFarm.Behaviour.FAILING));
    List<Delivery> events = new CopyOnWriteArrayList<>();
    // Failing loudspeakers wait up to 3 s between attempts: the cancel comes while most of them wait.
    Broadcaster.Options o = new Broadcaster.Options(Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofSeconds(3), 5, 16);
    try (LoudspeakerFarm farm = new LoudspeakerFarm(ids, failing, 1, 5, 1, new WebhookVerifier(List.of(SECRET)));
        Broadcaster b = new Broadcaster(new WebhookSigner(List.of(SECRET)), o, Clock.systemUTC(), events::add)) {
      b.start(message("w.1", "w.1", "Alert", Level.RED), farm.loudspeakers());
      long deadline = System.currentTimeMillis() + 20_000;
      while (events.stream().filter(e -> e.status() == Delivery.Status.FAILED).map(Delivery::loudspeakerId)
          .distinct().count() < ids.size()) {
        assertThat(System.currentTimeMillis()).as("every first attempt failed within 20 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      b.start(message("w.2", "w.1", "Cancel", Level.RED), farm.loudspeakers());
      // Those waiting to retry were replaced at once; one in flight is replaced when its attempt fails.
      List<String> replacedAtOnce = events.stream().filter(e -> e.status() == Delivery.Status.SUPERSEDED)
          .map(Delivery::loudspeakerId).toList();
      assertThat(replacedAtOnce).isNotEmpty();
      assertThat(b.awaitComplete("w.1", Duration.ofSeconds(10))).isTrue();
      assertThat(b.coverage("w.1").orElseThrow()).isEqualTo(new Coverage("w.1", 10, 0, 0, 0, 10));
      Thread.sleep(3_500); // past every backoff the alert's retries would have waited
      for (String id : ids.keySet()) {
        long alertAttempts = events.stream().filter(e -> e.identifier().equals("w.1") && e.loudspeakerId().equals(id)
            && e.status() == Delivery.Status.SENT).count();
        assertThat(alertAttempts).as(id).isEqualTo(replacedAtOnce.contains(id) ? 1 : 2);
        assertThat(events).as(id).anyMatch(e -> e.identifier().equals("w.2") && e.loudspeakerId().equals(id)
            && e.status() == Delivery.Status.SENT);
      }
    }
  }

  @Test
  void aCancelWaitsForTheAnswerToTheWarningStillUnderWayToTheSameLoudspeaker() throws Exception {
    Map<String, String> ids = speakers("o", 4);
    try (LoudspeakerFarm farm = new LoudspeakerFarm(ids, Map.of(), 400, 400, 1, new WebhookVerifier(List.of(SECRET)));
        Broadcaster b = new Broadcaster(new WebhookSigner(List.of(SECRET)), Broadcaster.Options.defaults(),
            Clock.systemUTC(), d -> { })) {
      b.start(message("o.1", "o.1", "Alert", Level.RED), farm.loudspeakers());
      long deadline = System.currentTimeMillis() + 20_000;
      while (ids.keySet().stream().anyMatch(id -> farm.received(id).isEmpty())) {
        assertThat(System.currentTimeMillis()).as("every alert request arrived within 20 s").isLessThan(deadline);
        Thread.sleep(5);
      }
      // Every alert request is being answered (400 ms each): the cancel must not overtake any of them.
      b.start(message("o.2", "o.1", "Cancel", Level.RED), farm.loudspeakers());
      assertThat(b.awaitComplete("o.2", Duration.ofSeconds(20))).isTrue();
      for (String id : ids.keySet()) {
        List<LoudspeakerFarm.Received> got = farm.received(id);
        assertThat(got).as(id).hasSize(2);
        assertThat(got.get(0).webhookId()).isEqualTo(Broadcaster.requestId("o.1", id));
        assertThat(got.get(1).webhookId()).isEqualTo(Broadcaster.requestId("o.2", id));
        // The cancel arrived after the alert's answer, 400 ms after the alert arrived.
        assertThat(got.get(1).atNanos() - got.get(0).atNanos()).as(id).isGreaterThanOrEqualTo(400_000_000L);
      }
      assertThat(b.coverage("o.1").orElseThrow().confirmed()).isEqualTo(4);
    }
  }
}
