package org.vigil.console;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.ConsoleSettings;
import org.vigil.core.settings.CrowdSettings;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.JobSettings;
import org.vigil.core.settings.MqttSettings;
import org.vigil.core.settings.SettingsReader;

/**
 * The console's settings ({@link ConsoleSettings}, and the monitoring job's own keys for broker, database, rules
 * topic, sites, cameras, and the registry file and topic for duty by region), read from a lookup ({@link #fromLookup}: the environment in production, a map in tests).
 */
public record ConsoleConfig(String bind, int port, Path usersFile, Duration sessionIdle, int clientQueue,
    int replay, Duration heartbeat, Duration readingsPeriod, String mqttUrl, String influxUrl, String influxDb,
    InfluxCredentials influx, String rulesTopic, List<String> sites, Path camerasFile, Path registryFile,
    String registryTopic) {

  /** Reads every key; throws {@link ConfigException} naming every problem. */
  public static ConsoleConfig fromLookup(Function<String, String> env) {
    SettingsReader r = new SettingsReader(env);
    Path users = r.get(ConsoleSettings.USERS);
    if (users == null) {
      r.problem(ConsoleSettings.USERS, "no users file", "./vigil console hash-password makes entries");
    }
    InfluxCredentials influx = InfluxCredentials.NONE;
    try {
      influx = InfluxCredentials.fromLookup(env);
    } catch (IllegalArgumentException e) {
      r.problem(e.getMessage());
    }
    ConsoleConfig c = new ConsoleConfig(r.get(ConsoleSettings.BIND), r.get(ConsoleSettings.PORT), users,
        r.get(ConsoleSettings.SESSION_IDLE), r.get(ConsoleSettings.CLIENT_QUEUE), r.get(ConsoleSettings.REPLAY),
        r.get(ConsoleSettings.HEARTBEAT), r.get(ConsoleSettings.READINGS_PERIOD), r.get(MqttSettings.URL).toString(),
        r.get(InfluxSettings.URL).toString(), r.get(InfluxSettings.DB), influx, r.get(JobSettings.RULES_TOPIC),
        r.get(JobSettings.SITES), r.get(CrowdSettings.CAMERAS_FILE), registryFile(r.get(JobSettings.REGISTRY_FILE)),
        r.get(JobSettings.REGISTRY_TOPIC));
    return r.checked(c);
  }

  /** The registry file the job starts with, or null when there is none ({@code none} or empty). */
  private static Path registryFile(Path p) {
    return p == null || p.toString().isBlank() || p.toString().strip().equals("none") ? null : p;
  }
}
