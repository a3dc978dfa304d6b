package org.vigil.connectors.mqtt.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.vigil.core.security.Secrets;
import org.vigil.core.security.ServiceIdentities;
import org.vigil.core.settings.MqttSettings;

/**
 * The identity and trust one MQTT client connects with: a username, a password read from a file (or from the
 * environment), and the PEM certificate authority that signed the broker's certificate.
 *
 * <p>Every Vigil client that talks to the broker gets its connect options from
 * {@link org.vigil.connectors.mqtt.MqttClientFactory}, which applies this (see {@link #apply}), so that credentials come only from
 * files or the environment (never from command lines or logs) and TLS is verified the same way everywhere: the
 * broker's certificate must chain to the given CA and name the host in the URL. The password itself is not held by
 * this object (it is read from the file at each connect), so instances can be shipped inside a Flink job graph
 * without carrying the secret; a password taken from the environment is read on the machine that connects.
 *
 * <p>Settings: {@code VIGIL_MQTT_USERNAME}, {@code VIGIL_MQTT_PASSWORD_FILE} (or {@code VIGIL_MQTT_PASSWORD}),
 * {@code VIGIL_MQTT_CA_FILE}; in tests the system properties {@code vigil.mqtt.username},
 * {@code vigil.mqtt.passwordFile}, {@code vigil.mqtt.caFile}.
 */
public final class MqttClientSecurity implements Serializable {

  private static final long serialVersionUID = 3L;

  /** Environment variable naming the client's username. */
  public static final String ENV_USERNAME = MqttSettings.USERNAME.key();
  /** Environment variable naming a file that holds the client's password (first line). */
  public static final String ENV_PASSWORD_FILE = MqttSettings.PASSWORD_FILE.key();
  /** Environment variable holding the password itself, for set-ups that inject secrets into the environment. */
  public static final String ENV_PASSWORD = MqttSettings.PASSWORD.key();
  /** Environment variable naming the PEM file of the CA that signed the broker's certificate. */
  public static final String ENV_CA_FILE = MqttSettings.CA_FILE.key();

  /** Environment variable naming the secrets folder ({@code ca.crt}, {@code mqtt-<identity>.password}). */
  public static final String ENV_SECRETS_DIR = MqttSettings.SECRETS_DIR.key();

  /** The identity the job runs as ({@link ServiceIdentities#JOB}). */
  public static final String JOB = ServiceIdentities.JOB;
  /** The identity the console runs as ({@link ServiceIdentities#CONSOLE}). */
  public static final String CONSOLE = ServiceIdentities.CONSOLE;
  /** The identity of the command-line tools ({@link ServiceIdentities#TOOLS}). */
  public static final String TOOLS = ServiceIdentities.TOOLS;
  /** The identity of the device and camera simulators and of the bench's publishers. */
  public static final String SIMULATOR = ServiceIdentities.SIMULATOR;

  /** No username, no password, no CA: an anonymous client on a plain or system-trusted listener. */
  public static final MqttClientSecurity NONE = new MqttClientSecurity(null, null, null);

  private final String username;
  private final String passwordFile;
  private final String caFile;
  private final String passwordEnv;
  /** The identity's password must come from {@link #passwordEnv} (no file): missing there, connecting fails. */
  private final boolean passwordEnvRequired;

  /**
   * @param username the identity, or null for none
   * @param passwordFile the file holding the password, or null to take {@code VIGIL_MQTT_PASSWORD} (if set)
   * @param caFile the PEM CA file for ssl:// brokers, or null to trust the JVM's default authorities
   */
  public MqttClientSecurity(String username, String passwordFile, String caFile) {
    this(username, passwordFile, caFile, ENV_PASSWORD);
  }

  private MqttClientSecurity(String username, String passwordFile, String caFile, String passwordEnv) {
    this(username, passwordFile, caFile, passwordEnv, false);
  }

