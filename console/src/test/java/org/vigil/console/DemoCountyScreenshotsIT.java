package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Assumptions;
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
import org.vigil.alerts.webhook.WebhookSigner;
import org.vigil.cli.launcher.DemoRegistry;
import org.vigil.cli.launcher.FreshStart;
import org.vigil.cli.launcher.LoudspeakerReceiver;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.jobs.monitoring.MonitoringConfig;
import org.vigil.jobs.monitoring.MonitoringJob;
import org.vigil.jobs.testing.JobSettings;
import org.vigil.simulator.DeviceSimulator;
import org.vigil.simulator.SimulatorArgs;
import org.vigil.simulator.camera.CameraFeedOptions;
import org.vigil.simulator.camera.CameraSimulator;
import picocli.CommandLine;

/**
 * The README's screenshots (docs/screenshots), of the demo county as {@code ./vigil run} plays it: the job with the
 * demo registry and the shipped ruleset, the simulator's storm over Cloudridge Township (begun 55 minutes before the
 * start, so the wettest gauges are red at once), the gorge trail's camera, the built-in loudspeaker controllers and
 * the console in headless Chromium. Runs only when asked for, as it writes into the docs:
 *
 * <pre>
 *   ./vigil test -pl console -am -Dit.test=DemoCountyScreenshotsIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dvigil.docs.screenshots=$PWD/docs/screenshots
 * </pre>
 *
 * (add -o to build offline). The camera plays the vtest clip when {@code infra/fetch-vtest.sh} has fetched it into
 * {@code .vigil/data/vtest-frames}, else a drawn crowd. Afterwards the retained site and region risk, warnings and
 * broadcast coverage are cleared from the test broker ({@code ./vigil run --fresh}'s clean-up), so no demo site is
 * left for other tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoCountyScreenshotsIT {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  /** The storm's wettest site: its rain gauges see the most. */
  private static final String STORM_SITE = "upper-hollow-slope";
  private static final String CAMERA = "cam-lantern-pass-gorge-cam1";
  /** A site the storm misses. */
  private static final String QUIET_SITE = "riverbend-gauge";
  /** The township the storm sits over. */
  private static final String STORM_TOWNSHIP = "cloudridge-township";

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_demo_county_" + run;
  private final String clientPrefix = "it-demo-county-" + run;
  private InfluxClient influx;
  private LoudspeakerReceiver loudspeakers;
  private ConsoleFixture console;
  private JobClient job;
  private DeviceSimulator devices;
  private CameraSimulator cameras;
  private Browser browser;
  /** The storm alert acknowledged through the alerts view. */
  private String acknowledged;

  @BeforeAll
  void start() throws Exception {
    String docs = System.getProperty("vigil.docs.screenshots", "");
    Assumptions.assumeTrue(!docs.isBlank(), "the demo county's screenshots are taken only when asked for "
        + "(-Dvigil.docs.screenshots=$PWD/docs/screenshots)");
    Browser.assumeAvailable();
    influx = TestInflux.client();
    influx.createDatabase(db);
    String secret = WebhookSigner.generateSecret();
    loudspeakers = LoudspeakerReceiver.start(0, List.of(secret));
    Path registry = DemoRegistry.withLoudspeakerPort(REPO.resolve(SimulatorArgs.DEMO_REGISTRY), dir,
        loudspeakers.port());
    String registryTopic = "vigil/config/registry-demo" + run;
    Map<String, String> settings = JobSettings.forTest(db, "it" + run, clientPrefix, "", dir.resolve("checkpoints"));
    settings.put("VIGIL_REGISTRY_FILE", registry.toString());
    settings.put("VIGIL_REGISTRY_TOPIC", registryTopic);
    // No VIGIL_RULES_FILE: the ruleset shipped in the jar (infra/rules/default.yaml), as ./vigil run has it; the
    // rules view names it so rather than by the path of one machine's checkout.
    settings.put("VIGIL_BROADCAST_SECRET", secret);
    settings.put("VIGIL_CROWD_MAX_FRAME_AGE_MS", "5000");
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", registry.toString(),
        "VIGIL_REGISTRY_TOPIC", registryTopic),
        List.<String[]>of(new String[] {"cloudridge", "operator", "cloudridge-township"}));
    job = MonitoringJob.startLocal(MonitoringConfig.from(settings::get), List.of());
    // The broker discards what is published before the job's shared subscription exists (or hands it to the
    // console alone): wait until a probe, a quiet device's reading of an hour ago, is stored (repeats of it are
    // duplicates; a site outside the registry would show on the overview).
    try (Publisher probe = new Publisher(TestServices.mqttUrl(), "it-demo-county-probe-" + run)) {
      long hourAgo = System.currentTimeMillis() - 3_600_000;
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
        probe.publish("vigil/" + QUIET_SITE + "/rain/rg-1/data", "{\"ts\":" + hourAgo
            + ",\"seq\":0,\"values\":{\"rain_mm\":0.0}}", false);
        return influx.count(db, "SELECT count(rain_mm) FROM rain WHERE site = '" + QUIET_SITE + "'") > 0;
      });
    }
    SimulatorArgs args = new SimulatorArgs();
    Path frames = REPO.resolve(CameraFeedOptions.DEFAULT_CLIP_DIR);
    new CommandLine(args).parseArgs("--registry", registry.toString(), "--storm-lead", "PT55M", "--duration", "PT8M",
        "--camera-fps", "2", "--camera-frames", frames.toString());
    devices = new DeviceSimulator(args.options(TestServices.mqttUrl()), line -> System.out.println("demo: " + line),
        Clock.systemUTC());
    Thread t = new Thread(devices, "it-demo-county-devices");
    t.setDaemon(true);
    t.start();
    cameras = new CameraSimulator(args.cameraOptions(TestServices.mqttUrl()), s -> {}, Clock.systemUTC());
    Thread c = new Thread(cameras, "it-demo-county-cameras");
    c.setDaemon(true);
    c.start();
    browser = Browser.start();
    browser.login(console.server.url(), ConsoleFixture.OPERATOR);
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
    if (loudspeakers != null) {
      loudspeakers.close();
    }
    if (influx != null) {
      influx.dropDatabase(db);
      TestServices.removeMqttSessions(List.of(clientPrefix + "-0", clientPrefix + "-1"));
      FreshStart.clearRetainedState(TestServices.mqttUrl(), MqttClientSecurity.fromSystemProperties(),
          Duration.ofMillis(500));
    }
  }

  @Test
  @Order(1)
  void overviewOfTheCountyInTheStorm() throws Exception {
    browser.waitUpTo(Duration.ofMinutes(4)).until(d -> "red".equals(browser.js(
        "var t = document.getElementById('site-" + STORM_SITE + "'); return t ? t.dataset.level : null;")));
    // The other storm sites catch up within a report or two.
    Thread.sleep(20_000);
    List<String> red = new ArrayList<>();
    for (WebElement tile : browser.driver.findElements(By.cssSelector("[id^='site-'][data-level='red']"))) {
      red.add(tile.getAttribute("id").substring("site-".length()));
    }
    System.out.println("demo county: sites red on the overview: " + red);
    assertThat(red).contains(STORM_SITE).allMatch(SimulatorArgs.DEMO_STORM_SITES::contains);
    browser.screenshot("overview", true);
  }

  @Test
  @Order(2)
  void alertsWithOneAcknowledged() throws Exception {
    browser.driver.findElement(By.id("nav-alerts")).click();
    browser.waitUpTo(Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("#alert-rows tr")).isEmpty());
    // Acknowledge one of the wettest site's open alerts by its Acknowledge button. The feed offers the button only
    // on alerts whose newest transition arrived live, not on those of the snapshot the page loaded at login (its
    // alerts and alertStates are separate objects); when none of the site's alerts offers it, the newest open one
    // (rows are newest first) by the same request the button sends, from the page's session.
    String alertId = browser.waitUpTo(Duration.ofSeconds(30)).until(d -> (String) browser.js(
        "var site = arguments[0], seen = {};"
            + " var offered = Array.from(document.querySelectorAll('#alert-rows button.ack')).find(function (b) {"
            + "   return b.closest('tr').children[1].textContent === site; });"
            + " if (offered) return offered.dataset.id;"
            + " var rows = Array.from(document.querySelectorAll('#alert-rows tr'));"
            + " for (var k = 0; k < rows.length; k++) { var r = rows[k], id = r.dataset.id;"
            + "   if (seen[id]) continue; seen[id] = true;"
            + "   if (r.children[1].textContent === site && r.dataset.state !== 'resolved'"
            + "       && r.dataset.state !== 'acknowledged') return id; }"
            + " return null;", STORM_SITE));
    Object button = browser.js("var b = document.querySelector('#alert-rows button.ack[data-id=\"' + arguments[0]"
        + " + '\"]'); if (b) b.click(); return !!b;", alertId);
    if (!Boolean.TRUE.equals(button)) {
      Object status = browser.js("return fetch('/api/alerts/' + encodeURIComponent(arguments[0]) + '/ack', {method:"
          + " 'POST', credentials: 'same-origin', headers: {'Content-Type': 'application/json'}, body: '{\"comment\":"
          + " \"crew on the way\"}'}).then(function (r) { return r.status; });", alertId);
      System.out.println("demo county: acknowledged " + alertId + " by the console API: " + status);
    }
    browser.waitUpTo(Duration.ofSeconds(60)).until(d -> !d.findElements(
        By.cssSelector("#alert-rows tr[data-id='" + alertId + "'][data-state='acknowledged']")).isEmpty());
    assertThat(browser.text("#alert-rows tr[data-id='" + alertId + "'][data-state='acknowledged']"))
        .contains("acknowledged by " + ConsoleFixture.OPERATOR);
    acknowledged = alertId;
    Thread.sleep(1000);
    browser.screenshot("alerts-acknowledged", true);
  }

  private String attr(String css, String name) {
    Object v = browser.js("var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        css, name);
    return v == null ? null : v.toString();
  }

  @Test
  @Order(3)
  void theCountyMapAndTheStormsTownship() throws Exception {
    browser.driver.findElement(By.id("nav-map")).click();
    // The storm's sites red or orange, Cloudridge Township red with them; the other townships calm.
    browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "red".equals(attr(
        "#map path.region[data-region='" + STORM_TOWNSHIP + "']", "data-level")));
    browser.waitUpTo(Duration.ofSeconds(30)).until(d -> "Ashgrove County".equals(browser.text("#map-crumbs")));
    List<String> alerting = new ArrayList<>();
    for (WebElement dot : browser.driver.findElements(By.cssSelector(
        "#map circle.dot[data-level='red'], #map circle.dot[data-level='orange']"))) {
      alerting.add(dot.getAttribute("data-site"));
    }
    System.out.println("demo county: sites red or orange on the map: " + alerting);
    assertThat(alerting).contains(STORM_SITE).allMatch(SimulatorArgs.DEMO_STORM_SITES::contains);
    assertThat(browser.driver.findElements(By.cssSelector("#map circle.dot"))).hasSize(30);
    Thread.sleep(1000);
    browser.screenshot("map", true);

    // Drilled down into the storm's township: its villages, their sites, the side panel's counts.
    browser.js("document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        "#map path.region[data-region='" + STORM_TOWNSHIP + "']");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "Ashgrove County › Cloudridge Township".equals(
        browser.text("#map-crumbs")));
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(
        "#map circle.dot[data-site='" + STORM_SITE + "']")).isEmpty());
    Thread.sleep(1000);
    browser.screenshot("map-township", true);
  }

  @Test
  @Order(4)
  void theDutyBoardWithTheAcknowledgement() throws Exception {
    browser.driver.findElement(By.id("nav-board")).click();
    try {
      browser.waitUpTo(Duration.ofSeconds(30)).until(d -> browser.text(
          "#board-summary tr[data-region='" + STORM_TOWNSHIP + "']") != null);
      // The acknowledgement of the alerts view, in its village's card.
      browser.waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector(
          "#board-cards .col-acknowledged li[data-id='" + acknowledged + "']")).isEmpty());
    } catch (org.openqa.selenium.TimeoutException e) {
      browser.screenshot("duty-board-failed", false);
      throw new AssertionError("the duty board shows: " + browser.text("#view-board") + " | hash "
          + browser.js("return location.hash;") + " | toast " + browser.text("#toast"), e);
    }
    Thread.sleep(1000);
    browser.screenshot("duty-board", true);
  }

  @Test
  @Order(5)
  void sensorsOfTheWettestSite() throws Exception {
    browser.driver.get(console.server.url() + "#/sites/" + STORM_SITE);
    browser.waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#sensor-rows tr")).isEmpty());
    // The wetter gauge's charts: accumulations against the rules' thresholds.
    Thread.sleep(5000);
    browser.js("var rows = Array.from(document.querySelectorAll('#sensor-rows tr'));"
        + " (rows.find(function (r) { return r.textContent.trim().indexOf('rg-2') === 0; }) || rows[0]).click();");
    browser.waitUpTo(Duration.ofSeconds(30)).until(d -> !d.findElements(By.cssSelector("#charts .chart path.series"))
        .isEmpty());
    Thread.sleep(2000);
    browser.screenshot("sensors", true);
  }

  @Test
  @Order(6)
  void theGorgeTrailsCamera() throws Exception {
    browser.driver.get(console.server.url().toString());
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("nav-cameras")).isDisplayed());
    browser.driver.findElement(By.id("nav-cameras")).click();
    browser.waitUpTo(Duration.ofSeconds(120)).until(d -> {
      String n = browser.text("#" + CAMERA + " .count");
      return n != null && !n.isBlank() && Integer.parseInt(n.strip()) > 0;
    });
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(browser.js(
        "var c = document.querySelector('#" + CAMERA + " canvas');"
            + " var px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; var s = 0;"
            + " for (var k = 0; k < px.length; k += 4000) s += px[k]; return s > 0;")));
    Thread.sleep(1500);
    browser.screenshot("cameras", true);
  }

  @Test
  @Order(7)
  void warningsInForceAndTheLoudspeakersThatConfirmedThem() throws Exception {
    browser.driver.findElement(By.id("nav-duty")).click();
    browser.waitUpTo(Duration.ofSeconds(120)).until(d ->
        !d.findElements(By.cssSelector("#duty-warning-rows button.lift-warning")).isEmpty()
            && !d.findElements(By.cssSelector("#broadcast-rows tr[data-incident]")).isEmpty());
    await().atMost(Duration.ofSeconds(60)).until(() -> loudspeakers.confirmed() > 0);
    Thread.sleep(3000);
    System.out.println("demo county: loudspeakers confirmed so far: " + loudspeakers.confirmed());
    // The storm's warnings fill more than a screen: scroll so the newest of them and the loudspeaker coverage show.
    browser.js("window.scrollTo(0, document.getElementById('broadcasts').getBoundingClientRect().top"
        + " + window.scrollY - 420);");
    Thread.sleep(500);
    browser.screenshot("warnings", true);
  }

  @Test
  @Order(8)
  void aRuleEditWithAMistake() throws Exception {
    browser.login(console.server.url(), ConsoleFixture.ENGINEER);
    browser.driver.findElement(By.id("nav-rules")).click();
    WebElement editor = browser.driver.findElement(By.id("rules-yaml"));
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> editor.getAttribute("value").contains("rain-1h"));
    String yaml = editor.getAttribute("value").replace("metric: rain_1h", "metric: rain_1hr");
    browser.js("var t = document.getElementById('rules-yaml'); t.value = arguments[0]; t.dataset.touched = '1';", yaml);
    editor.sendKeys(Keys.END);
    browser.driver.findElement(By.id("rules-validate")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector("#rules-problems .problem"))
        .isEmpty());
    // Click the problem: the editor selects its line; shown from the top, where the line is.
    browser.driver.findElement(By.cssSelector("#rules-problems .problem")).click();
    browser.js("var t = document.getElementById('rules-yaml'); t.scrollTop = 0; t.scrollLeft = 0;");
    Thread.sleep(500);
    browser.screenshot("rules-validation", true);
    assertThat(Files.exists(Path.of(System.getProperty("vigil.docs.screenshots"), "rules-validation.png"))).isTrue();
  }
}
