package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.testing.TestInflux;

/**
 * The test services' InfluxDB runs with authentication, as every local InfluxDB of Vigil does (infra/services.sh):
 * nobody writes or reads without a user, a wrong password is refused, the read-only user vigil-grafana cannot write,
 * the job's user vigil-job writes and reads the vigil database but may not run an admin's statements.
 */
class InfluxAuthIT {

  private static final String DB = "vigil";
  private final String url = TestServices.influxUrl();
  private final String measurement = "auth_it_" + UUID.randomUUID().toString().replace("-", "");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void dropTheTestMeasurement() throws Exception {
    TestInflux.client().query(DB, "DROP MEASUREMENT \"" + measurement + "\"");
  }

  @Test
  void anonymousWritesAndQueriesAreRefused() throws Exception {
    HttpResponse<String> write = http.send(HttpRequest.newBuilder(URI.create(url + "/write?db=" + DB))
        .POST(HttpRequest.BodyPublishers.ofString(measurement + " forged=1")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(write.statusCode()).isEqualTo(401);

    HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(url + "/query?db=" + DB + "&q="
        + URLEncoder.encode("SELECT * FROM webhook_deliveries", StandardCharsets.UTF_8))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(query.statusCode()).isEqualTo(401);

    assertThatThrownBy(() -> InfluxClient.create(url).query(DB, "SHOW MEASUREMENTS"))
        .isInstanceOf(InfluxAuthException.class)
        .hasMessageContaining("VIGIL_INFLUX_USERNAME").hasMessageContaining("VIGIL_INFLUX_PASSWORD_FILE");
    assertThat(TestInflux.client().count(DB, "SELECT count(forged) FROM \"" + measurement + "\"")).isZero();
  }

  @Test
  void aWrongPasswordIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("wrong.password"),
        TestInflux.localUser(InfluxCredentials.JOB).password() + "x\n");
    InfluxClient wrong = InfluxCredentials.ofFile(InfluxCredentials.JOB, file).client(url);
    assertThatThrownBy(() -> wrong.query(DB, "SHOW MEASUREMENTS"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.status()).isEqualTo(401));
    assertThatThrownBy(() -> wrong.write(DB, measurement + " v=1"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void theReadOnlyGrafanaUserReadsButCannotWrite() throws Exception {
    InfluxClient job = TestInflux.localUser(InfluxCredentials.JOB).client(url);
    job.write(DB, measurement + ",site=hill v=2.5 1700000000000");
    InfluxClient grafana = TestInflux.localUser(InfluxCredentials.GRAFANA).client(url);

    assertThatThrownBy(() -> grafana.write(DB, measurement + ",site=hill v=99 1700000001000"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(grafana.count(DB, "SELECT count(v) FROM \"" + measurement + "\"")).isEqualTo(1);
    assertThat(grafana.query(DB, "SELECT max(v) FROM \"" + measurement + "\"").path("results").path(0)
        .path("series").path(0).path("values").path(0).path(1).asDouble()).isEqualTo(2.5);
  }

  @Test
  void theJobUserWritesAndReadsButRunsNoAdminStatements() throws Exception {
    InfluxClient job = TestInflux.localUser(InfluxCredentials.JOB).client(url);
    job.write(DB, measurement + ",site=hill v=1 1700000000000\n" + measurement + ",site=hill v=2 1700000060000");
    assertThat(job.count(DB, "SELECT count(v) FROM \"" + measurement + "\"")).isEqualTo(2);

    // CREATE DATABASE of a database it has: accepted (an admin made it); of another, or DROP: refused with the fix.
    job.createDatabase(DB);
    String other = "auth_it_other_" + UUID.randomUUID().toString().replace("-", "");
    assertThatThrownBy(() -> job.createDatabase(other))
        .isInstanceOf(InfluxAuthException.class).hasMessageContaining("GRANT ALL ON \"" + other + "\"");
    assertThatThrownBy(() -> job.dropDatabase(DB))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThatThrownBy(() -> job.query(null, "CREATE USER intruder WITH PASSWORD 'x' WITH ALL PRIVILEGES"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.status()).isEqualTo(403));
    assertThat(TestInflux.client().databases()).doesNotContain(other);
  }

  @Test
  void everyClientUserExistsWithOnlyItsPrivileges() throws Exception {
    InfluxClient admin = TestInflux.client();
    for (String user : InfluxCredentials.LOCAL_USERS) {
      // Each user can authenticate with the password in its own file.
      TestInflux.localUser(user).client(url).query(DB, "SHOW MEASUREMENTS LIMIT 1");
    }
    for (String user : new String[] {InfluxCredentials.JOB, InfluxCredentials.CONSOLE, InfluxCredentials.TOOLS,
        InfluxCredentials.BENCH}) {
      assertThat(grantOn(admin, user)).as(user).isEqualTo("ALL PRIVILEGES");
    }
    assertThat(grantOn(admin, InfluxCredentials.GRAFANA)).isEqualTo("READ");
    assertThat(admin.query(null, "SHOW USERS").toString()).contains("[\"vigil-admin\",true]")
        .contains("[\"vigil-job\",false]").contains("[\"vigil-grafana\",false]");
  }

  private static String grantOn(InfluxClient admin, String user) throws InterruptedException {
    for (var row : admin.query(null, "SHOW GRANTS FOR \"" + user + "\"").path("results").path(0).path("series")
        .path(0).path("values")) {
      if (row.path(0).asText().equals(DB)) {
        return row.path(1).asText();
      }
    }
    return "none";
  }
}
