package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;

/**
 * The camera view in headless Chromium, fed from the detections topic of the real Mosquitto as the job publishes it:
 * tracks (box, foot point and id, coloured by state) and counting lines (segment, direction and counts) are drawn on
 * the frame, and each zone's entries, exits, net inflow, dwell and minutes to full and each line's counts are listed.
 * Values from the feed stay values: a hostile line id is shown as text, and a message with a track state outside its
 * set is not kept.
 */
class ConsoleCameraIT {

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_console_cam_" + run;
  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final String site = "camsite" + run;

  /**
   * A 768x576 frame: line door (vertical, (430,140) -> (430,440): "in" points east), a moving track whose foot is at
   * (200, 300) and a still one at (600, 500) in zone gate; zone gate 9 people, 40 entries, 31 exits, net 2/min, longest
   * dwell 95 s, full in 20.5 minutes.
   */
  private String detections(String lineId, String state) {
    return "{\"site\":\"" + site + "\",\"camera\":\"cam1\",\"ts\":\"2026-12-06T10:00:00Z\",\"tsMs\":1796551200000,"
        + "\"seq\":1,\"width\":768,\"height\":576,\"people\":2,\"motionEnergy\":1.5,\"movingFraction\":0.1,"
        + "\"detectorRan\":true,\"boxes\":[],"
        + "\"tracks\":[{\"id\":41,\"x\":180,\"y\":200,\"w\":40,\"h\":100,\"footX\":200.0,\"footY\":300.0,"
        + "\"state\":\"" + state + "\",\"zone\":\"gate\",\"dwellS\":12.4},"
        + "{\"id\":42,\"x\":580,\"y\":400,\"w\":40,\"h\":100,\"footX\":600.0,\"footY\":500.0,\"state\":\"still\","
        + "\"zone\":\"gate\",\"dwellS\":95.0}],\"tracksTotal\":2,"
        + "\"lines\":[{\"id\":" + com.fasterxml.jackson.databind.node.TextNode.valueOf(lineId) + ",\"in\":31,"
        + "\"out\":12,\"from\":[430,140],\"to\":[430,440]}],"
        + "\"zones\":[{\"id\":\"gate\",\"people\":9,\"areaM2\":40,\"densityPerM2\":0.225,\"levelOfService\":\"A\","
        + "\"capacity\":50,\"entries\":40,\"exits\":31,\"netInflowPerMin\":2.0,\"maxDwellS\":95.0,"
        + "\"meanDwellS\":30.5,\"minutesToCapacity\":20.5}]}";
  }

  @Test
  void tracksCountingLinesAndZoneFlowsAreDrawnLive() throws Exception {
    Browser.assumeAvailable();
    database.setUp();
    String topic = "vigil/" + site + "/camera/cam1/detections";
    String hostile = "door<img src=x onerror=document.title='owned'>";
    try (ConsoleFixture console = ConsoleFixture.start(dir, db, Map.of("VIGIL_SITES", site));
        Publisher pub = new Publisher(TestServices.mqttUrl(), "it-console-cam-" + run);
        Browser browser = Browser.start()) {
      browser.login(console.server.url(), ConsoleFixture.VIEWER);
      browser.driver.findElement(By.id("nav-cameras")).click();
      String cam = "#cam-" + site + "-cam1";
      // The console reads the feed from when it connected: publish until the view shows the camera.
      browser.waitUpTo(Duration.ofSeconds(30)).until(d -> {
        try {
          pub.publish(topic, detections(hostile, "moving"), false);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return "2".equals(browser.js("var c = document.querySelector(arguments[0]); return c ? c.dataset.tracks : "
            + "null;", cam + " canvas"));
      });
      assertThat(browser.js("return document.querySelector(arguments[0]).dataset.lines;", cam + " canvas"))
          .isEqualTo("1");
      // Pixels: no frame image, so the canvas is black but for what was drawn. The moving track's foot point is
      // green (#3fb950), the still one's amber (#d29922), the line blue (#58a6ff) at (430, 200).
      assertThat(pixel(browser, cam, 200, 300)).containsExactly(63L, 185L, 80L);
      assertThat(pixel(browser, cam, 600, 500)).containsExactly(210L, 153L, 34L);
      assertThat(pixel(browser, cam, 430, 200)).containsExactly(88L, 166L, 255L);
      // Direction arrow from the line's middle (430, 290) towards "in" (east): blue at (445, 290), black at (415, 290).
      assertThat(pixel(browser, cam, 445, 290)).containsExactly(88L, 166L, 255L);
      assertThat(pixel(browser, cam, 415, 290)).containsExactly(0L, 0L, 0L);
      String stats = browser.text(cam + " .stats");
      assertThat(stats).contains("2 tracks", "in 40 · out 31 · net 2.0/min · dwell max 95 s · full in 20.5 min",
          "in 31 · out 12");
      // The hostile id is text, not markup.
      assertThat(stats).contains("line " + hostile);
      assertThat(browser.driver.findElements(By.cssSelector(cam + " img"))).isEmpty();
      assertThat(browser.driver.getTitle()).isNotEqualTo("owned");
      browser.screenshot("camera-tracks", false);

      // A track state outside moving/still/lost: the message is not kept; the view keeps the last good one.
      pub.publish(topic, detections("door", "<b>x</b>"), false);
      pub.publish(topic, detections("door", "lost").replace("\"in\":31", "\"in\":32"), false);
      browser.waitUpTo(Duration.ofSeconds(10)).until(d -> browser.text(cam + " .stats").contains("in 32"));
      // The lost track is drawn grey (#8b949e) at its predicted foot point.
      assertThat(pixel(browser, cam, 200, 300)).containsExactly(139L, 148L, 158L);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Long> pixel(Browser b, String cam, int x, int y) {
    return (List<Long>) b.js("var p = document.querySelector(arguments[0]).getContext('2d')"
        + ".getImageData(arguments[1], arguments[2], 1, 1).data; return [p[0], p[1], p[2]];", cam + " canvas", x, y);
  }
}
