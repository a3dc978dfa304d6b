package org.vigil.connectors.influx;

import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.vigil.core.security.Secrets;
import org.vigil.core.security.ServiceIdentities;
import org.vigil.core.settings.InfluxSettings;

/**
 * Who a client is at InfluxDB: a user name and where its password is, read from settings, never from a command-line
 * argument.
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}</caption>
 *   <tr><td>{@code VIGIL_INFLUX_USERNAME}</td><td>the user ({@code VIGIL_INFLUX_USER}, its former name, is still
 *       read); empty: no authentication</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_PASSWORD_FILE}</td><td>a file whose first line is the password (the local services
 *       keep them in {@code .vigil/<instance>/secrets/influx-<user>.password})</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_PASSWORD}</td><td>the password itself in the environment, when there is no file (e.g.
 *       from a secret store, or the compose stack's {@code .env})</td></tr>
 * </table>
 *
 * <p>The password itself is not held by this object: it keeps the file's path (or the environment variable's name)
 * and reads the password each time a client is made ({@link #client}), as
 * {@code org.vigil.connectors.mqtt.security.MqttClientSecurity} does for MQTT. Instances can so go into a Flink job graph
 * without the secret; the file (or the variable) must then be there where the client connects, e.g. on every
 * taskmanager. {@link #fromLookup} reads the file once to report a bad one at start-up.
 */
public final class InfluxCredentials implements Serializable {

  private static final long serialVersionUID = 2L;

  /** Environment variable naming the password file. */
  public static final String ENV_PASSWORD_FILE = InfluxSettings.PASSWORD_FILE.key();
  /** Environment variable holding the password itself. */
  public static final String ENV_PASSWORD = InfluxSettings.PASSWORD.key();

  /** No authentication. */
  public static final InfluxCredentials NONE = new InfluxCredentials("", null, null);

  /** The user names the local services create (infra/influx-auth.sh); the same as {@link ServiceIdentities}. */
  public static final String ADMIN = ServiceIdentities.ADMIN;
  public static final String JOB = ServiceIdentities.JOB;
  public static final String CONSOLE = ServiceIdentities.CONSOLE;
  public static final String TOOLS = ServiceIdentities.TOOLS;
  public static final String GRAFANA = ServiceIdentities.GRAFANA;
  public static final String BENCH = ServiceIdentities.BENCH;

  /** Every user the local services create, the admin first. */
  public static final List<String> LOCAL_USERS = ServiceIdentities.INFLUX;

  private static final String FILE_REMEDY = "check " + ENV_PASSWORD_FILE + " (the local services keep the files in"
      + " .vigil/<instance>/secrets/influx-<user>.password, infra/compose/prepare.sh in infra/compose/local/secrets)";

  private final String username;
  private final String passwordFile;
  private final String passwordVariable;

  private InfluxCredentials(String username, String passwordFile, String passwordVariable) {
    this.username = username == null ? "" : username.trim();
    this.passwordFile = passwordFile;
    this.passwordVariable = passwordVariable;
  }

  /** The user with the password in the first line of {@code passwordFile}, read whenever a client is made. */
  public static InfluxCredentials ofFile(String username, Path passwordFile) {
    Objects.requireNonNull(passwordFile, "passwordFile");
    return new InfluxCredentials(requireUser(username), passwordFile.toString(), null);
  }

  /** The user with the password in the environment variable {@code variable}, read whenever a client is made. */
  public static InfluxCredentials ofEnvironment(String username, String variable) {
    Objects.requireNonNull(variable, "variable");
    return new InfluxCredentials(requireUser(username), null, variable);
  }

