package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigil.connectors.testing.TestInflux;

/**
 * The operations step {@link InfluxSetup} (what {@code vigil influx setup} and {@code ./vigil run} run before the job)
 * on the real InfluxDB with authentication: as the admin it creates the database, grants it and sets up the policies
 * and rollups, idempotently; as the job's own user (no admin rights) it succeeds only where the admin did the work,
 * and says what is missing otherwise.
 */
class InfluxSetupIT {

  private final String db = "it_setup_" + Long.toString(System.currentTimeMillis(), 36);
  private final InfluxClient admin = TestInflux.client();

  @AfterEach
  void drop() throws Exception {
    admin.dropDatabase(db);
    admin.close();
  }

  @Test
  void theAdminSetsUpDatabaseGrantsPoliciesAndRollupsAndAgainChangesNothing() throws Exception {
    InfluxSetup.Report first = InfluxSetup.run(admin, db, RetentionOptions.DEFAULTS, List.of(InfluxCredentials.JOB));
    InfluxSetup.Report second = InfluxSetup.run(admin, db, RetentionOptions.DEFAULTS, List.of(InfluxCredentials.JOB));

    assertThat(first.problems()).isEmpty();
    assertThat(second.problems()).isEmpty();
    assertThat(first.done()).hasSize(3); // database, one grant, policies and rollups
    assertThat(policies()).containsExactlyInAnyOrder("autogen 0s false", "raw 720h0m0s true",
        "rollup_1m 17472h0m0s false");
    assertThat(continuousQueries()).hasSize(3);
    assertThat(grantsOf(InfluxCredentials.JOB)).contains(db + " ALL PRIVILEGES");
  }

  @Test
  void theJobsUserFindsWhatTheAdminSetUpAndCannotSetUpWhatIsMissing() throws Exception {
    try (InfluxClient job = TestInflux.localUser(InfluxCredentials.JOB).client(admin.url())) {
      InfluxSetup.Report missing = InfluxSetup.run(job, db, RetentionOptions.DEFAULTS, List.of());
      assertThat(missing.ok()).isFalse();
      assertThat(missing.problems()).singleElement().asString().contains(db).contains("GRANT ALL");

      assertThat(InfluxSetup.run(admin, db, RetentionOptions.DEFAULTS, List.of(InfluxCredentials.JOB)).ok()).isTrue();
      InfluxSetup.Report inPlace = InfluxSetup.run(job, db, new RetentionOptions(true, "90d", "104w"), List.of());
      assertThat(inPlace.problems()).isEmpty();
      assertThat(inPlace.done()).last().asString().contains("in place").contains("PT720H");
      assertThat(policies()).as("the job's user changed nothing").contains("raw 720h0m0s true");
    }
  }

  @Test
  void retentionOffLeavesThePoliciesAlone() throws Exception {
    InfluxSetup.Report r = InfluxSetup.run(admin, db, new RetentionOptions(false, "30d", "104w"), List.of());
    assertThat(r.ok()).isTrue();
    assertThat(policies()).containsExactly("autogen 0s true");
    assertThat(continuousQueries()).isEmpty();
  }

  private List<String> policies() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode v : admin.query(null, "SHOW RETENTION POLICIES ON \"" + db + "\"").path("results").path(0)
        .path("series").path(0).path("values")) {
      out.add(v.get(0).asText() + " " + v.get(1).asText() + " " + v.get(4).asBoolean());
    }
    return out;
  }

  private List<String> continuousQueries() throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode s : admin.query(null, "SHOW CONTINUOUS QUERIES").path("results").path(0).path("series")) {
      if (s.path("name").asText().equals(db)) {
        s.path("values").forEach(v -> out.add(v.get(1).asText()));
      }
    }
    return out;
  }

  private List<String> grantsOf(String user) throws Exception {
    List<String> out = new ArrayList<>();
    for (JsonNode v : admin.query(null, "SHOW GRANTS FOR \"" + user + "\"").path("results").path(0).path("series")
        .path(0).path("values")) {
      out.add(v.get(0).asText() + " " + v.get(1).asText());
    }
    return out;
  }
}
