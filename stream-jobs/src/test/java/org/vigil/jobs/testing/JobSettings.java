package org.vigil.jobs.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.vigil.connectors.testing.TestServices;

/**
 * The monitoring job's settings for an integration test: the test services, a database, shared-subscription group
 * and client ids of its own (so tests never share a broker session or data), checkpoints every 500 ms into the
 * test's folder, parallelism 2. The map is mutable: a test adds or overrides what it is about.
 */
public final class JobSettings {

  private JobSettings() {}

  /**
   * @param db InfluxDB database of this test
   * @param group MQTT shared-subscription group of this test
   * @param clientPrefix MQTT client id prefix of this test's readers and publishers
   * @param sites the known sites, comma-separated
   * @param checkpointDir where this test's checkpoints go
   */
  public static Map<String, String> forTest(String db, String group, String clientPrefix, String sites,
      Path checkpointDir) {
    Map<String, String> s = new HashMap<>();
    s.put("VIGIL_MQTT_URL", TestServices.mqttUrl());
    s.put("VIGIL_INFLUX_URL", TestServices.influxUrl());
    s.putAll(TestServices.influxSettings());
    s.put("VIGIL_INFLUX_DB", db);
    s.put("VIGIL_MQTT_GROUP", group);
    s.put("VIGIL_MQTT_CLIENT_PREFIX", clientPrefix);
    s.put("VIGIL_MQTT_SESSION_EXPIRY_S", "300");
    s.put("VIGIL_SITES", sites);
    s.put("VIGIL_CHECKPOINT_INTERVAL_MS", "500");
    s.put("VIGIL_CHECKPOINT_DIR", checkpointDir.toString());
    s.put("VIGIL_PARALLELISM", "2");
    return s;
  }
}
