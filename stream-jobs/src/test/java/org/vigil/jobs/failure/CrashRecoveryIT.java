package org.vigil.jobs.failure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.webhook.ReceivedWebhook;
import org.vigil.alerts.webhook.WebhookReceiver;
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.TestRules;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.connectors.testing.TestInflux;

/**
 * At least once across hard crashes: a numbered stream of 100,040 readings (40 GNSS stations x 2,500 plus 4 rain
 * gauges in a storm) is published at QoS 1 while the monitoring job, in a JVM of its own, is killed with SIGKILL twice
 * mid-stream and restarted each time from its newest checkpoint. Afterwards InfluxDB holds every reading exactly once
 * per (series, timestamp), and the webhook receiver has seen every alert transition the storm must cause at least
 * once, duplicates (replays after a restore) carrying the same {@code webhook-id} and the same content.
 */
class CrashRecoveryIT {

  private static final long MIN = 60_000L;
  private static final int STATIONS = 40;
  private static final int TICKS = 2_500;
  private static final long TICK_MS = 3_000; // device time between a station's readings
  private static final int GAUGES = 4;
  private static final int RATE_PER_S = 3_000;
  // One gauge reading every 200 ticks = 10 minutes of device time; rolling 1 h sums by hand (window (t-60min, t]):
  // k=0: 5 | 1: 11 | 2: 21 | 3: 31 | 4: 31 | 5: 31 | 6: 26 (k=0 left) | 7: 20 | 8: 10 | 9: 0
  private static final double[] RAIN = {5, 6, 10, 10, 0, 0, 0, 0, 0, 0};

  @TempDir Path work;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String slope = "crs" + run;
  private final String hill = "crh" + run;
  private final String db = "it_crash_" + run;
  private final String clientPrefix = "it-crash-" + run;

  private InfluxClient influx;
  private WebhookReceiver receiver;
  private MqttAsyncClient publisher;
  private JobProcess job;

  @AfterEach
  void cleanUp() throws Exception {
    if (job != null) {
      job.close();
    }
    if (receiver != null) {
      receiver.close();
    }
    if (publisher != null) {
      publisher.disconnect().waitForCompletion(5_000);
      publisher.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
    }
    // The readers' persistent sessions must not take a share of later runs' messages.
    TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1"));
  }