  private MqttClientSecurity(String username, String passwordFile, String caFile, String passwordEnv,
      boolean passwordEnvRequired) {
    this.username = blankToNull(username);
    this.passwordFile = blankToNull(passwordFile);
    this.caFile = blankToNull(caFile);
    this.passwordEnv = passwordEnv;
    this.passwordEnvRequired = passwordEnvRequired && this.passwordFile == null && passwordEnv != null;
  }

  /**
   * The settings of one of Vigil's own identities ({@link #JOB}, {@link #CONSOLE}, {@link #TOOLS},
   * {@link #SIMULATOR}), so that processes that run several parts (the local launcher runs the job, the console and
   * the simulator in one JVM) give each part its own identity. For identity {@code vigil-job} the settings are read
   * in this order, the first one set wins:
   *
   * <ol>
   *   <li>{@code VIGIL_MQTT_JOB_USERNAME}, {@code VIGIL_MQTT_JOB_PASSWORD_FILE} (or {@code VIGIL_MQTT_JOB_PASSWORD})
   *   <li>{@code VIGIL_SECRETS_DIR}: username {@code vigil-job}, password file
   *       {@code $VIGIL_SECRETS_DIR/mqtt-vigil-job.password} (as infra/services.sh makes them)
   *   <li>{@code VIGIL_MQTT_USERNAME}, {@code VIGIL_MQTT_PASSWORD_FILE} (or {@code VIGIL_MQTT_PASSWORD})
   * </ol>
   *
   * <p>The CA is {@code VIGIL_MQTT_CA_FILE}, else {@code $VIGIL_SECRETS_DIR/ca.crt}. Nothing set: anonymous.
   *
   * @param env the settings (environment, or the launcher's lookup)
   * @param identity the identity, e.g. {@link #JOB}
   */
  public static MqttClientSecurity forIdentity(Function<String, String> env, String identity) {
    String role = roleKey(identity);
    String secrets = blankToNull(env.apply(ENV_SECRETS_DIR));
    String ca = blankToNull(env.apply(ENV_CA_FILE));
    if (ca == null && secrets != null) {
      ca = Path.of(secrets, "ca.crt").toString();
    }
    String user = blankToNull(env.apply(MqttSettings.PART_USERNAME.keyFor(role)));
    if (user != null) {
      // Without a file, the password is VIGIL_MQTT_<PART>_PASSWORD of the process that connects (e.g. every
      // taskmanager of a cluster); its absence there is reported, not sent as no password.
      return new MqttClientSecurity(user, env.apply(MqttSettings.PART_PASSWORD_FILE.keyFor(role)), ca,
          MqttSettings.PART_PASSWORD.keyFor(role), true);
    }
    if (secrets != null) {
      return new MqttClientSecurity(identity,
          ServiceIdentities.mqttPasswordFile(Path.of(secrets), identity).toString(), ca, ENV_PASSWORD);
    }
    return new MqttClientSecurity(env.apply(ENV_USERNAME), env.apply(ENV_PASSWORD_FILE), ca, ENV_PASSWORD);
  }

  /** {@link #forIdentity(Function, String)} from the process environment and {@code -D} system properties. */
  public static MqttClientSecurity forIdentity(String identity) {
    return forIdentity(k -> {
      String v = System.getProperty(k);
      return v != null ? v : System.getenv(k);
    }, identity);
  }

