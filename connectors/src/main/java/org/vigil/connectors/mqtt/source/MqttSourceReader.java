package org.vigil.connectors.mqtt.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.metrics.groups.SourceReaderMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.connectors.mqtt.source.split.MqttSplit;

/**
 * Reads the splits (MQTT sessions) assigned to one parallel subtask and acknowledges messages only after the
 * checkpoint covering them completes.
 *
 * <ul>
 *   <li>Paho callback threads put messages into a bounded {@link ReceiveQueue}; {@link #pollNext} drains it on the
 *       task thread; {@link #isAvailable} completes when data arrives.
 *   <li>Emitted QoS 1 messages are recorded in {@link PendingAcks}; {@link #snapshotState} seals them under the
 *       checkpoint id; {@link #notifyCheckpointComplete} sends their PUBACKs. QoS 0 messages need none.
 *   <li>With {@code maxUnackedMessages} emitted but unacknowledged, emission pauses until a checkpoint completes
 *       (Mosquitto does not enforce Receive Maximum, so the cap is kept here); the queue then fills and the MQTT
 *       clients stop reading their sockets.
 *   <li>{@link #close} disconnects without acknowledging anything more: the broker redelivers to the resumed
 *       session.
 * </ul>
 *
 * <p>Connections that drop reconnect by themselves ({@link PahoSplitConnection}); messages emitted but not
 * acknowledged when a connection drops stay in {@link PendingAcks} and are skipped when their checkpoint completes
 * (their packet ids belong to the old connection); the broker redelivers them on the new one, so they are emitted
 * again (at least once). A connection that stays down longer than the reconnect timeout fails the reader.
 *
 * <p>Metrics in the reader's group:
 *
 * <ul>
 *   <li>{@code numRecordsIn}, {@code numBytesIn}, {@code pendingRecords} (queued, not yet emitted): Flink's own
 *   <li>{@code mqttMessagesReceived} (counter): arrived from the broker, redeliveries included
 *   <li>{@code mqttMessagesEmitted} (counter): handed to Flink
 *   <li>{@code mqttAcksSent} (counter): PUBACKs sent after completed checkpoints
 *   <li>{@code mqttAcksSkipped} (counter): acknowledgements dropped because the message's connection was gone (the
 *       broker redelivers those messages)
 *   <li>{@code mqttUnackedMessages} (gauge): emitted, waiting for a checkpoint to complete
 *   <li>{@code mqttConnectionLosses}, {@code mqttReconnects} (counters): connections lost, connections re-established
 *   <li>{@code mqttConnected} (gauge): 1 when every split of this reader is connected, else 0
 *   <li>{@code mqttSubscribedSplits} (gauge): splits whose current connection holds its subscriptions (the local
 *       launcher waits for them before devices publish: until then the broker may discard their messages)
 *   <li>{@code mqttDisconnectedSeconds} (gauge): how long the longest current outage of a split has lasted, 0 when
 *       all are connected
 *   <li>{@code mqttSecondsSinceConnectionLoss} (gauge): since the last connection loss, -1 when none yet
 * </ul>
 */