  private static String requireUser(String username) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("an InfluxDB password needs a user name");
    }
    return username;
  }

  /** The user name, empty when there is none. */
  public String username() {
    return username;
  }

  /** The password file, when the password comes from one. */
  public Optional<Path> passwordFile() {
    return Optional.ofNullable(passwordFile).map(Path::of);
  }

  /** The environment variable holding the password, when it comes from the environment. */
  public Optional<String> passwordVariable() {
    return Optional.ofNullable(passwordVariable);
  }

  /**
   * The password, read now from its file or the environment; empty when there is no user.
   *
   * @throws Secrets.UnreadableSecretException naming the file (or variable) and what to do
   */
  public String password() {
    if (!present()) {
      return "";
    }
    if (passwordFile != null) {
      return Secrets.readFirstLine(Path.of(passwordFile), "the InfluxDB password of " + username, FILE_REMEDY);
    }
    return Secrets.fromEnvironment(passwordVariable, "the InfluxDB password of " + username,
        "set " + passwordVariable + " there, or " + ENV_PASSWORD_FILE + " to a file holding it");
  }

  /** Whether requests authenticate. */
  public boolean present() {
    return !username.isEmpty();
  }

  /**
   * Reads {@code VIGIL_INFLUX_USERNAME} (or {@code VIGIL_INFLUX_USER}) and {@code VIGIL_INFLUX_PASSWORD_FILE} or
   * {@code VIGIL_INFLUX_PASSWORD}. A password file is read once here (and the password dropped) so that a missing or
   * empty file is reported with the other settings; {@code VIGIL_INFLUX_PASSWORD} is taken from the environment of
   * the process that connects.
   *
   * @throws IllegalArgumentException with what to set when the settings do not fit together or the file is unreadable
   */
  public static InfluxCredentials fromLookup(Function<String, String> lookup) {
    String user = blankToNull(lookup.apply(InfluxSettings.USERNAME.key()));
    String oldUser = blankToNull(lookup.apply(InfluxSettings.USERNAME.formerKeys().get(0)));
    if (user != null && oldUser != null && !user.equals(oldUser)) {
      throw new IllegalArgumentException("VIGIL_INFLUX_USERNAME ('" + user + "') and VIGIL_INFLUX_USER ('" + oldUser
          + "', its former name) differ: set only VIGIL_INFLUX_USERNAME");
    }
    user = user != null ? user : oldUser;
    String file = blankToNull(lookup.apply(ENV_PASSWORD_FILE));
    String password = lookup.apply(ENV_PASSWORD);
    boolean hasPassword = password != null && !password.isEmpty();
    if (file != null && hasPassword) {
      throw new IllegalArgumentException("both " + ENV_PASSWORD_FILE + " and " + ENV_PASSWORD + " are set: set only one");
    }
    if (user == null) {
      if (file != null || hasPassword) {
        throw new IllegalArgumentException("an InfluxDB password is set but no user: set VIGIL_INFLUX_USERNAME");
      }
      return NONE;
    }
    if (file != null) {
      InfluxCredentials c = ofFile(user, Path.of(file));
      try {
        c.password();
      } catch (Secrets.UnreadableSecretException e) {
        throw new IllegalArgumentException(ENV_PASSWORD_FILE + ": " + e.getMessage(), e);
      }
      return c;
    }
    if (!hasPassword) {
      throw new IllegalArgumentException("VIGIL_INFLUX_USERNAME is '" + user + "' but no password is set: set "
          + ENV_PASSWORD_FILE + " to a file holding it (or " + ENV_PASSWORD + " in the environment)");
    }
    return ofEnvironment(user, ENV_PASSWORD);
  }

  /**
   * The local services' credentials of {@code user}: its password file in {@code <stateDir>/secrets}; empty when that
   * file does not exist (services from before authentication, or not started by infra/services.sh).
   */
  public static Optional<InfluxCredentials> local(Path stateDir, String user) {
    Path file = localPasswordFile(stateDir, user);
    return Files.isRegularFile(file) ? Optional.of(ofFile(user, file)) : Optional.empty();
  }

  /** Where infra/services.sh keeps the password of {@code user}. */
  public static Path localPasswordFile(Path stateDir, String user) {
    return ServiceIdentities.influxPasswordFile(stateDir.resolve("secrets"), user);
  }

  /** These credentials as the settings a job or tool reads ({@link #fromLookup}), the password as a file. */
  public static Map<String, String> settings(String user, Path passwordFile) {
    return Map.of(InfluxSettings.USERNAME.key(), user, ENV_PASSWORD_FILE, passwordFile.toString());
  }

  /** A client for {@code url} with these credentials, the password read now. */
  public InfluxClient client(String url, Duration requestTimeout) {
    return present() ? new InfluxClient(url, username, password(), requestTimeout)
        : new InfluxClient(url, null, null, requestTimeout);
  }

  /** A client for {@code url} with these credentials and the default timeout. */
  public InfluxClient client(String url) {
    return client(url, InfluxClient.DEFAULT_REQUEST_TIMEOUT);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    if (!present()) {
      return "InfluxCredentials[none]";
    }
    return "InfluxCredentials[username=" + username + ", password=****"
        + (passwordFile != null ? " (file " + passwordFile + ")" : " (environment " + passwordVariable + ")") + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfluxCredentials c && c.username.equals(username)
        && Objects.equals(c.passwordFile, passwordFile) && Objects.equals(c.passwordVariable, passwordVariable);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, passwordFile, passwordVariable);
  }
}
