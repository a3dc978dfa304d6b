package org.vigil.cli.alerts;

import java.util.function.Function;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import picocli.CommandLine.Option;

/**
 * Where the alerts commands find the services: options, else the job's VIGIL_* environment, else the local
 * defaults. A picocli mixin.
 */
final class AlertsSettings {

  @Option(names = "--mqtt-url", paramLabel = "URL", description = "Default: VIGIL_MQTT_URL, else "
      + "tcp://127.0.0.1:18830.")
  String mqttUrl;

  @Option(names = "--influx-url", paramLabel = "URL", description = "Default: VIGIL_INFLUX_URL, else "
      + "http://127.0.0.1:18086.")
  String influxUrl;

  @Option(names = "--influx-db", paramLabel = "DB", description = "Default: VIGIL_INFLUX_DB, else vigil.")
  String influxDb;

  Function<String, String> environment = VigilAlertsCli.ENVIRONMENT;

  String mqtt() {
    return mqttUrl != null ? mqttUrl : env("VIGIL_MQTT_URL", "tcp://127.0.0.1:18830");
  }

  /** The tools' MQTT identity (vigil-tools) and CA, from the settings ({@link MqttClientSecurity#forIdentity}). */
  MqttClientSecurity security() {
    return MqttClientSecurity.forIdentity(environment, MqttClientSecurity.TOOLS);
  }

  /** The identity named in command topics: the username, or anonymous on a broker without identities. */
  String identity() {
    return CommandTopics.identityOf(security().username());
  }

  String database() {
    return influxDb != null ? influxDb : env("VIGIL_INFLUX_DB", "vigil");
  }

  InfluxClient influx() {
    String url = influxUrl != null ? influxUrl : env("VIGIL_INFLUX_URL", "http://127.0.0.1:18086");
    return InfluxCredentials.fromLookup(environment).client(url);
  }

  String env(String key, String fallback) {
    String v = environment.apply(key);
    return v == null || v.isBlank() ? fallback : v.strip();
  }
}