final class MqttSourceReader implements SourceReader<MqttRecord, MqttSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(MqttSourceReader.class);

  /** Records emitted per {@link #pollNext} call at most, so that checkpoint barriers are not held up. */
  static final int MAX_RECORDS_PER_POLL = 1_000;

  private static final long PAUSE_WARNING_DELAY_MS = 60_000;

  private final MqttSourceConfig config;
  private final SplitConnection.Factory connectionFactory;
  private final int subtask;
  private final ReceiveQueue queue;
  private final PendingAcks pendingAcks = new PendingAcks();
  private final Map<Integer, MqttSplit> splits = new LinkedHashMap<>();
  private final Map<Integer, SplitConnection> connections = new LinkedHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final AtomicReference<Throwable> asyncFailure = new AtomicReference<>();
  private final Counter recordsIn;
  private final Counter bytesIn;
  private final Counter acksSent;
  private final Counter acksSkipped;
  private final Counter emittedCounter;
  private final Counter receivedCounter = new ThreadSafeSimpleCounter();
  private final Counter reconnects = new ThreadSafeSimpleCounter();
  private final Counter connectionLosses = new ThreadSafeSimpleCounter();
  private final LongSupplier clock;

  /** Splits whose connection is down, with the time it went down (or the split was opened). */
  private final Map<Integer, Long> downSince = new ConcurrentHashMap<>();
  /** Splits whose current connection holds its subscriptions (the broker delivers to them). */
  private final java.util.Set<Integer> subscribedSplits = ConcurrentHashMap.newKeySet();

  private volatile long lastConnectionLossMs = -1;
  private volatile int openSplits;

  /** Completed when a checkpoint completes while emission is paused; null when not paused. */
  private volatile CompletableFuture<Void> resumeFuture;

  private volatile long pauseEpoch;

  /** Creates the reader the source uses, with Paho connections. */
  public static MqttSourceReader create(MqttSourceConfig config, SourceReaderContext context) {
    return new MqttSourceReader(config, context, PahoSplitConnection.factory(config));
  }

  MqttSourceReader(MqttSourceConfig config, SourceReaderContext context, SplitConnection.Factory factory) {
    this(config, context, factory, System::currentTimeMillis);
  }

  MqttSourceReader(
      MqttSourceConfig config, SourceReaderContext context, SplitConnection.Factory factory, LongSupplier clock) {
    this.config = config;
    this.clock = clock;
    this.connectionFactory = factory;
    this.subtask = context.getIndexOfSubtask();
    this.queue = new ReceiveQueue(config.receiveQueueCapacity());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "mqtt-source-reader-" + subtask);
              t.setDaemon(true);
              return t;
            });
    SourceReaderMetricGroup metrics = context.metricGroup();
    this.recordsIn = metrics.getIOMetricGroup().getNumRecordsInCounter();
    this.bytesIn = metrics.getIOMetricGroup().getNumBytesInCounter();
    this.acksSent = metrics.counter("mqttAcksSent");
    this.acksSkipped = metrics.counter("mqttAcksSkipped");
    this.emittedCounter = metrics.counter("mqttMessagesEmitted");
    metrics.counter("mqttMessagesReceived", receivedCounter);
    metrics.counter("mqttReconnects", reconnects);
    metrics.counter("mqttConnectionLosses", connectionLosses);
    metrics.gauge("mqttUnackedMessages", () -> (long) pendingAcks.count());
    metrics.gauge("mqttConnected", () -> isConnected() ? 1 : 0);
    metrics.gauge("mqttSubscribedSplits", () -> (long) subscribedSplits.size());
    metrics.gauge("mqttDisconnectedSeconds", this::disconnectedSeconds);
    metrics.gauge("mqttSecondsSinceConnectionLoss", this::secondsSinceConnectionLoss);
    metrics.setPendingRecordsGauge(() -> (long) queue.size());
  }

  /** True when the reader has splits and every one of them is connected. Any thread. */
  boolean isConnected() {
    return openSplits > 0 && downSince.isEmpty();
  }

  /** How long the longest current outage has lasted, in seconds; 0 when every split is connected. Any thread. */
  long disconnectedSeconds() {
    long now = clock.getAsLong();
    long longest = 0;
    for (long since : downSince.values()) {
      longest = Math.max(longest, now - since);
    }
    return longest / 1000;
  }

  /** Seconds since a connection of this reader was last lost, -1 when none was. Any thread. */
  long secondsSinceConnectionLoss() {
    long lost = lastConnectionLossMs;
    return lost < 0 ? -1 : (clock.getAsLong() - lost) / 1000;
  }

  @Override
  public void start() {
    LOG.info(
        "MQTT source reader {} starting: {} as {}-<split>, max {} unacknowledged",
        subtask,
        config.sharedSubscriptionFilters(),
        config.clientIdPrefix(),
        config.maxUnackedMessages());
  }

  @Override
  public void addSplits(List<MqttSplit> newSplits) {
    for (MqttSplit split : newSplits) {
      if (splits.containsKey(split.index())) {
        continue;
      }
      LOG.info(
          "MQTT source reader {} opens split {} as client {}", subtask, split.index(), config.clientId(split.index()));
      downSince.put(split.index(), clock.getAsLong());
      SplitConnection connection = connectionFactory.create(split, queue, scheduler, new Events());
      splits.put(split.index(), split);
      openSplits = splits.size();
      connections.put(split.index(), connection);
      connection.start();
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<MqttRecord> output) throws Exception {
    rethrowAsyncFailure();
    int emitted = 0;
    while (emitted < MAX_RECORDS_PER_POLL && !capReached()) {
      ReceivedMessage m = queue.poll();
      if (m == null) {
        break;
      }
      output.collect(new MqttRecord(m.topic(), m.payload(), m.receivedAtMs()), m.receivedAtMs());
      recordsIn.inc();
      emittedCounter.inc();
      bytesIn.inc(m.payload().length);
      if (m.qos() > 0) {
        pendingAcks.add(new PendingAcks.Ack(m.splitIndex(), m.generation(), m.messageId(), m.qos()));
      }
      emitted++;
    }
    return capReached() || queue.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
  }

  private boolean capReached() {
    return pendingAcks.count() >= config.maxUnackedMessages();
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    if (asyncFailure.get() != null) {
      return CompletableFuture.completedFuture(null);
    }
    if (capReached()) {
      return pause();
    }
    return queue.availability();
  }

  private CompletableFuture<Void> pause() {
    CompletableFuture<Void> f = resumeFuture;
    if (f == null) {
      f = new CompletableFuture<>();
      resumeFuture = f;
      LOG.debug("MQTT source reader {} paused at {} unacknowledged messages", subtask, pendingAcks.count());
      long epoch = pauseEpoch;
      scheduler.schedule(() -> warnIfStillPaused(epoch), PAUSE_WARNING_DELAY_MS, TimeUnit.MILLISECONDS);
      if (asyncFailure.get() != null) {
        f.complete(null);
      }
    }
    return f;
  }

  private void warnIfStillPaused(long epoch) {
    if (pauseEpoch == epoch && resumeFuture != null) {
      LOG.warn(
          "MQTT source reader {} has been paused for {} s at {} unacknowledged messages: no checkpoint completed."
              + " The source acknowledges messages only when a checkpoint completes; is checkpointing enabled?",
          subtask,
          PAUSE_WARNING_DELAY_MS / 1000,
          config.maxUnackedMessages());
    }
  }

  private void resume() {
    CompletableFuture<Void> f = resumeFuture;
    if (f != null) {
      pauseEpoch++;
      resumeFuture = null;
      f.complete(null);
    }
  }

  @Override
  public List<MqttSplit> snapshotState(long checkpointId) {
    pendingAcks.snapshot(checkpointId);
    return new ArrayList<>(splits.values());
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    List<PendingAcks.Ack> acks = pendingAcks.complete(checkpointId);
    int sent = 0;
    for (PendingAcks.Ack ack : acks) {
      SplitConnection connection = connections.get(ack.splitIndex());
      if (connection != null && connection.ack(ack.generation(), ack.messageId(), ack.qos())) {
        sent++;
      }
    }
    acksSent.inc(sent);
    acksSkipped.inc(acks.size() - sent);
    if (sent < acks.size()) {
      LOG.info(
          "MQTT source reader {}: checkpoint {} complete; {} acknowledged, {} skipped (they arrived on a connection"
              + " that has since dropped; the broker redelivers them)",
          subtask,
          checkpointId,
          sent,
          acks.size() - sent);
    } else if (!acks.isEmpty()) {
      LOG.debug("MQTT source reader {}: checkpoint {} complete, {} acknowledged", subtask, checkpointId, sent);
    }
    if (!capReached()) {
      resume();
    }
  }

  @Override
  public void notifyCheckpointAborted(long checkpointId) {
    // Its messages stay pending; the next completed checkpoint covers them.
  }

  @Override
  public void notifyNoMoreSplits() {
    // Never sent by the enumerator: the source is unbounded.
  }

  /** What the connections report; called from MQTT client threads and the scheduler. */
  private final class Events implements SplitConnection.Listener {
    @Override
    public void connected(int splitIndex, boolean reconnect, boolean sessionPresent) {
      downSince.remove(splitIndex);
      if (reconnect) {
        reconnects.inc();
      }
    }

    @Override
    public void subscribed(int splitIndex) {
      subscribedSplits.add(splitIndex);
    }

    @Override
    public void connectionLost(int splitIndex) {
      subscribedSplits.remove(splitIndex);
      long now = clock.getAsLong();
      downSince.putIfAbsent(splitIndex, now);
      lastConnectionLossMs = now;
      connectionLosses.inc();
    }

    @Override
    public void messageReceived(int splitIndex) {
      receivedCounter.inc();
    }

    @Override
    public void fatal(Throwable error) {
      failAsync(error);
    }
  }

  private void failAsync(Throwable t) {
    if (asyncFailure.compareAndSet(null, t)) {
      LOG.error("MQTT source reader {} fails: {}", subtask, t.getMessage());
    }
    queue.wakeUp();
    CompletableFuture<Void> f = resumeFuture;
    if (f != null) {
      f.complete(null);
    }
  }

  private void rethrowAsyncFailure() throws Exception {
    Throwable t = asyncFailure.get();
    if (t instanceof Exception e) {
      throw e;
    } else if (t instanceof Error e) {
      throw e;
    }
  }

  @Override
  public void close() {
    LOG.info(
        "MQTT source reader {} closing; {} emitted messages stay unacknowledged and will be redelivered",
        subtask,
        pendingAcks.count());
    queue.close();
    for (SplitConnection connection : connections.values()) {
      try {
        connection.close();
      } catch (RuntimeException e) {
        LOG.warn("MQTT source reader {}: closing a connection failed: {}", subtask, e.toString());
      }
    }
    connections.clear();
    scheduler.shutdownNow();
  }
}
