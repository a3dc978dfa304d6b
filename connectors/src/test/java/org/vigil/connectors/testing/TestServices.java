package org.vigil.connectors.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

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

  // ---- the broker with MQTT security on (TLS, identities, topic rights) ----

  /**
   * A broker started with {@code VIGIL_MQTT_SECURITY=on}: its ssl:// URL and the secrets folder infra/services.sh made
   * for it (the CA {@code ca.crt} and the password files {@code mqtt-<identity>.password}).
   */
  public record SecureBroker(String url, Path secretsDir) {

    /** The CA that signed the broker's certificate. */
    public String caFile() {
      return secretsDir.resolve("ca.crt").toString();
    }

    /** One of Vigil's identities on this broker (vigil-admin, vigil-job, vigil-console, vigil-tools, vigil-simulator). */
    public MqttClientSecurity as(String identity) {
      return new MqttClientSecurity(identity, secretsDir.resolve("mqtt-" + identity + ".password").toString(),
          caFile());
    }
  }

  /** Why {@link #secureBroker()} found none: the reason the security tests give when they skip. */
  public static final String NO_SECURE_BROKER = "needs a broker with VIGIL_MQTT_SECURITY=on: './vigil test' starts"
      + " one (state .vigil/test-secure, port 18832) and passes -Dvigil.mqtt.secure.url=ssl://127.0.0.1:<port>"
      + " -Dvigil.mqtt.secure.secretsDir=<state>/secrets; or start the main test broker with security on and pass"
      + " vigil.mqtt.url=ssl://..., vigil.mqtt.caFile, vigil.mqtt.username and vigil.mqtt.passwordFile";

  /**
   * The broker for the security tests: the one named by {@code vigil.mqtt.secure.url} and
   * {@code vigil.mqtt.secure.secretsDir} ({@code VIGIL_TEST_SECURE_MQTT_URL}, {@code VIGIL_TEST_SECURE_SECRETS_DIR}),
   * which {@code ./vigil test} starts besides the plain one; else the main test broker when it speaks TLS
   * ({@code vigil.mqtt.url} ssl:// with {@code vigil.mqtt.caFile}; the secrets folder is the CA file's folder);
   * else none. A secure broker that is named but not reachable, or whose secrets folder lacks the CA, fails with what
   * to do: it is a broken set-up, not a reason to skip.
   */
  public static Optional<SecureBroker> secureBroker() {
    String url = setting("vigil.mqtt.secure.url", "VIGIL_TEST_SECURE_MQTT_URL", "");
    if (!url.isBlank()) {
      if (!url.startsWith("ssl://")) {
        throw new IllegalStateException("vigil.mqtt.secure.url is " + url + ": the secure broker speaks TLS only,"
            + " give its ssl:// URL");
      }
      String dir = setting("vigil.mqtt.secure.secretsDir", "VIGIL_TEST_SECURE_SECRETS_DIR", "");
      if (dir.isBlank()) {
        throw new IllegalStateException("vigil.mqtt.secure.url is set but vigil.mqtt.secure.secretsDir is not: pass"
            + " the secrets folder infra/services.sh made for that broker (<state>/secrets)");
      }
      Path secrets = Path.of(dir);
      if (!Files.isRegularFile(secrets.resolve("ca.crt"))) {
        throw new IllegalStateException("no ca.crt in " + secrets + " (vigil.mqtt.secure.secretsDir): start the"
            + " secure broker with VIGIL_MQTT_SECURITY=on VIGIL_STATE_DIR=<state> infra/services.sh start mosquitto,"
            + " which makes it, and pass <state>/secrets");
      }
      return Optional.of(new SecureBroker(checked("secure MQTT broker", url), secrets));
    }
    String main = mqttUrl(false);
    MqttClientSecurity own = MqttClientSecurity.fromSystemProperties();
    if (main.startsWith("ssl://") && own.caFile() != null) {
      return Optional.of(new SecureBroker(checked("MQTT broker", main), Path.of(own.caFile()).getParent()));
    }
    return Optional.empty();
  }

  /**
   * Removes the persistent sessions of these client ids from the test broker (clean start, session expiry 0), so
   * that readers of a finished test do not keep taking a share of later tests' shared subscriptions.
   */
  public static void removeMqttSessions(List<String> clientIds) throws MqttException {
    removeMqttSessions(mqttUrl(), MqttConnectionOptions::new, clientIds);
  }

  /**
   * As {@link #removeMqttSessions(List)}, on the broker at {@code url} with the connection options {@code options}
   * gives (e.g. the identity that owns the sessions on a broker that checks who connects).
   */
  public static void removeMqttSessions(String url, Supplier<MqttConnectionOptions> options, List<String> clientIds)
      throws MqttException {
    for (String clientId : clientIds) {
      MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
      MqttConnectionOptions o = options.get();
      o.setCleanStart(true);
      o.setSessionExpiryInterval(0L);
      c.connect(o).waitForCompletion(10_000);
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
