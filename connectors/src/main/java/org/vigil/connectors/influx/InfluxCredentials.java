package org.vigil.connectors.influx;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Who a client is at InfluxDB: a user name and its password, read from settings, never from a command-line argument.
 *
 * <table>
 *   <caption>keys read by {@link #fromLookup}</caption>
 *   <tr><td>{@code VIGIL_INFLUX_USERNAME}</td><td>the user ({@code VIGIL_INFLUX_USER}, its former name, is still
 *       read); empty: no authentication</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_PASSWORD_FILE}</td><td>a file whose first line is the password (the local services
 *       keep them in {@code .vigil/<instance>/secrets/influx-<user>.password})</td></tr>
 *   <tr><td>{@code VIGIL_INFLUX_PASSWORD}</td><td>the password itself, when there is no file (e.g. from a secret
 *       store through the environment)</td></tr>
 * </table>
 *
 * The password is masked in {@link #toString()}.
 */
public final class InfluxCredentials implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No authentication. */
  public static final InfluxCredentials NONE = new InfluxCredentials("", "");

  /** The user names the local services create (infra/influx-auth.sh). */
  public static final String ADMIN = "vigil-admin";
  public static final String JOB = "vigil-job";
  public static final String CONSOLE = "vigil-console";
  public static final String TOOLS = "vigil-tools";
  public static final String GRAFANA = "vigil-grafana";
  public static final String BENCH = "vigil-bench";

  /** Every user the local services create, the admin first. */
  public static final List<String> LOCAL_USERS = List.of(ADMIN, JOB, CONSOLE, TOOLS, GRAFANA, BENCH);

  private final String username;
  private final String password;

  /**
   * @param username the user, or null/empty for none
   * @param password its password (null: empty)
   */
  public InfluxCredentials(String username, String password) {
    this.username = username == null ? "" : username.trim();
    this.password = password == null ? "" : password;
  }

  /** The user name, empty when there is none. */
  public String username() {
    return username;
  }

  /** The password, empty when there is none. */
  public String password() {
    return password;
  }

  /** Whether requests authenticate. */
  public boolean present() {
    return !username.isEmpty();
  }

  /**
   * Reads {@code VIGIL_INFLUX_USERNAME} (or {@code VIGIL_INFLUX_USER}) and {@code VIGIL_INFLUX_PASSWORD_FILE} or
   * {@code VIGIL_INFLUX_PASSWORD}.
   *
   * @throws IllegalArgumentException with what to set when the settings do not fit together or the file is unreadable
   */
  public static InfluxCredentials fromLookup(Function<String, String> lookup) {
    String user = blankToNull(lookup.apply("VIGIL_INFLUX_USERNAME"));
    String oldUser = blankToNull(lookup.apply("VIGIL_INFLUX_USER"));
    if (user != null && oldUser != null && !user.equals(oldUser)) {
      throw new IllegalArgumentException("VIGIL_INFLUX_USERNAME ('" + user + "') and VIGIL_INFLUX_USER ('" + oldUser
          + "', its former name) differ: set only VIGIL_INFLUX_USERNAME");
    }
    user = user != null ? user : oldUser;
    String file = blankToNull(lookup.apply("VIGIL_INFLUX_PASSWORD_FILE"));
    String password = lookup.apply("VIGIL_INFLUX_PASSWORD");
    if (file != null && password != null && !password.isEmpty()) {
      throw new IllegalArgumentException(
          "both VIGIL_INFLUX_PASSWORD_FILE and VIGIL_INFLUX_PASSWORD are set: set only one");
    }
    if (user == null) {
      if (file != null || (password != null && !password.isEmpty())) {
        throw new IllegalArgumentException("an InfluxDB password is set but no user: set VIGIL_INFLUX_USERNAME");
      }
      return NONE;
    }
    if (file != null) {
      return new InfluxCredentials(user, readPasswordFile(Path.of(file), "VIGIL_INFLUX_PASSWORD_FILE"));
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("VIGIL_INFLUX_USERNAME is '" + user + "' but no password is set: set"
          + " VIGIL_INFLUX_PASSWORD_FILE to a file holding it (or VIGIL_INFLUX_PASSWORD)");
    }
    return new InfluxCredentials(user, password);
  }

  /** The user with the password in the first line of {@code passwordFile}. */
  public static InfluxCredentials ofFile(String username, Path passwordFile) {
    return new InfluxCredentials(username, readPasswordFile(passwordFile, "password file of " + username));
  }

  /**
   * The local services' credentials of {@code user}: its password file in {@code <stateDir>/secrets}; empty when that
   * file does not exist (services from before authentication, or not started by infra/services.sh).
   */
  public static java.util.Optional<InfluxCredentials> local(Path stateDir, String user) {
    Path file = localPasswordFile(stateDir, user);
    return Files.isRegularFile(file) ? java.util.Optional.of(ofFile(user, file)) : java.util.Optional.empty();
  }

  /** Where infra/services.sh keeps the password of {@code user}. */
  public static Path localPasswordFile(Path stateDir, String user) {
    return stateDir.resolve("secrets").resolve("influx-" + user + ".password");
  }

  /** These credentials as the settings a job or tool reads ({@link #fromLookup}), the password as a file. */
  public static java.util.Map<String, String> settings(String user, Path passwordFile) {
    return java.util.Map.of("VIGIL_INFLUX_USERNAME", user, "VIGIL_INFLUX_PASSWORD_FILE", passwordFile.toString());
  }

  /** A client for {@code url} with these credentials. */
  public InfluxClient client(String url, Duration requestTimeout) {
    return new InfluxClient(url, present() ? username : null, password, requestTimeout);
  }

  /** A client for {@code url} with these credentials and the default timeout. */
  public InfluxClient client(String url) {
    return client(url, InfluxClient.DEFAULT_REQUEST_TIMEOUT);
  }

  static String readPasswordFile(Path file, String what) {
    try {
      List<String> lines = Files.readAllLines(file);
      String first = lines.isEmpty() ? "" : lines.get(0).strip();
      if (first.isEmpty()) {
        throw new IllegalArgumentException(what + ": " + file + " is empty; its first line must be the password");
      }
      return first;
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName()
          + "): is the path right and readable by this user?", e);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  @Override
  public String toString() {
    return present() ? "InfluxCredentials[username=" + username + ", password=****]" : "InfluxCredentials[none]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfluxCredentials c && c.username.equals(username) && c.password.equals(password);
  }

  @Override
  public int hashCode() {
    return username.hashCode() * 31 + password.hashCode();
  }
}
