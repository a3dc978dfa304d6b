package org.vigil.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import org.vigil.console.http.Json;
import org.vigil.console.testing.ConsoleDatabase;
import org.vigil.console.testing.ConsoleFixture;

/**
 * A console started before its database is set up: it runs no DDL (the database is still missing after it started),
 * serves what needs no database (health, login, regions, the live state), and answers 503 for charts and device
 * health naming the {@code vigil influx setup} to run; once an admin has run it, the same requests are answered. As
 * the admin the tests use, InfluxDB says "database not found"; as the console's own user, which is no admin, it
 * refuses (403): both name the command, the second with the grant the user needs.
 */
class ConsoleWithoutDatabaseIT {

  @TempDir Path dir;

  private final String run = Long.toString(System.currentTimeMillis(), 36);
  private final String db = "it_console_nodb_" + run;
  private final String site = "nodb" + run;

  /** Dropped after each test. */
  @RegisterExtension final ConsoleDatabase database = new ConsoleDatabase(db);

  @Test
  void servesWithoutItsDatabaseAndSaysWhatToRun() throws Exception {
    try (ConsoleFixture console = ConsoleFixture.start(dir, db, Map.of("VIGIL_SITES", site))) {
      assertThat(TestInflux.client().databases()).doesNotContain(db);
      await().atMost(Duration.ofSeconds(15)).until(console.server::mqttConnected);
      assertThat(console.call("GET", "/health", null, null).statusCode()).isEqualTo(200);
      String vera = console.login(ConsoleFixture.VIEWER);
      assertThat(console.call("GET", "/api/regions", vera, null).statusCode()).isEqualTo(200);
      assertThat(console.call("GET", "/api/state", vera, null).statusCode()).isEqualTo(200);

      String setup = "vigil influx setup --influx-db " + db;
      assertUnavailable(console.call("GET", history(), vera, null), setup);
      assertUnavailable(console.call("GET", "/api/device-health", vera, null), setup);

      database.setUp();
      assertThat(console.call("GET", history(), vera, null).statusCode()).isEqualTo(200);
      assertThat(console.call("GET", "/api/device-health", vera, null).statusCode()).isEqualTo(200);
      assertThat(TestInflux.client().databases()).contains(db);
    }
  }

  @Test
  void asItsOwnUserTheAnswerNamesTheGrant() throws Exception {
    InfluxCredentials user = TestInflux.localUser(InfluxCredentials.CONSOLE);
    Map<String, String> extra = new HashMap<>(Map.of("VIGIL_SITES", site));
    extra.put("VIGIL_INFLUX_USERNAME", user.username());
    extra.put("VIGIL_INFLUX_PASSWORD_FILE", InfluxCredentials.localPasswordFile(
        TestServices.influxSecretsDir().getParent(), InfluxCredentials.CONSOLE).toString());
    try (ConsoleFixture console = ConsoleFixture.start(dir, db, extra)) {
      assertThat(TestInflux.client().databases()).doesNotContain(db);
      String vera = console.login(ConsoleFixture.VIEWER);
      assertUnavailable(console.call("GET", history(), vera, null),
          "vigil influx setup --influx-db " + db + " --grant " + InfluxCredentials.CONSOLE);

      // What ./vigil run does first: the database, granted to the console's user.
      database.setUp(InfluxCredentials.CONSOLE);
      assertThat(console.call("GET", history(), vera, null).statusCode()).isEqualTo(200);
    }
  }

  private String history() {
    return "/api/history?site=" + site + "&kind=rain&sensor=r1";
  }

  private static void assertUnavailable(HttpResponse<String> r, String command) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
    assertThat(error.asText()).contains("InfluxDB database '").contains("is missing").contains(command);
  }
}
