package org.vigil.connectors.testing;

import java.time.Duration;
import org.vigil.connectors.testing.TestServices;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;

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
}
