package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.http.Json;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;

/**
 * The county map, the duty board and the modes badge in headless Chromium against a console on the real broker, with
 * a registry of two townships with boundaries (a Polygon and a MultiPolygon) and a village without one: a site's
 * risk turns its dot and the regions above it red live; the drill-down goes county, township, village, site (its
 * devices and open alerts) and back by the breadcrumb; the duty board sorts the alerts per region into not
 * acknowledged, referred and acknowledged (by whom); a console without the modes API hides the modes badge; a site
 * name with markup stays text; {@code /api/map} is scoped to a township user's ground.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleMapBrowserIT {

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String s1 = "ms1" + run;
  private final String s2 = "ms2" + run;
  private final String s3 = "ms3" + run;
  private final String w1 = "mw1" + run;
  private final String db = "it_console_map_" + run;
  /** Dropped after all the tests. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private ConsoleFixture console;
  private Browser browser;
  private Publisher job;

  private String registry() {
    return """
        regions:
          - {id: mc, name: Map County, level: county}
          - id: me
            name: East Township
            level: township
            parent: mc
            boundary: {type: Polygon, coordinates: [[[103.0, 30.0], [103.5, 30.0], [103.5, 30.5], [103.0, 30.5], [103.0, 30.0]]]}
          - id: mw
            name: West Township
            level: township
            parent: mc
            boundary: {type: MultiPolygon, coordinates: [[[[102.5, 30.0], [103.0, 30.0], [103.0, 30.5], [102.5, 30.5], [102.5, 30.0]]]]}
          - {id: me-v, name: Upper Hill Village, level: village, parent: me}
        sites:
          - {id: S1, name: Slope One, region: me-v, location: {lat: 30.1, lon: 103.1}, devices: [{id: rg-1, kind: rain, interval: 10m}, {id: gn-1, kind: gnss, interval: 10m}]}
          - {id: S2, name: Slope Two, region: me-v, location: {lat: 30.2, lon: 103.3}, devices: []}
          - {id: S3, name: Slope Three, region: me-v, location: {lat: 30.35, lon: 103.15}, devices: []}
          - {id: W1, name: "<img src=x onerror=window.__xss=1>", region: mw, location: {lat: 30.25, lon: 102.75}, devices: []}
        """.replace("S1", s1).replace("S2", s2).replace("S3", s3).replace("W1", w1);
  }

  @BeforeAll
  void start() throws Exception {
    Browser.assumeAvailable();
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, registry());
    // Device health as the job writes it: East 9 of 10 devices online, West none of 3.
    database.setUp();
    long now = System.currentTimeMillis();
    TestInflux.client().write(db, "device_health,scope=region,id=me devices=10i,online=9i,reports_today=45i,"
        + "expected_today=60i,reports_month=900i,expected_month=1000i " + (now - 30_000) + "\n"
        + "device_health,scope=region,id=mw devices=3i,online=0i,reports_today=0i,expected_today=60i,"
        + "reports_month=0i,expected_month=1000i " + (now - 30_000) + "\n");
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(),
        "VIGIL_REGISTRY_TOPIC", "vigil/config/registry-itm" + run), List.<String[]>of(
        new String[] {"wendy", "operator", "mw"}));
    job = new Publisher(TestServices.mqttUrl(), "it-console-map-job-" + run);
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
    browser = Browser.start();
    browser.login(console.server.url(), ConsoleFixture.OPERATOR);
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (job != null) {
      for (String s : List.of(s1, s2, s3, w1)) {
        job.publish("vigil/" + s + "/risk", "", true);
      }
      job.close();
    }
    if (console != null) {
      console.close();
    }
  }

  private String alert(String id, String site, String level, String state, String extra) {
    return "{\"id\":\"" + id + "\",\"rule\":\"rain-1h\",\"site\":\"" + site + "\",\"subject\":\"" + site
        + "/rain/rg-1\",\"level\":\"" + level + "\",\"previousLevel\":\"yellow\",\"state\":\"" + state + "\","
        + "\"value\":31.5,\"threshold\":30.0,\"startedAt\":\"2026-11-29T08:00:00.000Z\","
        + "\"updatedAt\":\"2026-11-29T08:10:00.000Z\",\"message\":\"rain\",\"details\":{},\"forecastFailureAt\":null"
        + extra + "}";
  }

  private String attr(String css, String name) {
    Object v = browser.js("var e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
        css, name);
    return v == null ? null : v.toString();
  }

  private void click(String css) {
    browser.js("document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('click', {bubbles: true}));", css);
  }

  @Test
  void theMapColoursSitesAndRegionsLiveAndDrillsDownToASite() throws Exception {
    browser.driver.findElement(By.id("nav-map")).click();
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#map circle.dot")).size() == 4);
    assertThat(browser.driver.findElements(By.cssSelector("#map path.region"))).hasSize(2);
    assertThat(attr("#map path.region[data-region='me']", "d")).startsWith("M").endsWith("Z");
    assertThat(attr("#map path.region[data-region='mw']", "data-shape")).isEqualTo("boundary");
    assertThat(browser.text("#map-crumbs")).isEqualTo("Map County");
    // East lies east of West: its path starts further right (north up, east right).
    double eastX = Double.parseDouble(attr("#map circle.dot[data-site='" + s1 + "']", "cx"));
    double westX = Double.parseDouble(attr("#map circle.dot[data-site='" + w1 + "']", "cx"));
    assertThat(eastX).isGreaterThan(westX);
    // S3 (30.35 N) is drawn above S1 (30.1 N).
    assertThat(Double.parseDouble(attr("#map circle.dot[data-site='" + s3 + "']", "cy")))
        .isLessThan(Double.parseDouble(attr("#map circle.dot[data-site='" + s1 + "']", "cy")));

    // A red risk for S1: its dot, its township and (in the side panel) the county turn red; West stays calm.
    job.publish("vigil/" + s1 + "/risk", "{\"site\":\"" + s1 + "\",\"level\":\"red\",\"openAlerts\":1,"
        + "\"rule\":\"rain-1h\",\"subject\":\"" + s1 + "/rain/rg-1\"}", true);
    browser.waitUpTo(Duration.ofSeconds(15)).until(d -> "red".equals(attr("#map circle.dot[data-site='" + s1 + "']",
        "data-level")));
    browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "red".equals(attr("#map path.region[data-region='me']",
        "data-level")));
    assertThat(attr("#map path.region[data-region='mw']", "data-level")).isEqualTo("none");
    assertThat(attr("#map path.region[data-region='me']", "class")).contains("lvl-red");

    // Alerts: one open at S1, one referred at S2, one acknowledged at S3.
    job.publish("vigil/" + s1 + "/alerts/red", alert("alt_m1_" + run, s1, "red", "opened", ""), false);
    job.publish("vigil/" + s2 + "/alerts/red", alert("alt_m2_" + run, s2, "red", "referred",
        ",\"referral\":1,\"referredTo\":\"me\",\"referredToLevel\":\"township\",\"reminder\":false"), false);
    job.publish("vigil/" + s3 + "/alerts/orange", alert("alt_m3_" + run, s3, "orange", "acknowledged",
        ",\"ackedBy\":\"maria\""), false);

    // County -> East -> the village (no boundary: the hull of its three sites) -> S1.
    click("#map path.region[data-region='me']");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "Map County › East Township".equals(browser.text("#map-crumbs")));
    assertThat(attr("#map path.region[data-region='me-v']", "data-shape")).isEqualTo("hull");
    assertThat(browser.driver.findElements(By.cssSelector("#map circle.dot"))).hasSize(3);
    click("#map path.region[data-region='me-v']");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#map-crumbs").endsWith("Upper Hill Village"));
    click("#map circle.dot[data-site='" + s1 + "']");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#map-crumbs").endsWith("Slope One"));
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#map-site-devices tr[data-subject='" + s1
        + "/rain/rg-1']") != null);
    assertThat(browser.driver.findElements(By.cssSelector("#map-site-devices tr"))).hasSize(2);
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#map-site-alerts tr[data-id='alt_m1_" + run
        + "']") != null);
    assertThat(attr("#map circle.dot[data-site='" + s1 + "']", "class")).contains("current");
    browser.screenshot("map-site", false);

    // Back to the county by the breadcrumb.
    browser.driver.findElement(By.cssSelector("#map-crumbs a.crumb")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "Map County".equals(browser.text("#map-crumbs")));
    assertThat(browser.driver.findElements(By.cssSelector("#map circle.dot"))).hasSize(4);
    // The site name with markup is text in the side panel and in the dot's title; nothing ran.
    assertThat(browser.text("#map-side")).contains("East Township");
    assertThat(browser.driver.findElements(By.cssSelector("#map-side img, #map img"))).isEmpty();
    assertThat(browser.js("return window.__xss === undefined;")).isEqualTo(Boolean.TRUE);
    // The device health layer: West (0 of 3 online) red, East (9 of 10: 90 %, below 95 %) yellow; off again.
    browser.driver.findElement(By.id("map-health")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "red".equals(attr("#map path.region[data-region='mw']",
        "data-health")));
    assertThat(attr("#map path.region[data-region='me']", "data-health")).isEqualTo("yellow");
    browser.driver.findElement(By.id("map-health")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> attr("#map path.region[data-region='mw']", "data-health")
        == null);
    browser.screenshot("map-small", false);

    // The duty board: the village's card sorts the three alerts; the township's summary counts its subtree.
    browser.driver.findElement(By.id("nav-board")).click();
    String card = "#board-cards .duty-card[data-region='me-v']";
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text(card) != null);
    assertThat(browser.text(card + " .col-unacknowledged")).contains("Unacknowledged (1)").contains(s1);
    assertThat(browser.text(card + " .col-referred")).contains("Referred (1)").contains(s2)
        .contains("to East Township (township), referral 1");
    assertThat(browser.text(card + " .col-acknowledged")).contains("Acknowledged (1)").contains(s3)
        .contains("maria at 2026-11-29 08:10:00Z");
    assertThat(browser.text("#board-summary tr[data-region='me']")).contains("1\t1\t1");
    assertThat(browser.driver.findElements(By.cssSelector("#board-summary tr[data-region='mw']"))).isEmpty();
    browser.screenshot("duty-board", false);

    // The console's modes API (nobody switched a mode): the badge shows the county in daily mode, the tab is offered.
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !attr("#mode-badge", "class").contains("hidden"));
    assertThat(browser.text("#mode-badge")).contains("Map County: daily");
    assertThat(attr("#nav-modes", "class")).doesNotContain("hidden");
  }

  @Test
  void theMapApiIsScopedToTheUsersGround() throws Exception {
    String token = console.login("wendy");
    var r = console.call("GET", "/api/map", token, null);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode map = Json.MAPPER.readTree(r.body());
    assertThat(map.get("region").asText()).isEqualTo("mw");
    assertThat(map.get("regions")).extracting(n -> n.get("id").asText()).containsExactly("mw");
    assertThat(map.get("regions").get(0).get("boundary").get("type").asText()).isEqualTo("MultiPolygon");
    assertThat(map.get("sites")).extracting(n -> n.get("id").asText()).containsExactly(w1);
    assertThat(map.get("sites").get(0).get("lon").asDouble()).isEqualTo(102.75);
    assertThat(console.call("GET", "/api/map/sites/" + s1, token, null).statusCode()).isEqualTo(403);
    assertThat(console.call("GET", "/api/map", null, null).statusCode()).isEqualTo(401);
    JsonNode all = Json.MAPPER.readTree(console.call("GET", "/api/map", console.login(ConsoleFixture.VIEWER), null).body());
    assertThat(all.get("regions")).extracting(n -> n.get("id").asText()).containsExactly("mc", "me", "mw", "me-v");
    assertThat(all.get("regions").get(0).get("boundary").isNull()).isTrue();
    assertThat(all.get("sites")).hasSize(4);
    JsonNode site = Json.MAPPER.readTree(console.call("GET", "/api/map/sites/" + s1, token(ConsoleFixture.VIEWER), null)
        .body());
    assertThat(site.get("devices")).extracting(n -> n.get("subject").asText())
        .containsExactly(s1 + "/rain/rg-1", s1 + "/gnss/gn-1");
    assertThat(site.get("devices").get(0).get("intervalS").asLong()).isEqualTo(600);
    assertThat(site.get("regions")).extracting(n -> n.get("id").asText()).containsExactly("me-v", "me", "mc");
  }

  /**
   * The modes UI against the contract (contracts of the command modes: GET and POST /api/modes). So that the test
   * chooses the modes shown, the page's {@code fetch} answers {@code /api/modes} with the contract's example (injected
   * before the page's scripts through the DevTools protocol, and removed after); everything else is the real console.
   */
  @Test
  void theModesBadgeAndSwitchFollowTheContract() throws Exception {
    String fixture = "{\"modes\":[{\"region\":\"mc\",\"name\":\"Map County\",\"level\":\"county\",\"parent\":null,"
        + "\"mode\":null,\"effective\":\"daily\",\"setBy\":null,\"setAtMs\":null,\"reason\":null},"
        + "{\"region\":\"me\",\"name\":\"East Township\",\"level\":\"township\",\"parent\":\"mc\",\"mode\":\"holiday\","
        + "\"effective\":\"holiday\",\"setBy\":\"maria\",\"setAtMs\":1796620800000,\"reason\":\"<b>festival</b>\"},"
        + "{\"region\":\"me-v\",\"name\":\"Upper Hill Village\",\"level\":\"village\",\"parent\":\"me\",\"mode\":null,"
        + "\"effective\":\"holiday\",\"setBy\":null,\"setAtMs\":null,\"reason\":null},"
        + "{\"region\":\"mw\",\"name\":\"West Township\",\"level\":\"township\",\"parent\":\"mc\",\"mode\":null,"
        + "\"effective\":\"daily\",\"setBy\":null,\"setAtMs\":null,\"reason\":null}],\"canSwitch\":[\"me\",\"me-v\"]}";
    String inject = "(function () { var real = window.fetch; window.__modePosts = [];"
        + " window.fetch = function (path, o) { if (path === '/api/modes') {"
        + " if (o && o.method === 'POST') { window.__modePosts.push(o.body); return Promise.resolve(new Response("
        + "'{\"request\":\"req-1\"}', {status: 202, headers: {'Content-Type': 'application/json'}})); }"
        + " return Promise.resolve(new Response(" + Json.MAPPER.writeValueAsString(fixture) + ", {status: 200,"
        + " headers: {'Content-Type': 'application/json'}})); } return real.apply(this, arguments); }; })();";
    org.openqa.selenium.chrome.ChromeDriver chrome = (org.openqa.selenium.chrome.ChromeDriver) browser.driver;
    Map<String, Object> added = chrome.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", inject));
    try {
      browser.driver.navigate().refresh();
      browser.waitUpTo(Duration.ofSeconds(20)).until(d -> !attr("#mode-badge", "class").contains("hidden"));
      assertThat(browser.text("#mode-badge")).contains("Map County: daily").contains("East Township: holiday")
          .contains("Upper Hill Village: holiday").doesNotContain("West Township");
      assertThat(attr("#nav-modes", "class")).doesNotContain("hidden");
      browser.driver.findElement(By.id("nav-modes")).click();
      browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#modes-rows tr[data-region='me-v']") != null);
      assertThat(browser.text("#modes-rows tr[data-region='me-v']")).contains("inherits").contains("holiday");
      assertThat(browser.text("#modes-rows tr[data-region='me']")).contains("maria at 2026-12-07").contains("<b>festival</b>");
      assertThat(browser.driver.findElements(By.cssSelector("#modes-rows b"))).isEmpty();
      assertThat(browser.driver.findElements(By.cssSelector("#m-region option"))).extracting(o -> o.getAttribute("value"))
          .containsExactly("me", "me-v");
      // Without a reason nothing is sent; with one, the contract's body.
      new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("m-region"))).selectByValue("me");
      new org.openqa.selenium.support.ui.Select(browser.driver.findElement(By.id("m-mode"))).selectByValue("emergency");
      browser.driver.findElement(By.id("m-submit")).click();
      browser.waitUpTo(Duration.ofSeconds(5)).until(d -> "a reason is required".equals(browser.text("#m-result")));
      browser.driver.findElement(By.id("m-reason")).sendKeys("flood on the river road");
      browser.driver.findElement(By.id("m-submit")).click();
      browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#m-result").startsWith("Sent to the job"));
      @SuppressWarnings("unchecked")
      List<String> posts = (List<String>) browser.js("return window.__modePosts;");
      assertThat(posts).hasSize(1);
      JsonNode body = Json.MAPPER.readTree(posts.get(0));
      assertThat(body.get("region").asText()).isEqualTo("me");
      assertThat(body.get("mode").asText()).isEqualTo("emergency");
      assertThat(body.get("reason").asText()).isEqualTo("flood on the river road");
      browser.screenshot("modes", false);
    } finally {
      chrome.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added.get("identifier")));
      browser.driver.navigate().refresh();
    }
  }

  private String token(String user) throws Exception {
    return console.login(user);
  }
}
