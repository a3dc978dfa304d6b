package org.vigil.cli.alerts;

import java.util.function.Function;
import org.vigil.alerts.notify.CommandTopics;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;
import picocli.CommandLine.Option;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.MqttSettings;
import org.vigil.core.settings.Setting;
import org.vigil.core.settings.SettingsReader;

/**
 * Where the alerts commands find the services: options, else the job's VIGIL_* environment, else the local
 * defaults. A picocli mixin.
 */
final class AlertsSettings {

  @Option(names = "--mqtt-url", paramLabel = "URL", description = "Default: VIGIL_MQTT_URL, else "
      + MqttSettings.DEFAULT_URL + ".")
  String mqttUrl;

  @Option(names = "--influx-url", paramLabel = "URL", description = "Default: VIGIL_INFLUX_URL, else "
      + InfluxSettings.DEFAULT_URL + ".")
  String influxUrl;

  @Option(names = "--influx-db", paramLabel = "DB", description = "Default: VIGIL_INFLUX_DB, else vigil.")
  String influxDb;

  Function<String, String> environment = VigilAlertsCli.ENVIRONMENT;

  String mqtt() {
    return mqttUrl != null ? mqttUrl : setting(MqttSettings.URL);
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
    return influxDb != null ? influxDb : setting(InfluxSettings.DB);
  }

  InfluxClient influx() {
    String url = influxUrl != null ? influxUrl : setting(InfluxSettings.URL);
    return InfluxCredentials.fromLookup(environment).client(url);
  }

  /** The setting from the environment, else its default; a value that does not parse is refused. */
  String setting(Setting<?> s) {
    SettingsReader r = new SettingsReader(environment);
    Object v = r.get(s);
    r.check();
    return v == null ? null : v.toString();
  }
}
