package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.vigil.console.security.SecurityHeaders;
import org.vigil.console.testing.Browser;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;
import org.vigil.console.testing.Publisher;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;

/**
 * The console attacked as someone on the field network or in the browser would: security headers, cross-site
 * requests from another port of the same host, password guessing, oversized and forged feed messages, and stored
 * script in every feed value a view draws, run in real Chromium.
 */
class ConsoleSecurityIT {

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_console_sec_" + run;
  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);
  private final HttpClient http = HttpClient.newHttpClient();

  private ConsoleFixture console(String site) throws Exception {
    database.setUp();
    return ConsoleFixture.start(dir, db, Map.of("VIGIL_SITES", site));
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyResponseCarriesTheSecurityHeadersAndTextHasACharset() throws Exception {
    try (ConsoleFixture c = console("sec" + run)) {
      for (String path : List.of("/", "/app.js", "/js/views/map.js", "/api/me", "/health")) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(c.url(path)));
        assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(SecurityHeaders.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).as(path).hasValue("no-referrer");
        r.headers().firstValue("Content-Type").ifPresent(t -> assertThat(t).as(path).doesNotContain("charset=null"));
      }
      assertThat(send(HttpRequest.newBuilder(c.url("/"))).headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html").contains("charset=utf-8"));
      // Module scripts run only with a JavaScript MIME type.
      assertThat(send(HttpRequest.newBuilder(c.url("/js/dom.js"))).headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript").contains("charset=utf-8"));
      assertThat(send(HttpRequest.newBuilder(c.url("/api/me"))).headers().firstValue("Cache-Control"))
          .hasValue("no-store");
    }
  }

  @Test
  void crossSiteAndNonJsonStateChangesAreRefused() throws Exception {
    try (ConsoleFixture c = console("sec" + run)) {
      String token = c.login(ConsoleFixture.OPERATOR);
      await().atMost(Duration.ofSeconds(20)).until(c.server::mqttConnected);
      String silence = "{\"sites\":[\"sec" + run + "\"],\"minutes\":5,\"comment\":\"csrf\"}";
      URI silences = c.url("/api/silences");
      URI self = c.server.url();
      String ownOrigin = "http://" + self.getHost() + ":" + self.getPort();
      // A page on another port of the same host (Grafana, a development server): same site, another origin.
      HttpResponse<String> fromGrafana = send(HttpRequest.newBuilder(silences).header("Authorization", "Bearer " + token)
          .header("Origin", "http://" + self.getHost() + ":3000").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(silence)));
      assertThat(fromGrafana.statusCode()).isEqualTo(403);
      assertThat(fromGrafana.body()).contains("cross-origin request refused");
      HttpResponse<String> fetchMeta = send(HttpRequest.newBuilder(silences).header("Authorization", "Bearer " + token)
          .header("Sec-Fetch-Site", "same-site").header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(silence)));
      assertThat(fetchMeta.statusCode()).isEqualTo(403);
      // The kind of body a form or a no-cors fetch sends: refused before it is read, whatever it holds.
      HttpResponse<String> plain = send(HttpRequest.newBuilder(silences).header("Authorization", "Bearer " + token)
          .header("Origin", ownOrigin).header("Content-Type", "text/plain")
          .POST(HttpRequest.BodyPublishers.ofString(silence)));
      assertThat(plain.statusCode()).isEqualTo(415);
      HttpResponse<String> form = send(HttpRequest.newBuilder(c.url("/api/login"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("user=otto&password=otto-pw")));
      assertThat(form.statusCode()).isEqualTo(415);
      // The console's own page, and a tool without Origin, still work.
      HttpResponse<String> own = send(HttpRequest.newBuilder(silences).header("Authorization", "Bearer " + token)
          .header("Origin", ownOrigin).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(silence)));
      assertThat(own.statusCode()).isEqualTo(201);
      assertThat(c.call("POST", "/api/silences", token, silence).statusCode()).isEqualTo(201);
    }
  }

  @Test
  void passwordGuessingIsThrottledEvenWhenTheRightPasswordComes() throws Exception {
    try (ConsoleFixture c = console("sec" + run)) {
      for (int i = 0; i < 5; i++) {
        assertThat(c.call("POST", "/api/login", null, "{\"user\":\"otto\",\"password\":\"guess" + i + "\"}")
            .statusCode()).isEqualTo(401);
      }
      HttpResponse<String> right = c.call("POST", "/api/login", null, "{\"user\":\"otto\",\"password\":\"otto-pw\"}");
      assertThat(right.statusCode()).isEqualTo(429);
      assertThat(right.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
          assertThat(Integer.parseInt(v)).isBetween(1, 30));
      assertThat(c.login(ConsoleFixture.ENGINEER)).isNotBlank(); // another name is not locked out by otto's
    }
  }

  @Test
  void forgedAndOversizedFeedMessagesDoNotGrowTheConsole() throws Exception {
    String site = "sec" + run;
    try (ConsoleFixture c = console(site); Publisher p = new Publisher(TestServices.mqttUrl(), "it-sec-pub-" + run)) {
      String token = c.login(ConsoleFixture.VIEWER);
      byte[] big = ("{\"ts\":1,\"values\":{\"rain_mm\":\"" + "x".repeat(1024 * 1024) + "\"}}").getBytes();
      for (int i = 0; i < 20; i++) {
        p.fire("vigil/" + site + "/rain/big" + i + "/data", big);
      }
      for (int i = 0; i < 50; i++) { // forged topics and values
        p.publish("vigil/<img src=x>" + i + "/rain/g/data", "{\"ts\":1,\"values\":{\"rain_mm\":1}}", false);
        p.publish("vigil/" + site + "/rain/nested" + i + "/data", "{\"ts\":1,\"values\":{\"rain_mm\":{\"a\":[1,2,3]}}}",
            false);
      }
      p.publish("vigil/" + site + "/rain/good/data", "{\"ts\":1,\"values\":{\"rain_mm\":0.5}}", false);
      await().atMost(Duration.ofSeconds(20)).until(() -> c.server.state().sensorCount() >= 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> c.server.state().badMessages() >= 120);
      String state = c.call("GET", "/api/state", token, null).body();
      assertThat(state.length()).as("bytes of /api/state").isLessThan(20_000);
      assertThat(state).doesNotContain("<img").doesNotContain("xxxxxxxxxx");
      assertThat(c.server.state().sensorCount()).isEqualTo(1);
    }
  }

  /**
   * Script in every feed value the views draw, retained or live: risk level and open-alert count, alert level and
   * time, silence end, detections' people, time and zone ids. Some are refused by the server; the rest must be shown
   * as text. The page must never run them; and the Content-Security-Policy stops inline script even if a value slipped
   * through (tried by writing an inline handler into the page directly).
   */
  @Test
  void scriptInFeedValuesNeverRunsInTheBrowser() throws Exception {
    Browser.assumeAvailable();
    String site = "xss" + run;
    String xss = "<img src=x onerror=\\\"window.__xss=(window.__xss||0)+1\\\">";
    List<String> retained = List.of("vigil/" + site + "/risk", "vigil/config/silences/xss-" + run,
        "vigil/" + site + "/camera/cam1/detections");
    try (ConsoleFixture c = console(site); Publisher p = new Publisher(TestServices.mqttUrl(), "it-xss-pub-" + run);
        Browser b = Browser.start()) {
      p.publish(retained.get(0), "{\"level\":\"" + xss + "\",\"openAlerts\":\"" + xss + "\"}", true);
      p.publish(retained.get(0), "{\"level\":\"orange\",\"openAlerts\":1,\"rule\":\"" + xss + "\",\"subject\":\""
          + xss + "\"}", true);
      p.publish(retained.get(1), "{\"id\":\"xss-" + run + "\",\"sites\":[\"" + site + "\"],\"endsAt\":\"" + xss
          + "\",\"createdBy\":\"" + xss + "\",\"comment\":\"" + xss + "\"}", true);
      p.publish(retained.get(2), "{\"site\":\"" + site + "\",\"camera\":\"cam1\",\"people\":\"" + xss
          + "\",\"ts\":\"" + xss + "\",\"boxes\":[],\"zones\":[{\"id\":\"" + xss + "\",\"people\":1}]}", true);
      b.login(c.server.url(), ConsoleFixture.OPERATOR);
      p.publish("vigil/" + site + "/alerts/orange", "{\"id\":\"alt_x1\",\"site\":\"" + site + "\",\"level\":\""
          + xss + "\",\"state\":\"opened\"}", false);
      p.publish("vigil/" + site + "/alerts/orange", "{\"id\":\"alt_x2\",\"site\":\"" + site + "\",\"level\":\"orange\","
          + "\"state\":\"opened\",\"rule\":\"" + xss + "\",\"updatedAt\":\"" + xss + "\",\"message\":\"" + xss + "\"}",
          false);
      p.publish("vigil/" + site + "/camera/cam1/detections", "{\"site\":\"" + site + "\",\"camera\":\"cam1\","
          + "\"people\":3,\"ts\":\"" + xss + "\",\"boxes\":[],\"zones\":[{\"id\":\"" + xss + "\",\"people\":1}]}", false);
      b.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("site-" + site)).getAttribute("data-level")
          .equals("orange"));
      for (String view : List.of("overview", "alerts", "cameras", "sites/" + site)) {
        b.js("location.hash = '#/" + view + "';");
        Thread.sleep(1_500);
        assertThat(b.js("return window.__xss || 0;")).as("script ran on " + view).isEqualTo(0L);
      }
      // The values arrived and are shown as text.
      b.js("location.hash = '#/alerts';");
      b.waitUpTo(Duration.ofSeconds(10)).until(d -> d.findElement(By.id("alert-rows")).getText().contains("<img"));
      // Defence in depth: an inline handler written straight into the page does not run under the policy.
      b.js("var d = document.createElement('div'); d.innerHTML = '<img src=x onerror=\"window.__xss=99\">';"
          + " document.body.appendChild(d);");
      Thread.sleep(1_000);
      assertThat(b.js("return window.__xss || 0;")).isEqualTo(0L);
    } finally {
      try (Publisher p = new Publisher(TestServices.mqttUrl(), "it-xss-clean-" + run)) {
        for (String t : retained) {
          p.publish(t, "", true);
        }
      }
    }
  }
}
