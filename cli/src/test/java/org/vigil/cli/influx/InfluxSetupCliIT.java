package org.vigil.cli.influx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.testing.TestInflux;
import org.vigil.connectors.testing.TestServices;
import picocli.CommandLine;

/**
 * {@code vigil influx setup} against the test InfluxDB: as the admin it sets up the database, its grant and the
 * retention policies and says so (exit 0); with a wrong password nothing is done and it says why (exit 1).
 */
class InfluxSetupCliIT {

  @TempDir Path dir;

  private final String db = "it_setup_cli_" + Long.toString(System.currentTimeMillis(), 36);
  private final InfluxClient admin = TestInflux.client();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void drop() throws Exception {
    admin.dropDatabase(db);
    admin.close();
  }

  private int run(Map<String, String> env, String... args) {
    CommandLine cl = VigilInfluxCli.commandLine(env::get);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void setupAsTheAdminCreatesGrantsAndSetsUpRetention() throws Exception {
    Map<String, String> env = new HashMap<>(TestServices.influxSettings());
    env.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
    env.put("VIGIL_INFLUX_DB", db);

    assertThat(run(env, "setup", "--grant", "vigil-job")).as(err.toString()).isZero();

    assertThat(out.toString()).contains("done: database '" + db + "'").contains("TO 'vigil-job'")
        .contains("retention policy raw (30d, default)");
    JsonNode policies = admin.query(null, "SHOW RETENTION POLICIES ON \"" + db + "\"");
    assertThat(policies.toString()).contains("\"raw\"").contains("\"rollup_1m\"");
  }

  @Test
  void aRefusedUserSetsUpNothingAndSaysWhy() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong.password"), "not-the-password\n");
    Map<String, String> env = Map.of("VIGIL_INFLUX_URL", TestServices.influxUrl(), "VIGIL_INFLUX_DB", db,
        "VIGIL_INFLUX_USERNAME", "vigil-admin", "VIGIL_INFLUX_PASSWORD_FILE", wrong.toString());

    assertThat(run(env, "setup")).isEqualTo(1);

    assertThat(err.toString()).contains("not done: database '" + db + "'").contains("401");
    assertThat(admin.databases()).doesNotContain(db);
  }
}
