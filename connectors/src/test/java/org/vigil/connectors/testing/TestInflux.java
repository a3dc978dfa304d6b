package org.vigil.connectors.testing;

import java.time.Duration;
import java.util.List;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.connectors.influx.InfluxSetup;
import org.vigil.connectors.influx.RetentionOptions;

/** InfluxDB clients of integration tests: the test services' InfluxDB as the test user ({@link TestServices}). */
public final class TestInflux {

  private TestInflux() {}

  /** The test user's credentials. */
  public static InfluxCredentials credentials() {
    return InfluxCredentials.ofFile(TestServices.influxUsername(), TestServices.influxPasswordFile());
  }

  /** A client of the test InfluxDB, as the test user, with the default timeout. */
  public static InfluxClient client() {
    return credentials().client(TestServices.influxUrl());
  }

  /** A client of {@code url} (e.g. the test InfluxDB before it is up), as the test user. */
  public static InfluxClient client(String url, Duration timeout) {
    return credentials().client(url, timeout);
  }

  /** The credentials of one of the users the test services make ({@code vigil-job}, {@code vigil-grafana}, ...). */
  public static InfluxCredentials localUser(String user) {
    return InfluxCredentials.ofFile(user, InfluxCredentials.localPasswordFile(
        TestServices.influxSecretsDir().getParent(), user));
  }

  /**
   * Sets up database {@code db} on the test InfluxDB as {@code vigil influx setup} does ({@link InfluxSetup}), as the
   * test user (an admin), with {@code VIGIL_INFLUX_RETENTION=off}: the database with InfluxDB's default retention
   * policy, no rollups. The job does not create its database: a test that starts one calls this first.
   *
   * @param grants users given {@code ALL} on it, as {@code --grant} does ({@code vigil-console}, ...)
   * @throws IllegalStateException naming the problems when the set-up fails
   */
  public static void setUp(String db, String... grants) throws InterruptedException {
    RetentionOptions off =
        new RetentionOptions(false, RetentionOptions.DEFAULTS.raw(), RetentionOptions.DEFAULTS.rollup());
    InfluxSetup.Report report = InfluxSetup.run(client(), db, off, List.of(grants));
    if (!report.ok()) {
      throw new IllegalStateException("setting up InfluxDB database '" + db + "' failed: " + report.problems());
    }
  }
}
