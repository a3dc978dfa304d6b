package org.vigil.ingest.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;

/**
 * Where integration tests find the real Mosquitto and InfluxDB started by {@code ./vigil test} (or by hand with
 * {@code infra/services.sh start} and the test ports). Fails fast, with what to do, when a service is not there.
 */
public final class TestServices {

  private TestServices() {}

  /** MQTT broker URL, from system property or environment {@code vigil.mqtt.url} / {@code VIGIL_TEST_MQTT_URL}. */
  public static String mqttUrl() {
    return mqttUrl(true);
  }

  /** The broker URL, checked for a listener only when {@code check} (a stopped broker is a normal state in failure tests). */
  public static String mqttUrl(boolean check) {
    String url = setting("vigil.mqtt.url", "VIGIL_TEST_MQTT_URL", "tcp://127.0.0.1:18831");
    return check ? checked("MQTT broker", url) : url;
  }

  /** InfluxDB HTTP URL, from {@code vigil.influx.url} / {@code VIGIL_TEST_INFLUX_URL}. */
  public static String influxUrl() {
    return influxUrl(true);
  }

  /** The InfluxDB URL, checked for a listener only when {@code check}. */
  public static String influxUrl(boolean check) {
    String url = setting("vigil.influx.url", "VIGIL_TEST_INFLUX_URL", "http://127.0.0.1:18087");
    return check ? checked("InfluxDB", url) : url;
  }

  // ---- InfluxDB credentials (the test services run InfluxDB with authentication) ----

  /**
   * The test clients' InfluxDB user, from {@code vigil.influx.username} / {@code VIGIL_TEST_INFLUX_USERNAME}; by
   * default the test services' admin {@code vigil-admin} (tests create and drop databases of their own).
   */
  public static String influxUsername() {
    return setting("vigil.influx.username", "VIGIL_TEST_INFLUX_USERNAME", "vigil-admin");
  }

  /**
   * The file holding that user's password, from {@code vigil.influx.passwordFile} /
   * {@code VIGIL_TEST_INFLUX_PASSWORD_FILE}; by default the test services' {@code
   * .vigil/test/secrets/influx-<user>.password}. Fails, with what to do, when it does not exist.
   */
  public static java.nio.file.Path influxPasswordFile() {
    String f = setting("vigil.influx.passwordFile", "VIGIL_TEST_INFLUX_PASSWORD_FILE", "");
    java.nio.file.Path file = f.isBlank()
        ? ServiceControl.repoRoot().resolve(".vigil/test/secrets/influx-" + influxUsername() + ".password")
        : java.nio.file.Path.of(f);
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new IllegalStateException("the InfluxDB password file " + file + " of test user " + influxUsername()
          + " does not exist. The test services make it on start: run the tests with './vigil test', or start the"
          + " services with infra/services.sh (VIGIL_STATE_DIR=.vigil/test ...) and pass"
          + " -Dvigil.influx.passwordFile=<state>/secrets/influx-" + influxUsername() + ".password");
    }
    return file;
  }

  /** The password in {@link #influxPasswordFile()} (its first line). */
  public static String influxPassword() {
    try {
      return java.nio.file.Files.readAllLines(influxPasswordFile()).get(0).strip();
    } catch (IOException | IndexOutOfBoundsException e) {
      throw new IllegalStateException("cannot read the InfluxDB password from " + influxPasswordFile(), e);
    }
  }

  /** The settings that make a job, console or tool under test authenticate as the test user. */
  public static java.util.Map<String, String> influxSettings() {
    return java.util.Map.of("VIGIL_INFLUX_USERNAME", influxUsername(),
        "VIGIL_INFLUX_PASSWORD_FILE", influxPasswordFile().toString());
  }

  /** The folder of the test services' secrets: where the password file is. */
  public static java.nio.file.Path influxSecretsDir() {
    return influxPasswordFile().toAbsolutePath().getParent();
  }

  /**
   * Removes the persistent sessions of these client ids from the test broker (clean start, session expiry 0), so
   * that readers of a finished test do not keep taking a share of later tests' shared subscriptions.
   */
  public static void removeMqttSessions(List<String> clientIds) throws MqttException {
    for (String clientId : clientIds) {
      MqttAsyncClient c = new MqttAsyncClient(mqttUrl(), clientId, new MemoryPersistence());
      MqttConnectionOptions options = new MqttConnectionOptions();
      options.setCleanStart(true);
      options.setSessionExpiryInterval(0L);
      c.connect(options).waitForCompletion(10_000);
      c.disconnect().waitForCompletion(5_000);
      c.close();
    }
  }

  private static String setting(String property, String env, String fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String checked(String what, String url) {
    URI uri = URI.create(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
    } catch (IOException e) {
      throw new IllegalStateException(
          what
              + " is not reachable at "
              + url
              + ". Integration tests need the real services: run them with './vigil test', or start them with"
              + " 'VIGIL_STATE_DIR=.vigil/test VIGIL_MQTT_PORT=18831 VIGIL_INFLUX_PORT=18087"
              + " VIGIL_INFLUX_RPC_PORT=18089 infra/services.sh start'.",
          e);
    }
    return url;
  }
}
