package org.vigil.connectors.mqtt.source;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.configuration.ReadableConfig;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * Builds an {@link MqttSource}; get one from {@link MqttSource#builder()}. Unset options take the defaults of
 * {@link MqttSourceOptions}; {@link #build()} checks every field and names all bad ones in one
 * {@link MqttSourceConfigException}. The builder reads nothing from the environment: the job passes the values.
 */
public final class MqttSourceBuilder {

  private String serverUri;
  private List<String> topicFilters = List.of();
  private String sharedGroup = MqttSourceOptions.SHARED_GROUP.defaultValue();
  private String clientIdPrefix;
  private long sessionExpirySeconds = MqttSourceOptions.SESSION_EXPIRY_SECONDS.defaultValue();
  private int maxUnackedMessages = MqttSourceOptions.MAX_UNACKED_MESSAGES.defaultValue();
  private int receiveQueueCapacity = MqttSourceOptions.RECEIVE_QUEUE_CAPACITY.defaultValue();
  private String username;
  private String password;
  private int connectionTimeoutSeconds = MqttSourceOptions.CONNECTION_TIMEOUT_SECONDS.defaultValue();
  private int keepAliveSeconds = MqttSourceOptions.KEEP_ALIVE_SECONDS.defaultValue();
  private Duration reconnectInitialDelay = MqttSourceOptions.RECONNECT_INITIAL_DELAY.defaultValue();
  private Duration reconnectMaxDelay = MqttSourceOptions.RECONNECT_MAX_DELAY.defaultValue();
  private Duration reconnectTimeout = MqttSourceOptions.RECONNECT_TIMEOUT.defaultValue();
  private MqttClientSecurity security = MqttClientSecurity.NONE;

  MqttSourceBuilder() {}

  /** Broker URI, e.g. {@code tcp://127.0.0.1:18830}. Required. See {@link MqttSourceOptions#SERVER_URI}. */
  public MqttSourceBuilder serverUri(String serverUri) {
    this.serverUri = serverUri;
    return this;
  }

  /** One or more topic filters, without {@code $share/}. Required. See {@link MqttSourceOptions#TOPIC_FILTERS}. */
  public MqttSourceBuilder topicFilters(String... topicFilters) {
    this.topicFilters = topicFilters == null ? List.of() : Arrays.asList(topicFilters);
    return this;
  }

  /** One or more topic filters, without {@code $share/}. Required. See {@link MqttSourceOptions#TOPIC_FILTERS}. */
  public MqttSourceBuilder topicFilters(List<String> topicFilters) {
    this.topicFilters = topicFilters == null ? List.of() : topicFilters;
    return this;
  }

  /** Shared subscription group (default {@code vigil}). See {@link MqttSourceOptions#SHARED_GROUP}. */
  /**
   * Subscribes the plain topic filters instead of a shared subscription: every reader gets every message and
   * retained messages arrive on subscribe. Use it with parallelism 1 (e.g. a configuration topic).
   */
  public MqttSourceBuilder withoutSharing() {
    this.sharedGroup = "";
    return this;
  }

  public MqttSourceBuilder sharedGroup(String sharedGroup) {
    this.sharedGroup = sharedGroup;
    return this;
  }

  /** Client id prefix: split i connects as {@code <prefix>-i}. Required. */
  public MqttSourceBuilder clientIdPrefix(String clientIdPrefix) {
    this.clientIdPrefix = clientIdPrefix;
    return this;
  }

  /** Session expiry interval (default 3600). See {@link MqttSourceOptions#SESSION_EXPIRY_SECONDS}. */
  public MqttSourceBuilder sessionExpirySeconds(long sessionExpirySeconds) {
    this.sessionExpirySeconds = sessionExpirySeconds;
    return this;
  }

  /** Per reader cap of emitted, unacknowledged messages (default 50,000). */
  public MqttSourceBuilder maxUnackedMessages(int maxUnackedMessages) {
    this.maxUnackedMessages = maxUnackedMessages;
    return this;
  }

  /** Per reader capacity of the queue between the MQTT client and Flink (default 10,000). */
  public MqttSourceBuilder receiveQueueCapacity(int receiveQueueCapacity) {
    this.receiveQueueCapacity = receiveQueueCapacity;
    return this;
  }

  /** Optional user name. */
  public MqttSourceBuilder username(String username) {
    this.username = username;
    return this;
  }

  /** Optional password; never logged, never stored in splits or checkpoints. */
  public MqttSourceBuilder password(String password) {
    this.password = password;
    return this;
  }

  /**
   * The identity (username, password file or environment) and the CA the readers connect with; the password is
   * read at each connect, never carried in the job graph.
   */
  public MqttSourceBuilder security(MqttClientSecurity security) {
    this.security = security;
    return this;
  }

  /** Timeout of one connection attempt (default 10 s). */
  public MqttSourceBuilder connectionTimeoutSeconds(int connectionTimeoutSeconds) {
    this.connectionTimeoutSeconds = connectionTimeoutSeconds;
    return this;
  }

  /** MQTT keep-alive interval (default 30 s). */
  public MqttSourceBuilder keepAliveSeconds(int keepAliveSeconds) {
    this.keepAliveSeconds = keepAliveSeconds;
    return this;
  }

  /** Reconnect backoff: first delay, doubled per failed attempt up to the maximum (default 500 ms .. 5 s). */
  public MqttSourceBuilder reconnectBackoff(Duration initialDelay, Duration maxDelay) {
    this.reconnectInitialDelay = initialDelay;
    this.reconnectMaxDelay = maxDelay;
    return this;
  }

  /**
   * How long a reader may be without a connection before it fails the task (default 5 min; zero: retry forever).
   * See {@link MqttSourceOptions#RECONNECT_TIMEOUT}.
   */
  public MqttSourceBuilder reconnectTimeout(Duration reconnectTimeout) {
    this.reconnectTimeout = reconnectTimeout;
    return this;
  }

  /**
   * Takes every {@link MqttSourceOptions} key that {@code config} sets (a Flink {@code Configuration}, e.g. from a
   * job's properties); keys it does not set leave what the builder has. Call it first and the setters after it to
   * let code override the configuration, or last to let the configuration override code.
   */
  public MqttSourceBuilder configure(ReadableConfig config) {
    config.getOptional(MqttSourceOptions.SERVER_URI).ifPresent(this::serverUri);
    config.getOptional(MqttSourceOptions.TOPIC_FILTERS).ifPresent(this::topicFilters);
    config.getOptional(MqttSourceOptions.SHARED_GROUP).ifPresent(this::sharedGroup);
    config.getOptional(MqttSourceOptions.SESSION_EXPIRY_SECONDS).ifPresent(this::sessionExpirySeconds);
    config.getOptional(MqttSourceOptions.MAX_UNACKED_MESSAGES).ifPresent(this::maxUnackedMessages);
    config.getOptional(MqttSourceOptions.RECEIVE_QUEUE_CAPACITY).ifPresent(this::receiveQueueCapacity);
    config.getOptional(MqttSourceOptions.USERNAME).ifPresent(this::username);
    config.getOptional(MqttSourceOptions.PASSWORD).ifPresent(this::password);
    config.getOptional(MqttSourceOptions.CONNECTION_TIMEOUT_SECONDS).ifPresent(this::connectionTimeoutSeconds);
    config.getOptional(MqttSourceOptions.KEEP_ALIVE_SECONDS).ifPresent(this::keepAliveSeconds);
    config.getOptional(MqttSourceOptions.RECONNECT_INITIAL_DELAY).ifPresent(d -> this.reconnectInitialDelay = d);
    config.getOptional(MqttSourceOptions.RECONNECT_MAX_DELAY).ifPresent(d -> this.reconnectMaxDelay = d);
    config.getOptional(MqttSourceOptions.RECONNECT_TIMEOUT).ifPresent(this::reconnectTimeout);
    return this;
  }

  /**
   * Checks every field and builds the source.
   *
   * @throws MqttSourceConfigException naming every bad field
   */
  public MqttSource build() {
    return new MqttSource(
        new MqttSourceConfig(
            serverUri,
            topicFilters,
            sharedGroup,
            clientIdPrefix,
            sessionExpirySeconds,
            maxUnackedMessages,
            receiveQueueCapacity,
            username,
            password,
            connectionTimeoutSeconds,
            keepAliveSeconds,
            reconnectInitialDelay,
            reconnectMaxDelay,
            reconnectTimeout,
            security));
  }
}
