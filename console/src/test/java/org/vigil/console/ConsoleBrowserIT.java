package org.vigil.console;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.console.http.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.simulator.DeviceSimulator;
import org.vigil.simulator.SimulatorOptions;
import org.vigil.simulator.camera.CameraFeedOptions;
import org.vigil.simulator.camera.CameraSimulator;
import org.vigil.simulator.camera.SyntheticScene;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.connectors.testing.TestInflux;

/**
 * The console in headless Chromium against the running pipeline: the monitoring job (MiniCluster) with the device
 * simulator's storm scenario and a camera simulator, the real Mosquitto and InfluxDB. The overview shows a site
 * turning red; an alert appears live and is acknowledged through the UI; a rule edit with a mistake shows the
 * validation message with its line; the camera view shows detections. Screenshots go to target/screenshots (the
 * README's, of the demo county, are {@link DemoCountyScreenshotsIT}'s).
 *
 * <p>The acknowledgement goes the whole way: the UI publishes it on {@code vigil/control/ack/<the console's
 * identity>}, the job accepts it (answer on {@code vigil/{site}/acks}) and publishes the {@code acknowledged} transition, which the UI shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {

  /** The storm crosses rain-1h's levels as the backfilled history is judged; red at 25 mm keeps the test short. */
  private static final String RULES = """
      rules:
        - id: rain-1h
          description: rainfall over the last hour
          scope: {sites: "*", kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            blue:   {raise: 10, clear: 6}
            yellow: {raise: 15, clear: 12}
            orange: {raise: 20, clear: 18}
            red:    {raise: 25, clear: 22}
      """;

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String site = "hill" + run;
  private final String plaza = "plaza" + run;
  private final String db = "it_console_e2e_" + run;
  /** Dropped after all the tests. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final String clientPrefix = "it-console-e2e-" + run;
  private InfluxClient influx;
  private ConsoleFixture console;
  private JobClient job;
  private DeviceSimulator devices;
  private CameraSimulator cameras;
  private Browser browser;
  private MqttFeed feed;
  private final List<String> levelsSeen = new ArrayList<>();

  @BeforeAll
  void start() throws Exception {
    Browser.assumeAvailable();
    influx = TestInflux.client();
    database.setUp();
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, RULES);
    Path camerasFile = dir.resolve("cameras.json");
    Files.writeString(camerasFile, "[{\"cameraId\": \"cam1\", \"zones\": [{\"id\": \"gate\", "
        + "\"polygonPx\": [[40,200],[728,200],[728,560],[40,560]], \"areaM2\": 30.0, \"capacity\": 40}]}]");
    Map<String, String> settings = JobSettings.forTest(db, "it" + run, clientPrefix, site + "," + plaza,
        dir.resolve("checkpoints"));
    settings.put("VIGIL_RULES_FILE", rules.toString());
    settings.put("VIGIL_CAMERAS_FILE", camerasFile.toString());
    settings.put("VIGIL_CROWD_MAX_FRAME_AGE_MS", "5000");
    settings.put("VIGIL_CHECKPOINT_INTERVAL_MS", "1000");
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_RULES_FILE", rules.toString(),
        "VIGIL_CAMERAS_FILE", camerasFile.toString(), "VIGIL_SITES", site + "," + plaza));
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-console-e2e-feed-" + run);
    browser = Browser.start();
    browser.login(console.server.url(), ConsoleFixture.OPERATOR);
    // Record every level the site's tile shows, from the first moment.
    browser.js("window.__levels = []; setInterval(function () { var t = document.getElementById('site-"
        + site + "'); var l = t ? t.dataset.level : 'absent'; if (window.__levels[window.__levels.length - 1] !== l)"
        + " window.__levels.push(l); }, 100);");
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get), List.of());
    // The broker discards what is published before the job's shared subscription exists: wait until a probe reading
    // (another site, no rain) is stored before the storm's backfill is published.
    try (Publisher probe = new Publisher(TestServices.mqttUrl(), "it-console-e2e-probe-" + run)) {
      long[] seq = {0};
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        probe.publish("vigil/" + plaza + "/rain/probe/data", "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":"
            + seq[0]++ + ",\"values\":{\"rain_mm\":0.0}}", false);
        return influx.count(db, "SELECT count(rain_mm) FROM rain WHERE site = '" + plaza + "'") > 0;
      });
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (cameras != null) {
      cameras.stop();
      cameras.awaitStopped(10, TimeUnit.SECONDS);
    }
    if (devices != null) {
      devices.stop();
      devices.awaitStopped(10, TimeUnit.SECONDS);
    }
    if (job != null) {
      job.cancel().get(30, TimeUnit.SECONDS);
    }
    if (console != null) {
      console.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (influx != null) {
      TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1"));
      try (Publisher p = new Publisher(TestServices.mqttUrl(), "it-console-e2e-clean-" + run)) {
        p.publish("vigil/" + site + "/risk", "", true);
        p.publish("vigil/" + plaza + "/risk", "", true);
      }
    }
  }

  @Test
  @Order(1)
  void overviewShowsTheSiteTurningRedDuringTheStorm() throws Exception {
    // The storm scenario: began 45 minutes before the start; 3 gauges and no slope sensors, every 5 s.
    devices = new DeviceSimulator(new SimulatorOptions(TestServices.mqttUrl(), List.of(site), 3, 0,
        Duration.ofSeconds(5), SimulatorOptions.Scenario.STORM, null, Duration.ofMinutes(45), null, null, null, null,
        0, Duration.ofMinutes(4), 5), s -> {}, Clock.systemUTC());
    Thread t = new Thread(devices, "it-console-devices");
    t.setDaemon(true);
    t.start();
    long started = System.nanoTime();
    browser.waitUpTo(Duration.ofSeconds(120)).until(d ->
        "red".equals(d.findElement(By.id("site-" + site)).getAttribute("data-level")));
    double seconds = (System.nanoTime() - started) / 1e9;
    // The recorder samples every 100 ms: let it see the red the wait above saw.
    browser.waitUpTo(Duration.ofSeconds(2)).until(d -> "red".equals(browser.js(
        "return window.__levels[window.__levels.length - 1];")));
    @SuppressWarnings("unchecked")
    List<String> levels = (List<String>) browser.js("return window.__levels;");
    levelsSeen.addAll(levels);
    System.out.printf("console e2e: site %s red on the overview %.1f s after the storm started; tile levels seen: %s%n",
        site, seconds, levels);
    assertThat(levels).last().isEqualTo("red");
    assertThat(levels.indexOf("red")).as("the tile was something else before it turned red").isGreaterThan(0);
    assertThat(browser.text("#site-" + site)).contains("RED").contains("rain-1h");
    browser.screenshot("overview", false);
  }

  @Test
  @Order(2)
  void anAlertAppearsLiveAndIsAcknowledgedThroughTheUi() throws Exception {
    List<String> acks = feed.subscribe("vigil/control/ack/#");
    List<String> answers = feed.subscribe("vigil/" + site + "/acks");
    browser.driver.findElement(By.id("nav-alerts")).click();
    new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("f-site"))).selectByVisibleText(site);
    browser.driver.findElement(By.id("f-open")).click();
    // Open, not yet resolved alerts of the storm, with an Acknowledge button.
    String alertId = browser.waitUpTo(Duration.ofSeconds(30)).until(d -> (String) browser.js(
        "var b = document.querySelector('#alert-rows button.ack'); return b ? b.dataset.id : null;"));
    browser.screenshot("alerts", false);
    // Clicked in one step: the feed redraws as alerts arrive.
    browser.js("document.querySelector('#alert-rows button.ack[data-id=\"' + arguments[0] + '\"]').click();", alertId);
    await().atMost(Duration.ofSeconds(10)).until(() -> acks.stream().anyMatch(a -> a.contains(alertId)));
    JsonNode sent = Json.MAPPER.readTree(acks.stream().filter(a -> a.contains(alertId)).findFirst().orElseThrow());
    assertThat(sent.get("by").asText()).isEqualTo(ConsoleFixture.OPERATOR);
    assertThat(sent.get("site").asText()).isEqualTo(site);

    // The job (noise control) accepts it: its answer on vigil/{site}/acks, and the acknowledged transition
    // on the alert feed, which the UI shows.
    await().atMost(Duration.ofSeconds(30)).until(() -> answers.stream().anyMatch(a -> a.contains(alertId)));
    JsonNode answer = Json.MAPPER.readTree(answers.stream().filter(a -> a.contains(alertId)).findFirst().orElseThrow());
    assertThat(answer.get("accepted").asBoolean()).as("the job's answer %s", answer).isTrue();
    assertThat(answer.get("by").asText()).isEqualTo(ConsoleFixture.OPERATOR);
    browser.driver.findElement(By.id("f-open")).click();
    browser.waitUpTo(Duration.ofSeconds(15)).until(d -> !d.findElements(
        By.cssSelector("#alert-rows tr[data-id='" + alertId + "'][data-state='acknowledged']")).isEmpty());
    browser.screenshot("alerts-acknowledged", false);
  }

  @Test
  @Order(3)
  void aRuleEditWithAMistakeShowsTheValidationMessage() throws Exception {
    browser.login(console.server.url(), ConsoleFixture.ENGINEER);
    browser.driver.findElement(By.id("nav-rules")).click();
    WebElement editor = browser.driver.findElement(By.id("rules-yaml"));
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> editor.getAttribute("value").contains("rain-1h"));
    // A typo in the metric name on line 5 of the ruleset in force.
    String yaml = editor.getAttribute("value").replace("metric: rain_1h", "metric: rain_1hr");
    browser.js("var t = document.getElementById('rules-yaml'); t.value = arguments[0]; t.dataset.touched = '1';", yaml);
    editor.sendKeys(Keys.END);
    browser.driver.findElement(By.id("rules-validate")).click();
    WebElement problem = browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
      List<WebElement> p = d.findElements(By.cssSelector("#rules-problems .problem"));
      return p.isEmpty() ? null : p.get(0);
    });
    int line = yaml.substring(0, yaml.indexOf("rain_1hr")).split("\n", -1).length;
    assertThat(problem.getText()).startsWith("line " + line + ":").contains("rain_1hr");
    browser.screenshot("rules-validation", false);
  }

  @Test
  @Order(4)
  void theCameraViewShowsDetections() throws Exception {
    cameras = new CameraSimulator(new CameraFeedOptions(TestServices.mqttUrl(), List.of(plaza), 1, 2, null, 768, 576,
        new SyntheticScene.CrowdProfile(6, 6, 0, 0), Duration.ofSeconds(90), 7, "it-console-cameras-" + run), s -> {},
        Clock.systemUTC());
    Thread t = new Thread(cameras, "it-console-cameras");
    t.setDaemon(true);
    t.start();
    browser.driver.findElement(By.id("nav-cameras")).click();
    String camId = "cam-" + plaza + "-cam1";
    // Detections with people in them (the first frames may come before the motion gate lets the detector run).
    browser.waitUpTo(Duration.ofSeconds(90)).until(d -> {
      String n = browser.text("#" + camId + " .count");
      return n != null && Integer.parseInt(n.strip()) > 0;
    });
    // Wait until the frame image is drawn under the boxes.
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(browser.js(
        "var c = document.querySelector('#" + camId + " canvas');"
            + " var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var s = 0;"
            + " for (var k = 0; k < px.length; k += 4000) s += px[k]; return s > 0;")));
    String text = browser.text("#" + camId + " .stats");
    System.out.println("console e2e: camera view: " + text.replace('\n', ' '));
    assertThat(text).contains("people").contains("gate").contains("LOS");
    assertThat(Integer.parseInt(browser.text("#" + camId + " .count").strip())).isGreaterThan(0);
    Thread.sleep(1500);
    browser.screenshot("cameras", false);

    // The sensors view with charts of the storm, for the README.
    browser.driver.get(console.server.url() + "#/sites/" + site);
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#sensor-rows tr")).isEmpty());
    browser.js("document.querySelector('#sensor-rows tr').click();");
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("#charts .chart path.series"))
        .isEmpty());
    assertThat(browser.driver.findElements(By.cssSelector("#charts .chart line.threshold"))).isNotEmpty();
    browser.screenshot("sensors", false);
  }
}
