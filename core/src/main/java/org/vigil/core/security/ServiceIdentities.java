package org.vigil.core.security;

import java.nio.file.Path;
import java.util.List;

/**
 * The identities of Vigil's own parts, the same name at the MQTT broker and at InfluxDB. infra/mqtt-security.sh and
 * infra/influx-auth.sh make them (with these names; a test compares the lists) and keep each one's password in the
 * secrets folder as {@code mqtt-<identity>.password} and {@code influx-<identity>.password}.
 */
public final class ServiceIdentities {

  private ServiceIdentities() {}

  /** The administrator: manages device identities on the broker, users and retention at InfluxDB. */
  public static final String ADMIN = "vigil-admin";
  /** The monitoring job. */
  public static final String JOB = "vigil-job";
  /** The monitoring console. */
  public static final String CONSOLE = "vigil-console";
  /** The command-line tools ({@code vigil rules ...}, {@code vigil alerts ...}). */
  public static final String TOOLS = "vigil-tools";
  /** The device and camera simulators and the bench's publishers (MQTT only). */
  public static final String SIMULATOR = "vigil-simulator";
  /** Grafana's datasource (InfluxDB only, read-only). */
  public static final String GRAFANA = "vigil-grafana";
  /** The benchmarks (InfluxDB only). */
  public static final String BENCH = "vigil-bench";

  /** The identities the broker knows from its first start, the admin first (infra/mqtt-security.sh). */
  public static final List<String> MQTT = List.of(ADMIN, JOB, CONSOLE, TOOLS, SIMULATOR);

  /** The InfluxDB users the local services make, the admin first (infra/influx-auth.sh). */
  public static final List<String> INFLUX = List.of(ADMIN, JOB, CONSOLE, TOOLS, GRAFANA, BENCH);

  /** The identities that may publish commands (acknowledgements, silences, rulesets), each under its own name. */
  public static final List<String> COMMAND_SENDERS = List.of(CONSOLE, TOOLS);

  /** Where the local services keep the MQTT password of {@code identity}. */
  public static Path mqttPasswordFile(Path secretsDir, String identity) {
    return secretsDir.resolve("mqtt-" + identity + ".password");
  }

  /** Where the local services keep the InfluxDB password of {@code identity}. */
  public static Path influxPasswordFile(Path secretsDir, String identity) {
    return secretsDir.resolve("influx-" + identity + ".password");
  }
}
