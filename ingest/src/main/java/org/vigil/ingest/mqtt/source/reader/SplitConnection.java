package org.vigil.ingest.mqtt.source.reader;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.vigil.ingest.mqtt.source.split.MqttSplit;

/** The MQTT client of one split, as the reader sees it. The seam between the reader and Paho. */
interface SplitConnection {

  /** Connects (asynchronously, retrying with backoff) and subscribes; never blocks. */
  void start();

  /**
   * Acknowledges one message (PUBACK), if the connection it arrived on is still the current one; otherwise the
   * broker redelivers it to the session and it is acknowledged after its next emission. Task thread only.
   */
  void ack(long generation, int messageId, int qos);

  /** Disconnects without acknowledging anything more; the session stays on the broker. */
  void close();

  /** Creates the connection of a split. */
  @FunctionalInterface
  interface Factory {
    /**
     * @param split the split
     * @param queue where received messages go
     * @param scheduler for reconnect delays (shared by the reader's connections)
     * @param onFatal called (from any thread) with an error that must fail the reader
     */
    SplitConnection create(
        MqttSplit split, ReceiveQueue queue, ScheduledExecutorService scheduler, Consumer<Throwable> onFatal);
  }
}
