package org.vigil.jobs.crowd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.simulator.camera.CameraFeedOptions;
import org.vigil.simulator.camera.CameraSimulator;
import org.vigil.simulator.camera.SyntheticScene;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.CrowdPipeline;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.jobs.testing.RunningJob;

/**
 * Camera frames end to end on real services: the camera simulator publishes a synthetic scene whose crowd grows from
 * 2 to 12 people to the real Mosquitto; the monitoring job (MiniCluster, parallelism 2) analyses the frames with the
 * real OpenCV analyser, writes {@code crowd} points to the real InfluxDB, publishes detections, and the capacity rule
 * of a zone with capacity 4 raises an alert that reaches the MQTT alert feed and the {@code alerts} measurement; a
 * ruleset published on the rules topic while the job runs then removes that rule and adds another, and crowd alerting
 * follows without a restart. A frame whose JPEG header is fine but whose scan cannot be decoded reaches the dead letter
 * as {@code frame_undecodable}.
 */
class CrowdPipelineIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "itcrowd" + run;
  private final String rulesTopic = "vigil/it/crowd-rules-" + run;

  /** The crowd rules of the test: the default ones with a recent window of 2 s and a baseline of 10 s. */
  private static final String RULES_V0 = """
      author: test
      rules:
        - id: crowd-capacity
          scope: {cameras: "*", zones: "*"}
          metric: capacity_share
          condition: {type: crowd, recent: 2s}
          levels:
            yellow: {raise: 0.9, clear: 0.85}
            orange: {raise: 1.01, clear: 0.96}
            red:    {raise: 1.25, clear: 1.2}
        - id: crowd-surge
          condition: {type: crowd_surge, recent: 2s, baseline: 10s}
          levels: {orange: {raise: 1, clear: 0.5}}
      """;

  /** Version 1: the capacity rule removed, a head count added. */
  private static final String RULES_V1 = "version: 1\n" + RULES_V0.substring(0, RULES_V0.indexOf("  - id: crowd-capacity"))
      + """
        - id: crowd-head-count
          scope: {cameras: [cam1]}
          metric: people
          condition: {type: crowd, recent: 2s}
          levels: {blue: 1}
      """ + RULES_V0.substring(RULES_V0.indexOf("  - id: crowd-surge"));
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  private RunningJob job;
  private InfluxClient influx;
  private String db;
  private CameraSimulator cameras;

  @BeforeEach
  void connect() throws Exception {
    Metrics.addRegistry(meters);
    job = RunningJob.prepare("crowd", run);
    influx = job.influx();
    db = job.db();
    job.clearOnClose(rulesTopic);
    job.clearOnClose(rulesTopic + "/status");
  }

  @AfterEach
  void cleanUp() throws Exception {
    Metrics.removeRegistry(meters);
    if (cameras != null) {
      cameras.stop();
      cameras.awaitStopped(10, TimeUnit.SECONDS);
    }
    if (job != null) {
      job.close();
    }
  }

  @Test
  void framesToCrowdPointsDetectionsAndACapacityAlert() throws Exception {
    // One zone covering the 768x576 frame: 4 m², capacity 4 (yellow from 0.9 x 4 = 3.6 persons, orange above
    // 1.01 x 4 = 4.04, red from 1.25 x 4 = 5).
    Path camerasFile = dir.resolve("cameras.json");
    Files.writeString(camerasFile, "[{\"cameraId\": \"cam1\", \"zones\": [{\"id\": \"plaza\", "
        + "\"polygonPx\": [[0,0],[768,0],[768,576],[0,576]], \"areaM2\": 4.0, \"capacity\": 4}]}]");
    Map<String, String> settings = settings();
    settings.put("VIGIL_CAMERAS_FILE", camerasFile.toString());
    settings.put("VIGIL_RULES_FILE", Files.writeString(dir.resolve("rules.yaml"), RULES_V0).toString());
    settings.put("VIGIL_RULES_TOPIC", rulesTopic);
    settings.put("VIGIL_CROWD_MAX_FRAME_AGE_MS", "5000");

    List<String> alertFeed = job.feed().subscribe("vigil/" + site + "/alerts/#");
    List<String> detections = job.feed().subscribe("vigil/" + site + "/camera/cam1/detections");
    List<String> deadLetters = job.feed().subscribe("vigil/deadletter");
    List<String> rulesStatus = job.feed().subscribe(rulesTopic + "/status");

    job.start(settings, List.of());
    // 2 people for 20 s (the job starts and subscribes meanwhile), then rising to 12 over 20 s, at 5 fps.
    SyntheticScene.CrowdProfile crowd = new SyntheticScene.CrowdProfile(2, 12, 20, 20);
    cameras = new CameraSimulator(new CameraFeedOptions(TestServices.mqttUrl(), List.of(site), 1, 5, null, 768, 576,
        crowd, Duration.ofSeconds(75), 7, "it-crowd-cameras-" + run), s -> {}, Clock.systemUTC());
    Thread feed = new Thread(cameras, "it-camera-feed");
    long started = System.nanoTime();
    feed.start();

    // Detections flow once the job's readers are subscribed.
    await().atMost(Duration.ofSeconds(60)).until(() -> !detections.isEmpty());
    JsonNode first = JSON.readTree(detections.get(0));
    assertThat(first.get("camera").asText()).isEqualTo("cam1");
    assertThat(first.get("zones").get(0).get("id").asText()).isEqualTo("plaza");
    assertThat(first.get("zones").get(0).get("areaM2").asDouble()).isEqualTo(4.0);

    // A frame whose header is readable (so the decoder passes it) but whose image data cannot be decoded.
    byte[] good = new SyntheticScene(768, 576, crowd, 1).frame(0, 0);
    job.publish("vigil/" + site + "/camera/cam9/frame",
        CameraSimulator.envelope(System.currentTimeMillis(), 1, undefinedHuffmanTables(good)));
    await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters.stream().anyMatch(d -> d.contains("cam9")));
    JsonNode dead = JSON.readTree(deadLetters.stream().filter(d -> d.contains("cam9")).findFirst().orElseThrow());
    assertThat(dead.get("reason").asText()).isEqualTo(FrameAnalysisOperator.UNDECODABLE);
    assertThat(dead.get("topic").asText()).isEqualTo("vigil/" + site + "/camera/cam9/frame");
    assertThat(dead.get("detail").asText()).contains("OpenCV could not decode");

    // The growing crowd opens the capacity alert of zone plaza and escalates it to red (12 people, 5 or more is red).
    String subject = site + "/camera/cam1/plaza";
    await().atMost(Duration.ofSeconds(90)).until(() -> alerts(alertFeed, "crowd-capacity").stream()
        .anyMatch(a -> a.get("data").get("level").asText().equals("red")));
    List<JsonNode> capacity = alerts(alertFeed, "crowd-capacity");
    JsonNode opened = capacity.get(0).get("data");
    assertThat(opened.get("state").asText()).isEqualTo("opened");
    assertThat(opened.get("subject").asText()).isEqualTo(subject);
    assertThat(opened.get("message").asText()).contains("in zone plaza of " + site + "/camera/cam1", "capacity 4");
    double seconds = (System.nanoTime() - started) / 1e9;

    // A ruleset published while the job runs: the capacity rule goes (its open alert resolves at once), the head
    // count comes (it opens at the next frame, 12 people >= 1). No restart.
    long publishedAt = System.nanoTime();
    job.publish(rulesTopic, RULES_V1, true);
    await().atMost(Duration.ofSeconds(30)).until(() -> rulesStatus.stream().anyMatch(x -> x.contains("\"accepted\"")));
    await().atMost(Duration.ofSeconds(30)).until(() -> !alerts(alertFeed, "crowd-head-count").isEmpty()
        && alerts(alertFeed, "crowd-capacity").stream().anyMatch(a -> a.get("data").get("state").asText()
            .equals("resolved")));
    double reloadSeconds = (System.nanoTime() - publishedAt) / 1e9;
    JsonNode headCount = alerts(alertFeed, "crowd-head-count").get(0).get("data");
    assertThat(headCount.get("state").asText()).isEqualTo("opened");
    assertThat(headCount.get("level").asText()).isEqualTo("blue");
    assertThat(headCount.get("subject").asText()).isEqualTo(subject);
    JsonNode removed = alerts(alertFeed, "crowd-capacity").stream()
        .filter(a -> a.get("data").get("state").asText().equals("resolved")).findFirst().orElseThrow().get("data");
    assertThat(removed.get("message").asText()).contains("rule crowd-capacity was removed from the ruleset");
    assertThat(removed.get("id").asText()).isEqualTo(opened.get("id").asText());
    System.out.printf("crowd IT: ruleset v1 in force and its crowd alerts out %.1f s after publishing%n",
        reloadSeconds);

    // InfluxDB: crowd points per zone and the alert history.
    await().atMost(Duration.ofSeconds(30)).until(() ->
        influx.count(db, "SELECT count(people) FROM crowd WHERE camera = 'cam1' AND zone = 'plaza'") > 20
            && influx.count(db, "SELECT count(message) FROM alerts WHERE rule = 'crowd-capacity'") >= capacity.size());
    JsonNode max = influx.query(db, "SELECT max(people), max(density_per_m2) FROM crowd WHERE zone = 'plaza'");
    JsonNode row = max.get("results").get(0).get("series").get(0).get("values").get(0);
    assertThat(row.get(1).asLong()).isGreaterThanOrEqualTo(5); // red was reached: 5 or more
    assertThat(row.get(2).asDouble()).isEqualTo(row.get(1).asLong() / 4.0);
    long deadStored = influx.count(db, "SELECT count(detail) FROM deadletter WHERE reason = 'frame_undecodable'");
    assertThat(deadStored).isEqualTo(1);

    double analysed = sum("framesAnalysed");
    double dropped = sum("framesDroppedStale");
    double superseded = sum("framesDroppedSuperseded");
    double tooOld = sum("framesDroppedTooOld");
    double accepted = sum("framesAccepted");
    System.out.printf("crowd IT: %.0f s, %d frames published by the camera, %.0f accepted, %.0f analysed (%.1f/s), "
            + "%.0f dropped stale (%.0f superseded, %.0f too old), %d detections messages, alerts: %s%n",
        seconds, cameras.published(), accepted, analysed, analysed / seconds, dropped, superseded, tooOld,
        detections.size(), capacity.stream().map(a -> a.get("data").get("state").asText() + ":"
            + a.get("data").get("level").asText()).toList());
    assertThat(analysed).isGreaterThan(20);
    assertThat(sum("framesUndecodable")).isEqualTo(1);
  }

  private Map<String, String> settings() {
    Map<String, String> settings = job.settings(site, dir.resolve("checkpoints"));
    settings.put("VIGIL_MQTT_SESSION_EXPIRY_S", "120");
    settings.put("VIGIL_CHECKPOINT_INTERVAL_MS", "1000");
    return settings;
  }

  /**
   * Overload: 4 cameras at 15 fps each, about twice what the two analysis subtasks manage on a quiet 2-core machine
   * (measured 27 frames/s for this scene). The job must not build a
   * backlog: frames are dropped and counted, and what is analysed is fresh (detections arrive within the age limit
   * plus publishing time of their capture). Every accepted frame is accounted for: analysed or dropped.
   */
  private static final int CAMERAS = 4;
  private static final int FPS = 15;
  private static final int SECONDS = 30;

  @Test
  void underOverloadStaleFramesAreDroppedAndCountedAndAnalysisStaysFresh() throws Exception {
    Map<String, String> settings = settings();
    settings.put("VIGIL_CROWD_MAX_FRAME_AGE_MS", "2000");
    List<MqttFeed.Message> detections = job.feed().subscribeMessages("vigil/" + site + "/camera/+/detections");
    job.start(settings, List.of());
    cameras = new CameraSimulator(new CameraFeedOptions(TestServices.mqttUrl(), List.of(site), CAMERAS, FPS, null, 768,
        576, new SyntheticScene.CrowdProfile(12, 12, 0, 0), Duration.ofSeconds(SECONDS), 11, "it-crowd-cameras-" + run),
        s -> {}, Clock.systemUTC());
    Thread feed = new Thread(cameras, "it-camera-feed");
    feed.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> !detections.isEmpty());
    long measureFrom = System.currentTimeMillis();
    int measuredFrom = detections.size();
    double analysedBefore = sum("framesAnalysed");
    feed.join(60_000);
    long measured = System.currentTimeMillis() - measureFrom;
    // What was accepted is analysed or dropped once the threads are idle again.
    await().atMost(Duration.ofSeconds(20)).until(() ->
        sum("framesAccepted") == sum("framesAnalysed") + sum("framesDroppedStale"));
    double analysed = sum("framesAnalysed");
    double dropped = sum("framesDroppedStale");
    List<MqttFeed.Message> arrived = List.copyOf(detections);
    long[] lag = arrived.subList(measuredFrom, arrived.size()).stream() // capture ts -> arrival
        .mapToLong(m -> m.arrivedAtMs() - tsMs(m.payload())).sorted().toArray();
    long p50 = lag[lag.length / 2];
    long p95 = lag[(int) (lag.length * 0.95)];
    System.out.printf("crowd overload IT: %d cameras x %d fps for %d s: %d published, %.0f accepted, %.0f analysed "
            + "(%.1f/s while measured), %.0f dropped stale (%.0f superseded, %.0f too old); capture-to-detections "
            + "latency p50 %d ms, p95 %d ms, max %d ms%n",
        CAMERAS, FPS, SECONDS, cameras.published(), sum("framesAccepted"), analysed,
        (analysed - analysedBefore) * 1000.0 / measured,
        dropped, sum("framesDroppedSuperseded"), sum("framesDroppedTooOld"), p50, p95, lag[lag.length - 1]);
    assertThat(dropped).as("frames dropped under overload").isGreaterThan(0);
    assertThat(p95).as("analysed frames are fresh: p95 capture-to-detections latency").isLessThan(3_000);
    assertThat(lag[lag.length - 1]).as("no frame analysed later than its age limit allows").isLessThan(2_000 + 2_000);
  }

  /**
   * The JPEG with its scan pointing at Huffman tables 3, which it does not define: the header reads fine (the job's
   * frame check passes it), but decoding fails when the decoder builds the scan's tables.
   */
  static byte[] undefinedHuffmanTables(byte[] jpeg) {
    byte[] out = jpeg.clone();
    for (int i = 2; i + 6 < out.length; i++) {
      if ((out[i] & 0xff) == 0xFF && (out[i + 1] & 0xff) == 0xDA) {
        out[i + 6] = 0x33; // FF DA, length (2), component count (1), first component id (1), its Td/Ta
        return out;
      }
    }
    throw new IllegalArgumentException("no start-of-scan marker");
  }

  private static List<JsonNode> alerts(List<String> feed, String rule) {
    List<JsonNode> out = new ArrayList<>();
    for (String s : feed) {
      try {
        JsonNode n = JSON.readTree(s);
        JsonNode data = n.has("data") ? n.get("data") : n;
        if (rule.equals(data.path("rule").asText())) {
          out.add(n.has("data") ? n : JSON.createObjectNode().set("data", n));
        }
      } catch (Exception e) {
        throw new AssertionError("alert feed message is not JSON: " + s, e);
      }
    }
    return out;
  }

  private static long tsMs(String detections) {
    try {
      return JSON.readTree(detections).get("tsMs").asLong();
    } catch (Exception e) {
      throw new AssertionError("detections message is not JSON: " + detections, e);
    }
  }

  private double sum(String suffix) {
    double total = 0;
    for (Meter m : meters.getMeters()) {
      if (m.getId().getName().endsWith(suffix)) {
        for (Measurement x : m.measure()) {
          total += x.getValue();
        }
      }
    }
    return total;
  }
}
