package org.vigil.connectors.mqtt.source;

import static org.vigil.connectors.mqtt.source.MqttSourceOptions.MAX_PACKET_IDS;
import static org.vigil.connectors.mqtt.source.MqttSourceOptions.MAX_SESSION_EXPIRY_SECONDS;

import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;

/**
 * The validated, immutable settings of one {@link MqttSource}; built by {@link MqttSourceBuilder}. Constructing it
 * checks every field and throws one {@link MqttSourceConfigException} naming all bad ones, so an instance is always
 * valid. It travels with the job graph (the password too, as any connector credential does) but never into splits
 * or checkpoints; {@link #toString()} masks the password.
 *
 * @param serverUri broker URI ({@code tcp://}, {@code ssl://}, {@code ws://}, {@code wss://})
 * @param topicFilters topic filters, each subscribed as {@code $share/<sharedGroup>/<filter>} at QoS 1
 * @param sharedGroup MQTT 5 shared subscription group
 * @param clientIdPrefix client id of split i is {@code <prefix>-i}
 * @param sessionExpirySeconds session expiry interval sent with CONNECT (clean start is always off)
 * @param maxUnackedMessages per reader: emitted but unacknowledged QoS 1 messages before emission pauses
 * @param receiveQueueCapacity per reader: received but not yet emitted messages
 * @param username optional user name, or null
 * @param password optional password, or null
 * @param connectionTimeoutSeconds timeout of one connection attempt
 * @param keepAliveSeconds MQTT keep-alive interval
 * @param reconnectInitialDelay first reconnect delay
 * @param reconnectMaxDelay largest reconnect delay
 * @param reconnectTimeout how long a reader may be without a connection before it fails the job; zero: forever
 * @param security identity and trust from {@link MqttClientSecurity} (its password is read from its file or the
 *     environment at each connect, so it is not in the job graph); applied after username and password
 * @see MqttSourceOptions for defaults and descriptions
 */
