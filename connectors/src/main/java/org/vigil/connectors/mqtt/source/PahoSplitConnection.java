package org.vigil.connectors.mqtt.source;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.MqttClientFactory;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/**
 * One split's Paho MQTT v5 client: persistent session (clean start off, session expiry), manual acknowledgements,
 * shared subscriptions at QoS 1, in-memory persistence ({@link MqttClientFactory}). Everything is asynchronous: Paho's callback thread only
 * puts messages into the {@link ReceiveQueue} and never waits for a token, so a resumed session flooding its
 * backlog cannot deadlock against a SUBACK. Reconnects itself with exponential backoff (Paho's automatic reconnect
 * is off, so the session-present flag of every CONNACK is seen) and subscribes again on every connection (a
 * broker that lost the session, or restored it without its subscriptions, would otherwise send nothing).
 *
 * <p>Acknowledgements carry the connection generation the message arrived on: packet ids belong to a connection, so
 * an ack of an earlier connection is skipped (the broker redelivers that message on the new one, where it is
 * emitted and acknowledged again). When no connection has been up for {@code reconnectTimeout} (since it was lost,
 * or since the start), the watchdog fails the reader with an {@link MqttSourceException} saying what to check.
 */
final class PahoSplitConnection implements SplitConnection, MqttCallback {

  private static final Logger LOG = LoggerFactory.getLogger(PahoSplitConnection.class);

  /** CONNACK reason codes that retrying cannot fix. */
  private static final Set<Integer> FATAL_CONNECT_CODES = Set.of(0x84, 0x85, 0x86, 0x87, 0x8A, 0x8C);

  private static final int SESSION_TAKEN_OVER = 0x8E;
  private static final long DISCONNECT_QUIESCE_MS = 1_000;
  private static final long DISCONNECT_WAIT_MS = 3_000;

  private final MqttSourceConfig config;
  private final MqttSplit split;
  private final String clientId;
  private final MqttClientFactory clients;
  private final ReceiveQueue queue;
  private final ScheduledExecutorService scheduler;
  private final SplitConnection.Listener listener;
  private final LongSupplier clock;
  private final Backoff backoff;

  /** Bumped when a connection is lost and when a new one is attempted: acks only go to the connection they came on. */
  private final AtomicLong generation = new AtomicLong();

  private volatile MqttAsyncClient client;
  private volatile boolean closed;
  private volatile boolean everConnected;
  private volatile boolean outageLogged;
  private boolean connectInFlight; // guarded by this
  private ScheduledFuture<?> pendingReconnect; // guarded by this

  /** Start of the current outage (epoch ms), or -1 while connected. Guarded by this. */
  private long outageSinceMs = -1;

  private ScheduledFuture<?> outageWatchdog; // guarded by this
  private int attemptsInOutage; // guarded by this
  private volatile Throwable lastCause;
  private volatile boolean gaveUp;

  PahoSplitConnection(
      MqttSourceConfig config,
      MqttSplit split,
      ReceiveQueue queue,
      ScheduledExecutorService scheduler,
      SplitConnection.Listener listener,
      LongSupplier clock) {
    this.config = config;
    this.split = split;
    this.clientId = config.clientId(split.index());
    this.clients = clientFactory(config);
    this.queue = queue;
    this.scheduler = scheduler;
    this.listener = listener;
    this.clock = clock;
    this.backoff = new Backoff(config.reconnectInitialDelay(), config.reconnectMaxDelay());
  }

  /** The factory the source uses. */
  static SplitConnection.Factory factory(MqttSourceConfig config) {
    return (split, queue, scheduler, listener) ->
        new PahoSplitConnection(config, split, queue, scheduler, listener, System::currentTimeMillis);
  }

  @Override
  public void start() {
    try {
      MqttAsyncClient c = clients.newAsyncClient(clientId);
      c.setCallback(this);
      c.setManualAcks(true);
      client = c;
    } catch (MqttException e) {
      listener.fatal(new MqttSourceException(clientId, "cannot create the MQTT client: " + e, e));
      return;
    }
    beginOutage(null);
    connect();
  }

