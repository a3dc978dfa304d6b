package org.vigil.connectors.mqtt.source;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * Every option of the {@link MqttSource}, with its default and what it does, in one place. The builder methods of
 * {@link MqttSourceBuilder} carry the same names; a job that keeps the settings in a Flink {@code Configuration} (or
 * a properties file loaded into one) hands it to {@link MqttSourceBuilder#configure}, which takes every key it sets
 * (the source itself reads nothing from the environment).
 */
public final class MqttSourceOptions {

  private MqttSourceOptions() {}

  /** Largest MQTT packet identifier: a client can have at most this many unacknowledged QoS 1 messages. */
  public static final int MAX_PACKET_IDS = 65_535;

  /** Largest session expiry interval MQTT 5 can express (0xFFFFFFFF means "never expires"). */
  public static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFFL;

  public static final ConfigOption<String> SERVER_URI =
      ConfigOptions.key("mqtt.source.server-uri")
          .stringType()
          .noDefaultValue()
          .withDescription("Broker URI: tcp://host:port, ssl://host:port, ws://... or wss://... Required.");

  public static final ConfigOption<List<String>> TOPIC_FILTERS =
      ConfigOptions.key("mqtt.source.topic-filters")
          .stringType()
          .asList()
          .noDefaultValue()
          .withDescription(
              "One or more topic filters (wildcards + and # allowed, without a $share/ prefix). Each is subscribed"
                  + " as $share/<shared-group>/<filter> at QoS 1. Required.");

  public static final ConfigOption<String> SHARED_GROUP =
      ConfigOptions.key("mqtt.source.shared-group")
          .stringType()
          .defaultValue("vigil")
          .withDescription(
              "MQTT 5 shared subscription group. All readers of a job use the same group, so the broker splits the"
                  + " stream between them; two jobs that must each see every message use different groups.");

  public static final ConfigOption<Long> SESSION_EXPIRY_SECONDS =
      ConfigOptions.key("mqtt.source.session-expiry-seconds")
          .longType()
          .defaultValue(3600L)
          .withDescription(
              "How long the broker keeps a reader's session (subscription and queued messages) after it"
                  + " disconnects. Bounds how long a job may be down without losing messages, and how long a"
                  + " session of a reader that is gone keeps taking its share of the shared subscription."
                  + " 1 .. 4294967295 (never expires).");

  public static final ConfigOption<Integer> MAX_UNACKED_MESSAGES =
      ConfigOptions.key("mqtt.source.max-unacked-messages")
          .intType()
          .defaultValue(50_000)
          .withDescription(
              "Per reader: stop emitting when this many QoS 1 messages were emitted but not yet acknowledged (they"
                  + " are acknowledged when the checkpoint covering them completes); resume when a checkpoint"
                  + " completes. Plus receive-queue-capacity at most 65535 (MQTT packet ids).");

  public static final ConfigOption<Integer> RECEIVE_QUEUE_CAPACITY =
      ConfigOptions.key("mqtt.source.receive-queue-capacity")
          .intType()
          .defaultValue(10_000)
          .withDescription(
              "Per reader: messages received but not yet emitted. When full, the MQTT client stops reading from"
                  + " its socket (TCP back-pressure to the broker).");

  public static final ConfigOption<String> USERNAME =
      ConfigOptions.key("mqtt.source.username")
          .stringType()
          .noDefaultValue()
          .withDescription("Optional user name. Never stored in splits or checkpoints.");

  public static final ConfigOption<String> PASSWORD =
      ConfigOptions.key("mqtt.source.password")
          .stringType()
          .noDefaultValue()
          .withDescription("Optional password. Never logged, never stored in splits or checkpoints.");

  public static final ConfigOption<Integer> CONNECTION_TIMEOUT_SECONDS =
      ConfigOptions.key("mqtt.source.connection-timeout-seconds")
          .intType()
          .defaultValue(10)
          .withDescription("How long one connection attempt may take. At least 1.");

  public static final ConfigOption<Integer> KEEP_ALIVE_SECONDS =
      ConfigOptions.key("mqtt.source.keep-alive-seconds")
          .intType()
          .defaultValue(30)
          .withDescription(
              "MQTT keep-alive interval; a dead connection is noticed after about 1.5 times this. 0 .. 65535.");

  public static final ConfigOption<Duration> RECONNECT_INITIAL_DELAY =
      ConfigOptions.key("mqtt.source.reconnect-initial-delay")
          .durationType()
          .defaultValue(Duration.ofMillis(500))
          .withDescription("First delay before reconnecting after a failed or lost connection; doubles per attempt.");

  public static final ConfigOption<Duration> RECONNECT_MAX_DELAY =
      ConfigOptions.key("mqtt.source.reconnect-max-delay")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription(
              "Largest delay between reconnect attempts. Kept short on purpose: after a Mosquitto restart the"
                  + " readers' shared subscriptions exist again only once they reconnect and subscribe, and until"
                  + " then the broker discards what devices publish (PUBACK reason 0x10, no matching subscribers).");

  public static final ConfigOption<Duration> RECONNECT_TIMEOUT =
      ConfigOptions.key("mqtt.source.reconnect-timeout")
          .durationType()
          .defaultValue(Duration.ofMinutes(5))
          .withDescription(
              "How long a reader may be without a broker connection (since it lost it, or since it started) before"
                  + " it fails the task with an MqttSourceException naming the broker, the outage and its last"
                  + " cause; Flink's restart strategy then decides what happens. Within this time outages are"
                  + " ridden out silently apart from logs and metrics. Zero: retry forever.");
}
