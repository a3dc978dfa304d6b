package org.vigil.jobs.monitoring;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.vigil.core.settings.InfluxSettings;
import org.vigil.core.settings.Setting;
import org.vigil.core.settings.Settings;

/**
 * The job's settings given as program arguments, for a cluster where the submitting process's environment is not the
 * one to use: {@code flink run vigil-stream-jobs-job.jar --VIGIL_MQTT_URL=tcp://broker:1883 --VIGIL_INFLUX_URL ...},
 * or the {@code programArgs} of Flink's REST API, whose submissions run {@code main} inside the jobmanager. Accepted
 * forms: {@code --VIGIL_X=value}, {@code --VIGIL_X value} and {@code VIGIL_X=value}. An argument wins over a
 * {@code -D} system property and the environment of the same name ({@link #over}).
 *
 * <p>Arguments are visible to anyone who can list processes or read the jobmanager's log: pass secrets
 * ({@code VIGIL_WEBHOOK_SECRET}, {@code VIGIL_INFLUX_PASSWORD}) through the environment instead.
 */
public final class JobArguments {

  private final Map<String, String> values;

  private JobArguments(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  /**
   * Parses {@code args}.
   *
   * @throws IllegalArgumentException naming the argument that is not a {@code VIGIL_*} setting or has no value
   */
  public static JobArguments parse(String... args) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String body = a.startsWith("--") ? a.substring(2) : a;
      int eq = body.indexOf('=');
      String key = eq < 0 ? body : body.substring(0, eq);
      if (!key.startsWith("VIGIL_") || key.length() == "VIGIL_".length()) {
        throw new IllegalArgumentException("program argument '" + a + "' is not a setting: use --VIGIL_<NAME>=<value>"
            + " (README, Configuration)");
      }
      if (Settings.find(key).filter(Setting::secret).isPresent()) {
        throw new IllegalArgumentException(key + " is not taken as a program argument (everyone on the machine sees"
            + " those in the process list): " + (key.equals(InfluxSettings.PASSWORD.key())
                ? "give " + InfluxSettings.PASSWORD_FILE.key() + ", a file holding it, or set " + key + " in the"
                    + " environment" : "set it in the environment"));
      }
      String value;
      if (eq >= 0) {
        value = body.substring(eq + 1);
      } else if (a.startsWith("--") && i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("program argument '" + a + "' has no value: use --" + key + "=<value>");
      }
      values.put(key, value);
    }
    return new JobArguments(values);
  }

  /** The settings given, by name. */
  public Map<String, String> values() {
    return values;
  }

  /** A lookup that answers from the arguments first, then from {@code fallback}. */
  public Function<String, String> over(Function<String, String> fallback) {
    return key -> values.containsKey(key) ? values.get(key) : fallback.apply(key);
  }
}