  /**
   * The readers' clients: persistent session with the configured expiry, no automatic reconnect (the reader
   * reconnects with its own backoff and outage budget), the configured keepalive, timeout and receive maximum; the
   * job's identity and trust (vigil-job: password from its file or the environment, read at each connect), else the
   * configured username and password.
   */
  static MqttClientFactory clientFactory(MqttSourceConfig config) {
    return MqttClientFactory.to(config.serverUri(), config.security())
        .persistentSession(Duration.ofSeconds(config.sessionExpirySeconds()))
        .noAutomaticReconnect()
        .keepAlive(Duration.ofSeconds(config.keepAliveSeconds()))
        .connectionTimeout(Duration.ofSeconds(config.connectionTimeoutSeconds()))
        .receiveMaximum(config.receiveMaximum())
        .credentials(config.username(), config.password());
  }

  private void connect() {
    synchronized (this) {
      if (closed || gaveUp || connectInFlight) {
        return;
      }
      connectInFlight = true;
      pendingReconnect = null;
      attemptsInOutage++;
    }
    long gen = generation.incrementAndGet();
    MqttConnectionOptions options;
    try {
      options = clients.options();
    } catch (IllegalStateException e) { // an unreadable password or CA file: retrying does not help
      synchronized (this) {
        connectInFlight = false;
        gaveUp = true;
      }
      listener.fatal(new MqttSourceException(clientId, e.getMessage(), e));
      return;
    }
    try {
      client.connect(
          options,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              onConnected(gen, token.getSessionPresent());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              onConnectFailed(e);
            }
          });
    } catch (MqttException e) {
      onConnectFailed(e);
    }
  }

  private void onConnected(long gen, boolean sessionPresent) {
    synchronized (this) {
      connectInFlight = false;
    }
    backoff.reset();
    if (closed || gaveUp) {
      disconnectAfterLateConnect();
      return;
    }
    endOutage();
    if (outageLogged) {
      LOG.info("MQTT client {} reconnected to {} (session present: {})", clientId, config.serverUri(), sessionPresent);
    } else {
      LOG.info("MQTT client {} connected to {} (session present: {})", clientId, config.serverUri(), sessionPresent);
    }
    if (everConnected && !sessionPresent) {
      LOG.warn(
          "MQTT broker had no session for client {} on reconnect: messages queued for it while it was away are"
              + " lost; subscribing again",
          clientId);
    }
    boolean reconnect = everConnected;
    everConnected = true;
    outageLogged = false;
    listener.connected(split.index(), reconnect, sessionPresent);
    // Always: SUBSCRIBE replaces an existing subscription, and a broker restored from persistence may present the
    // session without its subscriptions: Mosquitto 2.0.11 restarted with persistence on restores the session and
    // its queued messages but not its $share subscriptions, so without this the reader would receive nothing more.
    subscribe(gen);
  }

  private void subscribe(long gen) {
    List<String> filters = config.sharedSubscriptionFilters();
    MqttSubscription[] subscriptions = new MqttSubscription[filters.size()];
    for (int i = 0; i < subscriptions.length; i++) {
      subscriptions[i] = new MqttSubscription(filters.get(i), 1);
    }
    try {
      client.subscribe(
          subscriptions,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              onSubscribed(filters, token.getReasonCodes());
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              onSubscribeFailed(gen, e);
            }
          },
          new MqttProperties());
    } catch (MqttException e) {
      onSubscribeFailed(gen, e);
    }
  }

  private void onSubscribed(List<String> filters, int[] reasonCodes) {
    List<String> refused = new ArrayList<>();
    List<String> downgraded = new ArrayList<>();
    for (int i = 0; i < filters.size(); i++) {
      int code = reasonCodes != null && i < reasonCodes.length ? reasonCodes[i] : 0x80;
      if (code >= 0x80) {
        refused.add(filters.get(i) + " (reason 0x" + Integer.toHexString(code) + ")");
      } else if (code == 0) {
        downgraded.add(filters.get(i));
      }
    }
    if (!refused.isEmpty()) {
      listener.fatal(new MqttSourceException(clientId, "the broker refused the subscriptions " + refused, null));
      return;
    }
    if (!downgraded.isEmpty()) {
      LOG.warn(
          "MQTT broker granted only QoS 0 to client {} for {}: those messages are at most once", clientId, downgraded);
    }
    LOG.info("MQTT client {} subscribed to {}", clientId, filters);
    listener.subscribed(split.index());
  }

  private void onSubscribeFailed(long gen, Throwable e) {
    if (closed) {
      return;
    }
    MqttAsyncClient c = client;
    if (gen == generation.get() && c != null && c.isConnected()) {
      listener.fatal(new MqttSourceException(clientId, "subscribing failed: " + e, e));
    } else {
      LOG.debug("MQTT client {}: subscribe interrupted by a lost connection; retried on reconnect", clientId, e);
    }
  }

  private void onConnectFailed(Throwable e) {
    synchronized (this) {
      connectInFlight = false;
    }
    lastCause = e;
    if (closed || gaveUp) {
      return;
    }
    if (e instanceof MqttException me && FATAL_CONNECT_CODES.contains(me.getReasonCode())) {
      listener.fatal(
          new MqttSourceException(
              clientId,
              "the broker refused the connection (reason 0x" + Integer.toHexString(me.getReasonCode()) + ": " + e
                  + "); check the credentials and the client id",
              e));
      return;
    }
    logOutage("cannot connect to " + config.serverUri(), e);
    scheduleReconnect();
  }

  private void logOutage(String what, Throwable e) {
    if (!outageLogged) {
      outageLogged = true;
      String cause = e == null ? "no cause" : e.toString();
      LOG.warn("MQTT client {} {}: {}; reconnecting with backoff", clientId, what, cause);
    } else {
      LOG.debug("MQTT client {} {} (still)", clientId, what, e);
    }
  }

  private synchronized void scheduleReconnect() {
    if (closed || gaveUp || connectInFlight || pendingReconnect != null) {
      return;
    }
    long delayMs = backoff.nextDelayMs();
    LOG.debug("MQTT client {}: reconnect in {} ms", clientId, delayMs);
    pendingReconnect = scheduler.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
  }

  /** Starts the outage clock and the watchdog, unless an outage is already running. */
  private void beginOutage(Throwable cause) {
    if (cause != null) {
      lastCause = cause;
    }
    Duration timeout = config.reconnectTimeout();
    synchronized (this) {
      if (outageSinceMs >= 0 || closed) {
        return;
      }
      outageSinceMs = clock.getAsLong();
      attemptsInOutage = 0;
      if (!timeout.isZero()) {
        long since = outageSinceMs;
        outageWatchdog =
            scheduler.schedule(() -> giveUpIfStillDown(since), timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  private synchronized void endOutage() {
    outageSinceMs = -1;
    if (outageWatchdog != null) {
      outageWatchdog.cancel(false);
      outageWatchdog = null;
    }
  }

  /** The watchdog: still no connection since {@code since}, so stop retrying and fail the reader. */
  private void giveUpIfStillDown(long since) {
    String message;
    synchronized (this) {
      if (closed || gaveUp || outageSinceMs != since) {
        return;
      }
      gaveUp = true;
      if (pendingReconnect != null) {
        pendingReconnect.cancel(false);
        pendingReconnect = null;
      }
      message = giveUpMessage(clock.getAsLong() - since);
    }
    Throwable cause = lastCause;
    LOG.error("MQTT client {}: {}", clientId, message);
    listener.fatal(new MqttSourceException(clientId, message, cause));
  }

  private String giveUpMessage(long downMs) {
    Throwable cause = lastCause;
    String since = everConnected ? "since the connection was lost at " : "since the reader started at ";
    return String.format(
        "no connection to the MQTT broker %s for %.1f s (%s%s, %d connection attempts), longer than the reconnect"
            + " timeout %s (mqtt.source.reconnect-timeout); last cause: %s. Check that the broker is running and"
            + " reachable from this task manager (host, port, firewall, TLS settings) and its log for refused"
            + " connections; raise the reconnect timeout to ride out longer outages.",
        config.serverUri(),
        downMs / 1000.0,
        since,
        Instant.ofEpochMilli(outageSinceMs),
        attemptsInOutage,
        config.reconnectTimeout(),
        cause == null ? "none reported" : cause.toString());
  }

  @Override
  public void disconnected(MqttDisconnectResponse response) {
    generation.incrementAndGet();
    if (closed) {
      return;
    }
    beginOutage(response.getException());
    listener.connectionLost(split.index());
    if (response.getException() == null && response.getReturnCode() == SESSION_TAKEN_OVER) {
      listener.fatal(
          new MqttSourceException(
              clientId,
              "another connection took over this client id (is a second job using the same clientIdPrefix?)",
              null));
      return;
    }
    Throwable cause = response.getException();
    String what =
        cause == null
            ? "lost its connection (broker sent DISCONNECT 0x" + Integer.toHexString(response.getReturnCode()) + ")"
            : "lost its connection";
    logOutage(what, cause);
    scheduleReconnect();
  }

  @Override
  public void mqttErrorOccurred(MqttException e) {
    LOG.warn("MQTT client {}: protocol error {}", clientId, e.toString());
  }

  @Override
  public void messageArrived(String topic, MqttMessage message) {
    if (closed) {
      return; // not emitted, not acknowledged: redelivered to the resumed session
    }
    listener.messageReceived(split.index());
    ReceivedMessage received =
        new ReceivedMessage(
            split.index(),
            generation.get(),
            message.getId(),
            message.getQos(),
            topic,
            message.getPayload(),
            clock.getAsLong());
    try {
      queue.put(received, () -> closed);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // Paho is stopping this thread; the message is redelivered
    }
  }

  @Override
  public boolean ack(long gen, int messageId, int qos) {
    if (qos == 0) {
      return false;
    }
    MqttAsyncClient c = client;
    if (gen != generation.get() || c == null || !c.isConnected()) {
      LOG.debug("MQTT client {}: not acknowledging message {} of an earlier connection", clientId, messageId);
      return false;
    }
    try {
      c.messageArrivedComplete(messageId, qos);
      return true;
    } catch (MqttException e) {
      LOG.debug("MQTT client {}: acknowledging message {} failed; the broker redelivers it", clientId, messageId, e);
      return false;
    }
  }

  @Override
  public void deliveryComplete(IMqttToken token) {}

  @Override
  public void connectComplete(boolean reconnect, String serverUri) {}

  @Override
  public void authPacketArrived(int reasonCode, MqttProperties properties) {}

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (pendingReconnect != null) {
        pendingReconnect.cancel(false);
        pendingReconnect = null;
      }
      if (outageWatchdog != null) {
        outageWatchdog.cancel(false);
        outageWatchdog = null;
      }
    }
    MqttAsyncClient c = client;
    if (c == null) {
      return;
    }
    try {
      if (c.isConnected()) {
        // Quiesce lets PUBACKs already handed to Paho go out; nothing new is acknowledged.
        c.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_WAIT_MS);
      }
    } catch (MqttException e) {
      LOG.debug("MQTT client {}: clean disconnect failed", clientId, e);
    }
    try {
      if (c.isConnected()) {
        c.disconnectForcibly(0, DISCONNECT_WAIT_MS, false);
      }
      c.close(true);
    } catch (MqttException e) {
      LOG.debug("MQTT client {}: close failed", clientId, e);
    }
    if (everConnected) {
      LOG.info("MQTT client {} disconnected; its session stays on the broker", clientId);
    } else {
      LOG.info("MQTT client {} closed before it ever connected", clientId);
    }
  }

  /** A connect that was in flight during {@link #close()} completed: drop that connection without waiting. */
  private void disconnectAfterLateConnect() {
    MqttAsyncClient c = client;
    try {
      c.disconnect(
          0,
          null,
          new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              closeQuietly(c);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
              closeQuietly(c);
            }
          },
          0,
          new MqttProperties());
    } catch (MqttException e) {
      LOG.debug("MQTT client {}: disconnect after close failed", clientId, e);
    }
  }

  private void closeQuietly(MqttAsyncClient c) {
    try {
      c.close(true);
    } catch (MqttException e) {
      LOG.debug("MQTT client {}: close failed", clientId, e);
    }
  }
}
