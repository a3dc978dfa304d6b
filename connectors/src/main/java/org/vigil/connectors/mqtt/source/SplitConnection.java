package org.vigil.connectors.mqtt.source;

import java.util.concurrent.ScheduledExecutorService;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/** The MQTT client of one split, as the reader sees it. The seam between the reader and Paho. */
interface SplitConnection {

  /** Connects (asynchronously, retrying with backoff) and subscribes; never blocks. */
  void start();

  /**
   * Acknowledges one message (PUBACK), if the connection it arrived on is still the current one; otherwise the
   * broker redelivers it to the session and it is acknowledged after its next emission. Task thread only.
   *
   * @return true when the PUBACK was handed to the client, false when it was skipped (QoS 0, or a message of an
   *     earlier connection: its packet id means nothing, or something else, on the current one)
   */
  boolean ack(long generation, int messageId, int qos);

  /** Disconnects without acknowledging anything more; the session stays on the broker. */
  void close();

  /**
   * What a connection reports to its reader, from MQTT client threads and the reader's scheduler (any thread). The
   * reader keeps its metrics from these.
   */
  interface Listener {

    /** A connection was established and the session resumed or created; {@code reconnect} when not the first. */
    void connected(int splitIndex, boolean reconnect, boolean sessionPresent);

    /** The broker granted the subscriptions on the current connection: from now on it delivers to this split. */
    default void subscribed(int splitIndex) {}

    /** The connection was lost (or the broker could not be reached at the start). */
    void connectionLost(int splitIndex);

    /** A message arrived from the broker (before it is queued). */
    void messageReceived(int splitIndex);

    /** An error that must fail the reader. */
    void fatal(Throwable error);
  }

  /** Creates the connection of a split. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param split the split
     * @param queue where received messages go
     * @param scheduler for reconnect delays and the reconnect timeout (shared by the reader's connections)
     * @param listener told about connections, messages and fatal errors
     */
    SplitConnection create(
        MqttSplit split, ReceiveQueue queue, ScheduledExecutorService scheduler, Listener listener);
  }
}