public record MqttSourceConfig(
    String serverUri,
    List<String> topicFilters,
    String sharedGroup,
    String clientIdPrefix,
    long sessionExpirySeconds,
    int maxUnackedMessages,
    int receiveQueueCapacity,
    String username,
    String password,
    int connectionTimeoutSeconds,
    int keepAliveSeconds,
    Duration reconnectInitialDelay,
    Duration reconnectMaxDelay,
    Duration reconnectTimeout,
    MqttClientSecurity security)
    implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
  private static final int MAX_CLIENT_ID_PREFIX_LENGTH = 200;

  public MqttSourceConfig {
    security = security == null ? MqttClientSecurity.NONE : security;
    topicFilters = topicFilters == null ? List.of() : List.copyOf(nullsRejected(topicFilters));
    List<String> problems = new ArrayList<>();
    checkServerUri(serverUri, problems);
    checkTopicFilters(topicFilters, problems);
    checkSharedGroup(sharedGroup, problems);
    checkClientIdPrefix(clientIdPrefix, problems);
    if (sessionExpirySeconds < 1 || sessionExpirySeconds > MAX_SESSION_EXPIRY_SECONDS) {
      problems.add(
          "sessionExpirySeconds: must be 1.." + MAX_SESSION_EXPIRY_SECONDS + " (a persistent session), was "
              + sessionExpirySeconds);
    }
    if (maxUnackedMessages < 1) {
      problems.add("maxUnackedMessages: must be at least 1, was " + maxUnackedMessages);
    }
    if (receiveQueueCapacity < 1) {
      problems.add("receiveQueueCapacity: must be at least 1, was " + receiveQueueCapacity);
    }
    if (maxUnackedMessages >= 1
        && receiveQueueCapacity >= 1
        && (long) maxUnackedMessages + receiveQueueCapacity > MAX_PACKET_IDS) {
      problems.add(
          "maxUnackedMessages: plus receiveQueueCapacity must be at most " + MAX_PACKET_IDS
              + " (MQTT packet ids of unacknowledged messages), was " + maxUnackedMessages + " + "
              + receiveQueueCapacity);
    }
    if (username != null && username.isEmpty()) {
      problems.add("username: must not be empty when set (leave it unset for anonymous access)");
    }
    if (password != null && password.isEmpty()) {
      problems.add("password: must not be empty when set");
    }
    if (connectionTimeoutSeconds < 1) {
      problems.add("connectionTimeoutSeconds: must be at least 1, was " + connectionTimeoutSeconds);
    }
    if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
      problems.add("keepAliveSeconds: must be 0..65535, was " + keepAliveSeconds);
    }
    if (reconnectInitialDelay == null || reconnectInitialDelay.isNegative() || reconnectInitialDelay.isZero()) {
      problems.add("reconnectInitialDelay: must be positive, was " + reconnectInitialDelay);
    } else if (reconnectMaxDelay == null || reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
      problems.add(
          "reconnectMaxDelay: must be at least reconnectInitialDelay (" + reconnectInitialDelay + "), was "
              + reconnectMaxDelay);
    }
    if (reconnectTimeout == null || reconnectTimeout.isNegative()) {
      problems.add("reconnectTimeout: must be zero (retry forever) or positive, was " + reconnectTimeout);
    }
    if (!problems.isEmpty()) {
      throw new MqttSourceConfigException(problems);
    }
  }

  /** The client id of the split with this index: {@code <clientIdPrefix>-<index>}. */
  public String clientId(int splitIndex) {
    return clientIdPrefix + "-" + splitIndex;
  }

  /**
   * The filters as subscribed: {@code $share/<sharedGroup>/<filter>}, or the plain filters when the group is empty
   * (every reader then gets every message, and retained messages are delivered on subscribe: meant for a source of
   * parallelism 1 such as the job's rules topic).
   */
  public List<String> sharedSubscriptionFilters() {
    if (sharedGroup.isEmpty()) {
      return topicFilters;
    }
    return topicFilters.stream().map(f -> "$share/" + sharedGroup + "/" + f).toList();
  }

  /** Receive Maximum announced to the broker: what one reader may hold unacknowledged, emitted or queued. */
  public int receiveMaximum() {
    return Math.min(MAX_PACKET_IDS, maxUnackedMessages + receiveQueueCapacity);
  }

  @Override
  public String toString() {
    return "MqttSourceConfig[serverUri=" + serverUri
        + ", topicFilters=" + topicFilters
        + ", sharedGroup=" + sharedGroup
        + ", clientIdPrefix=" + clientIdPrefix
        + ", sessionExpirySeconds=" + sessionExpirySeconds
        + ", maxUnackedMessages=" + maxUnackedMessages
        + ", receiveQueueCapacity=" + receiveQueueCapacity
        + ", username=" + username
        + ", password=" + (password == null ? "null" : "******")
        + ", connectionTimeoutSeconds=" + connectionTimeoutSeconds
        + ", keepAliveSeconds=" + keepAliveSeconds
        + ", reconnectInitialDelay=" + reconnectInitialDelay
        + ", reconnectMaxDelay=" + reconnectMaxDelay
        + ", reconnectTimeout=" + reconnectTimeout
        + ", security=" + security
        + "]";
  }

  private static List<String> nullsRejected(List<String> filters) {
    List<String> copy = new ArrayList<>(filters.size());
    for (String f : filters) {
      copy.add(f == null ? "" : f);
    }
    return copy;
  }

  private static void checkServerUri(String serverUri, List<String> problems) {
    if (serverUri == null || serverUri.isBlank()) {
      problems.add("serverUri: is required (e.g. tcp://127.0.0.1:1883)");
      return;
    }
    try {
      URI uri = new URI(serverUri);
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme == null || !SCHEMES.contains(scheme)) {
        problems.add("serverUri: scheme must be one of " + SCHEMES + ", was '" + serverUri + "'");
      } else if (uri.getHost() == null) {
        problems.add("serverUri: has no host: '" + serverUri + "'");
      }
    } catch (URISyntaxException e) {
      problems.add("serverUri: is not a URI: " + e.getMessage());
    }
  }

  private static void checkTopicFilters(List<String> filters, List<String> problems) {
    if (filters.isEmpty()) {
      problems.add("topicFilters: at least one topic filter is required");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String filter : filters) {
      String problem = topicFilterProblem(filter);
      if (problem != null) {
        problems.add("topicFilters: '" + filter + "' " + problem);
      } else if (!seen.add(filter)) {
        problems.add("topicFilters: '" + filter + "' is listed twice");
      }
    }
  }

  /** Why this is not a valid MQTT topic filter for a shared subscription, or null when it is. */
  static String topicFilterProblem(String filter) {
    if (filter.isBlank()) {
      return "is empty";
    }
    if (filter.startsWith("$share/")) {
      return "must not carry a $share/ prefix (set sharedGroup instead)";
    }
    if (filter.indexOf('\u0000') >= 0) {
      return "contains a NUL character";
    }
    if (filter.getBytes(StandardCharsets.UTF_8).length > 65_535 - 200) {
      return "is too long";
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        return "uses # other than as the whole last level";
      }
      if (level.contains("+") && !level.equals("+")) {
        return "uses + other than as a whole level";
      }
    }
    return null;
  }

  private static void checkSharedGroup(String group, List<String> problems) {
    if (group == null || (group.isBlank() && !group.isEmpty())) {
      problems.add("sharedGroup: is required (the empty string subscribes the plain filters, without sharing)");
    } else if (group.contains("/") || group.contains("+") || group.contains("#")) {
      problems.add("sharedGroup: must not contain '/', '+' or '#', was '" + group + "'");
    }
  }

  private static void checkClientIdPrefix(String prefix, List<String> problems) {
    if (prefix == null || prefix.isBlank()) {
      problems.add("clientIdPrefix: is required (client id of split i is <prefix>-i)");
    } else if (prefix.length() > MAX_CLIENT_ID_PREFIX_LENGTH) {
      problems.add("clientIdPrefix: must be at most " + MAX_CLIENT_ID_PREFIX_LENGTH + " characters");
    } else if (prefix.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      problems.add("clientIdPrefix: must not contain whitespace or control characters, was '" + prefix + "'");
    }
  }
}