  /** The middle part of the per-identity setting names: vigil-job gives JOB. */
  static String roleKey(String identity) {
    String r = identity.startsWith("vigil-") ? identity.substring("vigil-".length()) : identity;
    return r.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  /** The settings from the process environment (see the class comment). */
  public static MqttClientSecurity fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** The settings from the given environment map. */
  public static MqttClientSecurity fromEnvironment(Map<String, String> env) {
    return new MqttClientSecurity(env.get(ENV_USERNAME), env.get(ENV_PASSWORD_FILE), env.get(ENV_CA_FILE));
  }

  /** The settings from the test system properties, falling back to the environment for each one left unset. */
  public static MqttClientSecurity fromSystemProperties() {
    Map<String, String> env = System.getenv();
    return new MqttClientSecurity(
        System.getProperty("vigil.mqtt.username", env.get(ENV_USERNAME)),
        System.getProperty("vigil.mqtt.passwordFile", env.get(ENV_PASSWORD_FILE)),
        System.getProperty("vigil.mqtt.caFile", env.get(ENV_CA_FILE)));
  }

  /** The same trust settings with another identity (for a test or tool that plays a given device or role). */
  public MqttClientSecurity as(String otherUsername, String otherPasswordFile) {
    return new MqttClientSecurity(otherUsername, otherPasswordFile, caFile, null);
  }

  /** True when there is a username to send (the broker then checks it and its password). */
  public boolean hasIdentity() {
    return username != null;
  }

  public String username() {
    return username;
  }

  public String passwordFile() {
    return passwordFile;
  }

  public String caFile() {
    return caFile;
  }

  /**
   * Puts the username, the password and (for ssl:// URLs) the TLS socket factory into {@code options}.
   *
   * @param serverUri the broker URL the options are for
   * @throws IllegalStateException when the password or CA file cannot be read, saying which file and what to do
   */
  public MqttConnectionOptions apply(String serverUri, MqttConnectionOptions options) {
    Objects.requireNonNull(options, "options");
    if (username != null) {
      options.setUserName(username);
    }
    byte[] password = readPassword(passwordEnv == null ? null : System.getenv(passwordEnv));
    if (password == null && passwordEnvRequired) {
      throw new Secrets.UnreadableSecretException("the MQTT password of " + username + ": " + passwordEnv
          + " is not set in the environment of this process (it is read where the client connects, e.g. on every"
          + " Flink taskmanager; the compose stack gives it from .env): set it there, or " + passwordEnv
          + "_FILE to a file holding it", null);
    }
    if (password != null) {
      options.setPassword(password);
    }
    if (serverUri != null && serverUri.startsWith("ssl://")) {
      options.setSocketFactory(socketFactory());
      // Paho checks that the certificate names the URL's host; kept on explicitly.
      options.setHttpsHostnameVerificationEnabled(true);
    }
    return options;
  }

  byte[] readPassword(String fromEnvironment) {
    if (passwordFile != null) {
      String pw = Secrets.readFirstLine(Path.of(passwordFile), "the MQTT password of " + username,
          "check " + ENV_PASSWORD_FILE + " (or VIGIL_MQTT_<PART>_PASSWORD_FILE, " + ENV_SECRETS_DIR
              + "; infra/services.sh makes the files on the first start with VIGIL_MQTT_SECURITY=on,"
              + " infra/compose/prepare.sh for the compose stack)");
      return pw.getBytes(StandardCharsets.UTF_8);
    }
    String env = blankToNull(fromEnvironment);
    return env == null ? null : env.getBytes(StandardCharsets.UTF_8);
  }

  /** A socket factory that trusts exactly the certificates in the CA file (or the JVM defaults without one). */
  public SSLSocketFactory socketFactory() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (caFile == null) {
        ctx.init(null, null, null);
        return ctx.getSocketFactory();
      }
      Collection<? extends Certificate> certs;
      try (InputStream in = Files.newInputStream(Path.of(caFile))) {
        certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      if (certs.isEmpty()) {
        throw new IllegalStateException("MQTT CA file " + caFile + " holds no PEM certificate: point "
            + ENV_CA_FILE + " at the CA certificate (ca.crt in the secrets folder).");
      }
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate c : certs) {
        trust.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx.getSocketFactory();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the MQTT CA file " + caFile + " (" + e.getMessage()
          + "): check " + ENV_CA_FILE + ".", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MQTT CA file " + caFile + " is not a usable PEM certificate (" + e.getMessage()
          + "): point " + ENV_CA_FILE + " at the CA certificate (ca.crt in the secrets folder).", e);
    }
  }

  @Override
  public String toString() {
    // Never the password; only where it comes from.
    return "MqttClientSecurity{username=" + username + ", passwordFile=" + passwordFile + ", caFile=" + caFile + "}";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
