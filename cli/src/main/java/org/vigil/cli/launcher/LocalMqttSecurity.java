package org.vigil.cli.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.core.settings.LocalSettings;
import org.vigil.core.settings.MqttSettings;

/**
 * The MQTT security of a local run ({@code ./vigil run}): on unless {@code VIGIL_MQTT_SECURITY=off}. On, the
 * project's Mosquitto (infra/services.sh) listens with TLS only and knows one identity per part of Vigil; the run then
 * connects with {@code ssl://} and every part takes its own identity from the secrets folder that infra/services.sh
 * fills on its first start ({@code <state>/secrets}: {@code ca.crt}, {@code mqtt-vigil-job.password},
 * {@code mqtt-vigil-console.password}, {@code mqtt-vigil-simulator.password}, {@code mqtt-vigil-tools.password}).
 */
public final class LocalMqttSecurity {

  /** on (default for a local run) or off. */
  public static final String ENV_SECURITY = LocalSettings.MQTT_SECURITY.key();

  private LocalMqttSecurity() {}

  /**
   * The settings a local run adds to {@code env}: {@code VIGIL_MQTT_SECURITY=on} unless set, and when on, the
   * secrets folder and an {@code ssl://} broker URL unless they are set. Nothing already set is replaced.
   *
   * @throws IllegalArgumentException for a value that cannot work (security on with a tcp:// URL)
   */
  public static Map<String, String> defaults(Path home, Function<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    String mode = blank(env.apply(ENV_SECURITY)) ? "on" : env.apply(ENV_SECURITY).strip().toLowerCase(Locale.ROOT);
    if (!mode.equals("on") && !mode.equals("off")) {
      throw new IllegalArgumentException(ENV_SECURITY + " must be on or off, not '" + env.apply(ENV_SECURITY) + "'");
    }
    out.put(ENV_SECURITY, mode);
    if (mode.equals("off")) {
      return out;
    }
    String given = env.apply(MqttSettings.URL.key());
    boolean localBroker = blank(given) || isLoopback(given.strip());
    // The project's secrets folder only for the project's own broker, and not over identities given explicitly.
    if (blank(env.apply(MqttClientSecurity.ENV_SECRETS_DIR)) && localBroker
        && blank(env.apply(MqttClientSecurity.ENV_USERNAME))) {
      String state = env.apply(LocalSettings.STATE_DIR.key());
      Path stateDir = blank(state) ? home.resolve(LocalSettings.STATE_DIR.defaultText())
          : Path.of(state).toAbsolutePath();
      out.put(MqttClientSecurity.ENV_SECRETS_DIR, stateDir.resolve("secrets").toString());
    }
    String url = env.apply(MqttSettings.URL.key());
    if (blank(url)) {
      String port = env.apply(LocalSettings.MQTT_PORT.key());
      out.put(MqttSettings.URL.key(), "ssl://127.0.0.1:" + (blank(port) ? LocalSettings.MQTT_PORT.defaultText()
          : port.strip()));
    } else if (url.strip().startsWith("tcp://")) {
      throw new IllegalArgumentException(MqttSettings.URL.key() + "=" + url + " is plain TCP, but " + ENV_SECURITY + " is on"
          + " (the default of ./vigil run): use ssl://" + URI.create(url.strip()).getAuthority() + ", or set "
          + ENV_SECURITY + "=off for an anonymous loopback broker");
    }
    return out;
  }

  /** The lines printed at start: where the run's MQTT identities and the CA are. */
  public static String describe(Function<String, String> env) {
    String secrets = env.apply(MqttClientSecurity.ENV_SECRETS_DIR);
    if (!"on".equals(env.apply(ENV_SECURITY)) || blank(secrets)) {
      return "MQTT security off (VIGIL_MQTT_SECURITY=off): anonymous plain TCP on loopback";
    }
    Path d = Path.of(secrets);
    return "MQTT with TLS and one identity per part (" + MqttClientSecurity.JOB + ", " + MqttClientSecurity.CONSOLE
        + ", " + MqttClientSecurity.SIMULATOR + ", " + MqttClientSecurity.TOOLS + "):\n"
        + "[vigil]   CA certificate  " + d.resolve("ca.crt") + "\n"
        + "[vigil]   passwords       " + d.resolve("mqtt-<identity>.password") + " (mode 600; vigil-admin's manages"
        + " devices: ./vigil devices add)\n"
        + "[vigil]   tools           ./vigil rules, ./vigil alerts and ./vigil simulate find them here (as vigil-tools,"
        + " vigil-simulator); other programs: eval \"$(VIGIL_MQTT_SECURITY=on infra/services.sh env)\"";
  }

  private static boolean isLoopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return "127.0.0.1".equals(host) || "localhost".equals(host) || "::1".equals(host) || "[::1]".equals(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