  @Test
  void nothingLostAcrossTwoSigkills() throws Exception {
    influx = TestInflux.client();
    influx.createDatabase(db);
    String secret = WebhookSigner.generateSecret();
    receiver = WebhookReceiver.start(0, List.of(secret), null);
    Map<String, String> settings =
        JobSettings.forTest(db, "crash" + run, clientPrefix, slope + "," + hill, work.resolve("checkpoints"));
    settings.put("VIGIL_MQTT_SESSION_EXPIRY_S", "600");
    settings.put("VIGIL_CHECKPOINT_INTERVAL_MS", "1000");
    settings.putAll(TestRules.onlyRain1h(work)); // the expected alerts are worked out for it
    settings.put("VIGIL_WEBHOOK_URLS", receiver.url().toString());
    settings.put("VIGIL_WEBHOOK_ALLOW_NETWORKS", "loopback"); // the receiver is on this machine
    settings.put("VIGIL_WEBHOOK_SECRET", secret);
    settings.put("VIGIL_WEBHOOK_INITIAL_BACKOFF", "100ms");
    settings.put("VIGIL_WEBHOOK_MAX_BACKOFF", "1s");
    Path log = work.resolve("job.log");

    long base = (System.currentTimeMillis() - 4 * 60 * MIN) / MIN * MIN;
    publisher = new MqttAsyncClient(TestServices.mqttUrl(), "it-crash-pub-" + run, new MemoryPersistence());
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(true);
    publisher.connect(o).waitForCompletion(10_000);

    long t0 = System.nanoTime();
    job = JobProcess.start(settings, log);
    // The shared subscription exists only once the readers are connected: probe until a reading is stored.
    long probe = 0;
    while (count("SELECT count(disp_mm) FROM gnss WHERE sensor = 'probe'") == 0) {
      assertThat(seconds(t0)).as("job stored a probe reading within 90 s; its log:\n%s", tail(job)).isLessThan(90);
      assertThat(job.isAlive()).as("job process alive; its log:\n%s", tail(job)).isTrue();
      publish("vigil/" + hill + "/gnss/probe/data", reading(base - 1_000 * ++probe, "disp_mm", 1.0, probe));
      Thread.sleep(500);
    }

    // The numbered stream, paced, from a thread of its own while the job is killed and restarted.
    AtomicLong published = new AtomicLong();
    AtomicReference<Throwable> publishError = new AtomicReference<>();
    Thread feeder = new Thread(() -> {
      try {
        feed(base, published);
      } catch (Throwable t) {
        publishError.set(t);
      }
    }, "crash-it-feeder");
    long feedStart = System.nanoTime();
    feeder.start();

    List<String> timeline = new ArrayList<>();
    String stored = "SELECT count(seq) FROM gnss WHERE site = '" + slope + "'";
    for (long killAt : new long[] {20_000, 55_000}) {
      waitFor(() -> count(stored) >= killAt, Duration.ofSeconds(120), "stored >= " + killAt);
      long before = count(stored);
      job.kill();
      timeline.add(String.format("%5.1f s  SIGKILL job (pid %d) at %d stored, %d published", seconds(feedStart),
          job.pid(), before, published.get()));
      Thread.sleep(1_000);
      job = JobProcess.start(settings, log);
      timeline.add(String.format("%5.1f s  restarted job (pid %d)", seconds(feedStart), job.pid()));
      waitFor(() -> count(stored) > before, Duration.ofSeconds(120), "progress after restart");
      timeline.add(String.format("%5.1f s  progress after restart: %d stored", seconds(feedStart), count(stored)));
    }
    feeder.join(180_000);
    assertThat(publishError.get()).as("publisher").isNull();
    assertThat(published.get()).isEqualTo((long) STATIONS * TICKS + GAUGES * RAIN.length);
    long fedAt = System.nanoTime();
    timeline.add(String.format("%5.1f s  all %d readings published", seconds(feedStart), published.get()));

    // Every reading exactly once per (series, timestamp): per station 2,500 points, seq 0..2499, values as sent.
    long expected = (long) STATIONS * TICKS;
    waitFor(() -> count(stored) == expected, Duration.ofSeconds(120), "all " + expected + " readings stored");
    timeline.add(String.format("%5.1f s  all %d readings stored (%.1f s after the last publish)", seconds(feedStart),
        expected, seconds(fedAt)));
    JsonNode perStation = influx.query(db, "SELECT count(seq), sum(seq), min(seq), max(seq), sum(disp_mm) FROM gnss"
        + " WHERE site = '" + slope + "' GROUP BY sensor");
    JsonNode series = perStation.path("results").path(0).path("series");
    assertThat(series).hasSize(STATIONS);
    for (JsonNode s : series) {
      int station = Integer.parseInt(s.path("tags").path("sensor").asText().substring(4));
      JsonNode row = s.path("values").path(0);
      assertThat(row.get(1).asLong()).as("count at gps-%d", station).isEqualTo(TICKS);
      assertThat(row.get(2).asLong()).as("sum of seq at gps-%d", station).isEqualTo((long) TICKS * (TICKS - 1) / 2);
      assertThat(row.get(3).asLong()).isZero();
      assertThat(row.get(4).asLong()).isEqualTo(TICKS - 1);
      // disp = station + tick/1000, summed over ticks 0..2499 by hand: 2500*station + (2499*2500/2)/1000
      assertThat(row.get(5).asDouble()).isCloseTo(TICKS * station + 3123.75, org.assertj.core.data.Offset.offset(1e-6));
    }
    assertThat(count("SELECT count(rain_mm) FROM rain WHERE site = '" + hill + "'")).isEqualTo(GAUGES * RAIN.length);

    // Every expected alert transition at least once, alone or as a member of a site's group notification (noise
    // control groups transitions of one site that come close together, as the fast replay after a restore makes
    // them); a repeated webhook-id is a replay and carries the same body.
    Map<String, AlertEvent> expectedEvents = expectedAlerts(base);
    waitFor(() -> distinctVerified().containsAll(expectedEvents.keySet()), Duration.ofSeconds(60),
        "all " + expectedEvents.size() + " alert transitions at the receiver");
    Thread.sleep(2_000); // let late replays arrive, so the duplicate check sees them
    List<ReceivedWebhook> got = receiver.received();
    assertThat(got).allMatch(ReceivedWebhook::verified);
    Map<String, List<ReceivedWebhook>> byId = got.stream().collect(Collectors.groupingBy(ReceivedWebhook::id));
    for (Map.Entry<String, List<ReceivedWebhook>> e : byId.entrySet()) {
      assertThat(e.getValue()).extracting(ReceivedWebhook::body).as("every delivery of %s", e.getKey())
          .containsOnly(e.getValue().get(0).body());
    }
    assertThat(got).extracting(w -> w.notification().type()).as("plain transitions or groups, nothing flapping")
        .allMatch(t -> t.equals("alert.group") || expectedTypes().contains(t));
    Map<String, List<AlertEvent>> transitions = got.stream().flatMap(w -> w.notification().members().stream())
        .collect(Collectors.groupingBy(AlertEvent::eventId));
    assertThat(transitions.keySet()).as("only the expected transitions").isEqualTo(expectedEvents.keySet());
    for (Map.Entry<String, List<AlertEvent>> e : transitions.entrySet()) {
      AlertEvent want = expectedEvents.get(e.getKey());
      assertThat(e.getValue()).extracting(a -> tuple(a.id(), a.state(), a.level(), a.updatedAtMs(), a.value()))
          .as("every delivery of %s", e.getKey())
          .containsOnly(tuple(want.id(), want.state(), want.level(), want.updatedAtMs(), want.value()));
    }
    long groups = byId.values().stream().filter(l -> l.get(0).notification().members().size() > 1).count();
    String restores = job.log().lines().filter(l -> l.contains("restoring from checkpoint")).count() + "";
    assertThat(job.log()).containsPattern("(?s)restoring from checkpoint.*restoring from checkpoint");

    System.out.println("CrashRecoveryIT: " + published.get() + " readings published at " + RATE_PER_S + "/s, job killed"
        + " with SIGKILL twice, restored from checkpoints " + restores + " times");
    timeline.forEach(l -> System.out.println("  " + l));
    System.out.printf("  InfluxDB: %d GNSS readings (%d stations x %d, each exactly once), %d rain readings%n",
        count(stored), STATIONS, TICKS, GAUGES * RAIN.length);
    System.out.printf("  webhooks: %d expected transitions, %d deliveries received (%d notifications, %d of them groups),"
        + " %d duplicates (same webhook-id)%n", expectedEvents.size(), got.size(), byId.size(), groups,
        got.size() - byId.size());
  }

