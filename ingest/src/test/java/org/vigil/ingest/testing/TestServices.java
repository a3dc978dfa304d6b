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
