package org.vigil.console;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigil.console.http.Json;
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
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.core.Level;
import org.vigil.jobs.testing.MqttFeed;
import org.vigil.registry.RegistryLoader;
import org.vigil.warning.cap.CapAlert;
import org.vigil.warning.cap.CapXml;
import org.vigil.warning.cap.Hazard;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.PublicWarnings;
import org.vigil.warning.cap.RegistryAreas;
import org.vigil.warning.cap.WarningBook;
import org.vigil.warning.cap.WarningTexts;

/**
 * The warnings view in headless Chromium, as a township operator: the hand-issued warning form offers the regions of
 * the township only and sends the request to the broker; the loudspeaker coverage panel follows the job's retained
 * coverage live, with the township's own counts only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleDutyBrowserIT {

  @TempDir static Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_console_dutyb_" + run;
  /** Dropped after all the tests. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final String incident = "incb-" + run;
  private InfluxClient influx;
  private ConsoleFixture console;
  private Browser browser;
  private Publisher job;
  private MqttFeed feed;
  private String warning;

  @BeforeAll
  void start() throws Exception {
    Browser.assumeAvailable();
    influx = TestInflux.client();
    database.setUp();
    Path reg = dir.resolve("registry.yaml");
    Files.writeString(reg, REGISTRY);
    long now = System.currentTimeMillis();
    influx.write(db, "device_health,scope=region,id=bc-east devices=10i,online=9i,reports_today=45i,expected_today=60i,"
        + "reports_month=900i,expected_month=1000i " + (now - 30_000) + "\n"
        + "device_health,scope=region,id=bc-west devices=3i,online=0i,reports_today=0i,expected_today=60i,"
        + "reports_month=0i,expected_month=1000i " + (now - 30_000) + "\n");
    console = ConsoleFixture.start(dir, db, Map.of("VIGIL_REGISTRY_FILE", reg.toString(),
        "VIGIL_REGISTRY_TOPIC", "vigil/config/registry-itb" + run), List.<String[]>of(
        new String[] {"tom", "operator", "bc-east"}));
    job = new Publisher(TestServices.mqttUrl(), "it-console-dutyb-job-" + run);
    feed = MqttFeed.connect(TestServices.mqttUrl(), "it-console-dutyb-feed-" + run);
    await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
    browser = Browser.start();
    browser.login(console.server.url(), "tom");
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (job != null) {
      job.publish("vigil/broadcast/" + incident, "", true);
      if (warning != null) {
        job.publish("vigil/warnings/" + warning, "", true);
      }
      job.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (console != null) {
      console.close();
    }
  }

  private static final String REGISTRY = """
      regions:
        - {id: bc-county, level: county}
        - {id: bc-east, name: East Township, level: township, parent: bc-county}
        - {id: bc-west, name: West Township, level: township, parent: bc-county}
        - {id: bc-east-v, name: Upper Hill Village, level: village, parent: bc-east, code: "99000111"}
        - {id: bc-west-v, name: Ridge Village, level: village, parent: bc-west}
      sites:
        - {id: bcsite, region: bc-east-v, location: {lat: 30.88, lon: 103.47}, devices: []}
      """;

  private String coverage(int confirmed, int pending, long at) {
    return "{\"incident\":\"" + incident + "\",\"identifier\":\"" + incident + ".1\",\"msgType\":\"Alert\","
        + "\"level\":\"red\",\"regions\":[\"bc-east-v\",\"bc-west-v\"],\"targets\":9,\"confirmed\":"
        + (confirmed + 2) + ",\"pending\":" + (pending + 3) + ",\"gaveUp\":0,\"superseded\":0,\"byRegion\":{"
        + "\"bc-east-v\":{\"targets\":4,\"confirmed\":" + confirmed + ",\"pending\":" + pending + ",\"gaveUp\":0},"
        + "\"bc-west-v\":{\"targets\":5,\"confirmed\":2,\"pending\":3,\"gaveUp\":0}},\"failures\":[],"
        + "\"updatedAtMs\":" + at + "}";
  }

  @Test
  void theWarningFormSendsARequestAndTheCoveragePanelFollowsTheBroadcastLive() throws Exception {
    List<String> requests = feed.subscribe("vigil/control/warning/#");
    browser.driver.findElement(By.id("nav-duty")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("#w-region option")).size() == 2);
    List<String> offered = browser.driver.findElements(By.cssSelector("#w-region option")).stream()
        .map(o -> o.getAttribute("value")).toList();
    assertThat(offered).containsExactly("bc-east", "bc-east-v");
    assertThat(browser.text("#duty-region")).contains("bc-east");

    new Select(browser.driver.findElement(By.id("w-region"))).selectByValue("bc-east-v");
    new Select(browser.driver.findElement(By.id("w-level"))).selectByVisibleText("red");
    browser.driver.findElement(By.id("w-description")).sendKeys("<b>leave</b> the school road");
    browser.driver.findElement(By.id("w-submit")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> !requests.isEmpty());
    JsonNode sent = Json.MAPPER.readTree(requests.get(0));
    assertThat(sent.get("region").asText()).isEqualTo("bc-east-v");
    assertThat(sent.get("level").asText()).isEqualTo("red");
    assertThat(sent.get("operator").asText()).isEqualTo("tom");
    assertThat(sent.get("description").asText()).isEqualTo("<b>leave</b> the school road");
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text("#w-result").contains("Sent to the job"));

    // The job's coverage, first 1 of 4 east loudspeakers confirmed, then 3: the panel follows without a reload.
    long now = System.currentTimeMillis();
    job.publish("vigil/broadcast/" + incident, coverage(1, 3, now), true);
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "1".equals(browser.text(
        "#broadcast-rows tr[data-incident='" + incident + "'] .confirmed")));
    job.publish("vigil/broadcast/" + incident, coverage(3, 1, now + 1000), true);
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> "3".equals(browser.text(
        "#broadcast-rows tr[data-incident='" + incident + "'] .confirmed")));
    String rowText = browser.text("#broadcast-rows tr[data-incident='" + incident + "']");
    assertThat(browser.text("#broadcast-rows tr[data-incident='" + incident + "'] .pending")).isEqualTo("1");
    assertThat(browser.text("#broadcast-rows tr[data-incident='" + incident + "'] .targets")).isEqualTo("4");
    assertThat(rowText).doesNotContain("bc-west-v");

    // Device health of the township (9 of 10 online, 45 of 60 reports today: 75.0 %), not of the other one, in the
    // health view.
    browser.driver.navigate().refresh();
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("nav-health")).isDisplayed()
        && "live".equals(browser.text("#conn")));
    browser.driver.findElement(By.id("nav-health")).click();
    browser.waitUpTo(Duration.ofSeconds(20)).until(d -> browser.text("#health-rows tr[data-region='bc-east']") != null);
    assertThat(browser.text("#health-rows tr[data-region='bc-east']")).contains("9 (90.0 %)")
        .contains("45 of 60 (75.0 %)").contains("900 of 1000 (90.0 %)");
    assertThat(browser.driver.findElements(By.cssSelector("#health-rows tr[data-region='bc-west']"))).isEmpty();

    // The job's warning for the village (as the job would issue it): listed with Lift, which sends the lift request.
    WarningBook book = new WarningBook(new PublicWarnings(PublicWarningPolicy.of("vigil@localhost", "Vigil"),
        WarningTexts.defaults(), new RegistryAreas(RegistryLoader.parse(REGISTRY, "it"))));
    CapAlert cap = book.issue(new PublicWarnings.Manual("bc-east-v", Hazard.LANDSLIDE, Level.RED, "tom",
        "leave the school road"), System.currentTimeMillis());
    warning = cap.identifier();
    job.publish("vigil/warnings/" + warning, CapXml.write(cap), true);
    browser.driver.findElement(By.id("nav-duty")).click();
    String lift = "#duty-warning-rows button.lift-warning[data-incident='" + warning + "']";
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> !d.findElements(By.cssSelector(lift)).isEmpty());
    browser.screenshot("warnings", false);
    browser.driver.findElement(By.cssSelector(lift)).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 2);
    JsonNode lifted = Json.MAPPER.readTree(requests.get(1));
    assertThat(lifted.get("action").asText()).isEqualTo("lift");
    assertThat(lifted.get("incident").asText()).isEqualTo(warning);
    assertThat(lifted.get("region").asText()).isEqualTo("bc-east-v");
  }

  @Test
  void aCommentOnAnAlertIsAddedAndShownAsText() throws Exception {
    String id = "alt_bc_" + run;
    job.publish("vigil/bcsite/alerts/orange", "{\"id\":\"" + id + "\",\"rule\":\"rain-1h\",\"site\":\"bcsite\","
        + "\"subject\":\"bcsite/rain/rg-1\",\"level\":\"orange\",\"previousLevel\":\"none\",\"state\":\"opened\","
        + "\"value\":31.5,\"threshold\":30.0,\"startedAt\":\"2026-11-29T08:00:00.000Z\","
        + "\"updatedAt\":\"2026-11-29T08:10:00.000Z\",\"message\":\"rain\",\"details\":{},\"forecastFailureAt\":null}",
        false);
    browser.driver.findElement(By.id("nav-alerts")).click();
    String row = "#alert-rows tr[data-id='" + id + "'] td";
    browser.waitUpTo(Duration.ofSeconds(15)).until(d -> !d.findElements(By.cssSelector(row)).isEmpty());
    browser.js("document.querySelector(arguments[0]).click();", row);
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> id.equals(browser.text("#comment-alert")));
    String markup = "<img src=x onerror=\"window.__pwned=1\"> gauge cleared";
    browser.driver.findElement(By.id("comment-text")).sendKeys(markup);
    browser.driver.findElement(By.id("comment-submit")).click();
    browser.waitUpTo(Duration.ofSeconds(10)).until(d -> {
      String t = browser.text("#comment-list");
      return t != null && t.contains("gauge cleared");
    });
    assertThat(browser.text("#comment-list")).contains("tom: " + markup);
    assertThat(browser.driver.findElements(By.cssSelector("#comment-list img"))).isEmpty();
    assertThat(browser.js("return window.__pwned === undefined;")).isEqualTo(Boolean.TRUE);
    JsonNode stored = Json.MAPPER.readTree(console.call("GET", "/api/alerts/" + id + "/comments",
        console.login("tom"), null).body());
    assertThat(stored.get(0).get("comment").asText()).isEqualTo(markup);
  }
}