  /** 2,500 ticks; each tick one reading per station, and at some ticks a rain gauge reading, paced. */
  private void feed(long base, AtomicLong published) throws Exception {
    Map<Integer, Integer> rainAtTick = new HashMap<>(); // tick -> gauge*100 + k
    for (int g = 0; g < GAUGES; g++) {
      for (int k = 0; k < RAIN.length; k++) {
        rainAtTick.put(200 * k + 37 * g + 10, g * 100 + k);
      }
    }
    ArrayDeque<IMqttToken> window = new ArrayDeque<>();
    long start = System.nanoTime();
    long sent = 0;
    for (int tick = 0; tick < TICKS; tick++) {
      long ts = base + tick * TICK_MS;
      for (int s = 1; s <= STATIONS; s++) {
        window.add(publishAsync("vigil/" + slope + "/gnss/gps-" + s + "/data", reading(ts, "disp_mm", s + tick / 1000.0,
            tick)));
        sent++;
      }
      Integer rain = rainAtTick.get(tick);
      if (rain != null) {
        int g = rain / 100;
        int k = rain % 100;
        window.add(publishAsync("vigil/" + hill + "/rain/rg-" + g + "/data", reading(ts, "rain_mm", RAIN[k], k)));
        sent++;
      }
      while (window.size() > 200) { // Paho counts a publish in flight a moment after its token completes
        window.poll().waitForCompletion(30_000);
        published.incrementAndGet();
      }
      long due = start + sent * 1_000_000_000L / RATE_PER_S;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
    while (!window.isEmpty()) {
      window.poll().waitForCompletion(30_000);
      published.incrementAndGet();
    }
  }

  /** The six transitions of each gauge's alert, as worked out by hand from the rain sums above. */
  private Map<String, AlertEvent> expectedAlerts(long base) {
    Map<String, AlertEvent> byEventId = new LinkedHashMap<>();
    for (int g = 0; g < GAUGES; g++) {
      String subject = hill + "/rain/rg-" + g;
      long t0 = base + (37L * g + 10) * TICK_MS;
      long step = 10 * MIN;
      String id = AlertIds.of("rain-1h", subject, t0 + step);
      Object[][] transitions = {
        {AlertState.OPENED, Level.BLUE, 1, 11.0},
        {AlertState.ESCALATED, Level.YELLOW, 2, 21.0},
        {AlertState.ESCALATED, Level.ORANGE, 3, 31.0},
        {AlertState.DE_ESCALATED, Level.YELLOW, 7, 20.0},
        {AlertState.DE_ESCALATED, Level.BLUE, 8, 10.0},
        {AlertState.RESOLVED, Level.NONE, 9, 0.0},
      };
      for (Object[] t : transitions) {
        long at = t0 + (int) t[2] * step;
        AlertEvent e = new AlertEvent(id, "rain-1h", hill, subject, (Level) t[1], Level.NONE, (AlertState) t[0],
            (double) t[3], 0, t0 + step, at, "");
        byEventId.put(e.eventId(), e);
      }
    }
    return byEventId;
  }

  private Set<String> distinctVerified() {
    return receiver.received().stream().filter(ReceivedWebhook::verified)
        .flatMap(w -> w.notification().members().stream()).map(AlertEvent::eventId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> expectedTypes() {
    return Set.of("alert.opened", "alert.escalated", "alert.de-escalated", "alert.resolved");
  }

  private long count(String q) {
    try {
      return influx.count(db, q);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (RuntimeException e) {
      return -1; // InfluxDB busy or the database not there yet: ask again
    }
  }

  private static void waitFor(BooleanSupplier condition, Duration max, String what) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + max.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static String tail(JobProcess p) {
    try {
      List<String> lines = p.log().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e + ")";
    }
  }

  private static String reading(long ts, String field, double value, long seq) {
    return "{\"ts\": " + ts + ", \"seq\": " + seq + ", \"values\": {\"" + field + "\": " + value + "}}";
  }

  private void publish(String topic, String payload) throws Exception {
    publishAsync(topic, payload).waitForCompletion(10_000);
  }

  private IMqttToken publishAsync(String topic, String payload) throws Exception {
    MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    return publisher.publish(topic, m);
  }
}
