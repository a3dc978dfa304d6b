package org.vigil.connectors.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * The one place Vigil builds Paho MQTT 5 clients and their connect options: the job's source and publish sinks, the
 * rules publisher and the other command-line tools, the console, the simulators, dynamic-security administration and
 * the benchmarks all come here, so a client is made the same way everywhere.
 *
 * <ul>
 *   <li><b>Broker URL</b>: {@code tcp://host:port} or {@code ssl://host:port} ({@code ws://}, {@code wss://}), checked
 *       here.
 *   <li><b>Identity and trust</b> from {@link MqttClientSecurity} (username and password from the files or the
 *       environment through core's {@code Secrets} and {@code ServiceIdentities}; for {@code ssl://} the project's CA,
 *       with the host name verified), applied each time {@link #options()} is called, so the password file is read
 *       at the connect that needs it. {@link #credentials} gives a username and password for clients that have them
 *       in hand (a device made for a benchmark, the source's explicit settings); the security's identity wins.
 *   <li><b>Persistence</b>: always in memory. Paho's own default is a file store in the working directory, which
 *       nothing in Vigil wants (the job's delivery guarantee rests on checkpoints and persistent broker sessions).
 *   <li><b>Session</b>: clean start by default; {@link #persistentSession} keeps the session on the broker for the
 *       given expiry (the source's readers).
 *   <li><b>Automatic reconnect</b>: off by default (the caller reconnects itself, as the source does, or the client
 *       is short-lived); {@link #automaticReconnect} turns Paho's on for long-lived publishers and subscribers.
 *   <li><b>Keepalive</b> 60 s and <b>connection timeout</b> 30 s by default (Paho's values, stated here).
 *   <li><b>Receive maximum</b> (the number of QoS 1 messages in flight towards this client): unset by default, i.e.
 *       65,535.
 *   <li><b>Client ids</b>: {@link #clientId(String, int)} for stable ids ({@code <prefix>-<index>}: a subtask, a
 *       split) and {@link #randomClientId(String)} for short-lived ones ({@code <prefix>-<8 hex>}).
 * </ul>
 *
 * <p>Not thread-safe while being configured; {@link #options()} and the client methods may be called any number of
 * times and each call returns new objects.
 */
public final class MqttClientFactory {

  /** Paho's keepalive, stated: a broker that hears nothing for 1.5 times this drops the client. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(60);
  /** Paho's connection timeout, stated. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  private static final java.util.Set<String> SCHEMES = java.util.Set.of("tcp", "ssl", "ws", "wss");

  private final String serverUri;
  private final MqttClientSecurity security;
  private boolean cleanStart = true;
  private long sessionExpirySeconds = -1;
  private boolean automaticReconnect;
  private Duration reconnectMin = Duration.ofSeconds(1);
  private Duration reconnectMax = Duration.ofMinutes(2);
  private Duration keepAlive = DEFAULT_KEEP_ALIVE;
  private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
  private int receiveMaximum = -1;
  private String username;
  private String password;

  private MqttClientFactory(String serverUri, MqttClientSecurity security) {
    this.serverUri = checkUri(serverUri);
    this.security = security == null ? MqttClientSecurity.NONE : security;
  }

  /**
   * A factory for clients of the broker at {@code serverUri} that connect with {@code security}'s identity and trust
   * ({@link MqttClientSecurity#NONE} or null: anonymous, JVM trust).
   */
  public static MqttClientFactory to(String serverUri, MqttClientSecurity security) {
    return new MqttClientFactory(serverUri, security);
  }

  /** The broker URL. */
  public String serverUri() {
    return serverUri;
  }

  /** The identity and trust the clients connect with. */
  public MqttClientSecurity security() {
    return security;
  }

  /** Clean start (the default): the broker forgets any earlier session of the client id. */
  public MqttClientFactory cleanSession() {
    this.cleanStart = true;
    this.sessionExpirySeconds = -1;
    return this;
  }

  /**
   * A persistent session: no clean start, and the broker keeps the session (subscriptions, unacknowledged messages)
   * for {@code expiry} after the client goes away.
   */
  public MqttClientFactory persistentSession(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("a persistent session needs a positive expiry, was " + expiry);
    }
    this.cleanStart = false;
    this.sessionExpirySeconds = expiry.toSeconds();
    return this;
  }

  /** Paho reconnects by itself after a lost connection, waiting {@code min} doubling up to {@code max}. */
  public MqttClientFactory automaticReconnect(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("reconnect delays must be 0 < min <= max, were " + min + " and " + max);
    }
    this.automaticReconnect = true;
    this.reconnectMin = min;
    this.reconnectMax = max;
    return this;
  }

  /** Paho reconnects by itself with its default delays (1 s doubling up to 2 min). */
  public MqttClientFactory automaticReconnect() {
    return automaticReconnect(Duration.ofSeconds(1), Duration.ofMinutes(2));
  }

  /** No automatic reconnect (the default): the caller handles a lost connection. */
  public MqttClientFactory noAutomaticReconnect() {
    this.automaticReconnect = false;
    return this;
  }

  /** The keepalive interval (whole seconds, 0 to 65,535; 0 turns keepalive off). */
  public MqttClientFactory keepAlive(Duration keepAlive) {
    Objects.requireNonNull(keepAlive, "keepAlive");
    if (keepAlive.isNegative() || keepAlive.toSeconds() > 65_535) {
      throw new IllegalArgumentException("keepAlive must be 0..65535 s, was " + keepAlive);
    }
    this.keepAlive = keepAlive;
    return this;
  }

  /** How long a connect may take before it fails (whole seconds; at least one). */
  public MqttClientFactory connectionTimeout(Duration timeout) {
    this.connectionTimeout = atLeastOneSecond("connectionTimeout", timeout);
    return this;
  }

  /**
   * The MQTT 5 receive maximum: how many QoS 1 and 2 messages the broker may have in flight towards this client
   * (1 to 65,535).
   */
  public MqttClientFactory receiveMaximum(int receiveMaximum) {
    if (receiveMaximum < 1 || receiveMaximum > 65_535) {
      throw new IllegalArgumentException("receiveMaximum must be 1..65535, was " + receiveMaximum);
    }
    this.receiveMaximum = receiveMaximum;
    return this;
  }

  /**
   * A username and password in hand, used when the security has no identity of its own (which otherwise wins).
   * Null for none.
   */
  public MqttClientFactory credentials(String username, String password) {
    this.username = username == null || username.isBlank() ? null : username;
    this.password = password;
    return this;
  }

  /**
   * New connect options with everything above, the identity's password read now and, for {@code ssl://}, a TLS
   * socket factory trusting the CA.
   *
   * @throws IllegalStateException when the password or CA file cannot be read (retrying does not help)
   */
  public MqttConnectionOptions options() {
    MqttConnectionOptions o = new MqttConnectionOptions();
    o.setCleanStart(cleanStart);
    if (sessionExpirySeconds >= 0) {
      o.setSessionExpiryInterval(sessionExpirySeconds);
    }
    o.setAutomaticReconnect(automaticReconnect);
    if (automaticReconnect) {
      o.setAutomaticReconnectDelay((int) Math.max(1, reconnectMin.toSeconds()),
          (int) Math.max(1, reconnectMax.toSeconds()));
    }
    o.setKeepAliveInterval((int) keepAlive.toSeconds());
    o.setConnectionTimeout((int) connectionTimeout.toSeconds());
    if (receiveMaximum > 0) {
      o.setReceiveMaximum(receiveMaximum);
    }
    security.apply(serverUri, o);
    if (username != null && !security.hasIdentity()) {
      // The credentials in hand, not a bare VIGIL_MQTT_PASSWORD of the environment meant for another identity.
      o.setUserName(username);
      o.setPassword(password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }
    return o;
  }

  /** A new asynchronous client with id {@code clientId} and in-memory persistence; not yet connected. */
  public MqttAsyncClient newAsyncClient(String clientId) throws MqttException {
    return new MqttAsyncClient(serverUri, checkClientId(clientId), new MemoryPersistence());
  }

  /** A new blocking client with id {@code clientId} and in-memory persistence; not yet connected. */
  public MqttClient newClient(String clientId) throws MqttException {
    return new MqttClient(serverUri, checkClientId(clientId), new MemoryPersistence());
  }

  /**
   * Connects {@code client} with {@link #options()} and waits until the broker accepted it or the connection timeout
   * passed.
   */
  public IMqttToken connect(MqttAsyncClient client) throws MqttException {
    IMqttToken token = client.connect(options());
    token.waitForCompletion(connectionTimeout.toMillis() + 1_000);
    return token;
  }

  /** A new asynchronous client, connected ({@link #connect(MqttAsyncClient)}); closed again if connecting fails. */
  public MqttAsyncClient connectAsync(String clientId) throws MqttException {
    MqttAsyncClient c = newAsyncClient(clientId);
    try {
      connect(c);
      return c;
    } catch (MqttException | RuntimeException e) {
      try {
        c.close(true);
      } catch (MqttException ignored) {
        // the connect failure is what matters
      }
      throw e;
    }
  }

  /** A stable client id: {@code <prefix>-<index>} (a subtask, a split, a device). */
  public static String clientId(String prefix, long index) {
    return checkClientId(prefix) + "-" + index;
  }

  /** A client id of its own for a short-lived client: {@code <prefix>-} and 8 random hex digits. */
  public static String randomClientId(String prefix) {
    return checkClientId(prefix) + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  public String toString() {
    return "MqttClientFactory{" + serverUri + ", " + security + ", cleanStart=" + cleanStart
        + (sessionExpirySeconds >= 0 ? ", sessionExpiry=" + sessionExpirySeconds + "s" : "")
        + ", automaticReconnect=" + automaticReconnect + "}";
  }

  static String checkUri(String uri) {
    Objects.requireNonNull(uri, "serverUri");
    int sep = uri.indexOf("://");
    String scheme = sep < 0 ? "" : uri.substring(0, sep);
    if (!SCHEMES.contains(scheme) || uri.length() <= sep + 3) {
      throw new IllegalArgumentException("MQTT broker URL must be tcp://host:port or ssl://host:port (or ws://, wss://),"
          + " was " + uri);
    }
    return uri;
  }

  private static String checkClientId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("MQTT client id is empty");
    }
    return id;
  }

  private static Duration atLeastOneSecond(String what, Duration d) {
    Objects.requireNonNull(d, what);
    if (d.toSeconds() < 1) {
      throw new IllegalArgumentException(what + " must be at least 1 s, was " + d);
    }
    return d;
  }
}
