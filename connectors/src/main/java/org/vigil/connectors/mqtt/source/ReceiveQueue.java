package org.vigil.connectors.mqtt.source;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Bounded hand-off from the MQTT client threads (producers) to the Flink task thread (the only consumer). A full
 * queue blocks the producer, which stops the MQTT client reading its socket: TCP back-pressure to the broker.
 * {@link #availability()} gives the future Flink waits on while the queue is empty.
 */
final class ReceiveQueue {

  private static final CompletableFuture<Void> AVAILABLE = CompletableFuture.completedFuture(null);
  private static final long OFFER_SLICE_MS = 50;

  private final ArrayBlockingQueue<ReceivedMessage> queue;
  private final Object lock = new Object();
  private CompletableFuture<Void> notEmpty = new CompletableFuture<>(); // guarded by lock
  private volatile boolean closed;

  ReceiveQueue(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  /**
   * Adds a message, waiting while the queue is full.
   *
   * @param cancelled checked while waiting; when it turns true the message is dropped
   * @return false when the message was dropped (queue closed or cancelled): it was not emitted, so it is not
   *     acknowledged and the broker redelivers it to the session
   */
  boolean put(ReceivedMessage message, BooleanSupplier cancelled) throws InterruptedException {
    while (!queue.offer(message, OFFER_SLICE_MS, TimeUnit.MILLISECONDS)) {
      if (closed || cancelled.getAsBoolean()) {
        return false;
      }
    }
    if (closed) {
      return false;
    }
    wakeUp();
    return true;
  }

  /** The next message, or null when the queue is empty. Task thread only. */
  ReceivedMessage poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }

  /** Completed when the queue is not empty (or on {@link #wakeUp()}). Task thread only. */
  CompletableFuture<Void> availability() {
    synchronized (lock) {
      if (!queue.isEmpty()) {
        return AVAILABLE;
      }
      if (notEmpty.isDone()) {
        notEmpty = new CompletableFuture<>();
      }
      return notEmpty;
    }
  }

  /** Completes the current availability future, e.g. to let the task thread see an asynchronous failure. */
  void wakeUp() {
    CompletableFuture<Void> toComplete;
    synchronized (lock) {
      toComplete = notEmpty;
    }
    toComplete.complete(null);
  }

  /** Drops what is queued and makes producers drop what they hold; nothing of it is acknowledged. */
  void close() {
    closed = true;
    queue.clear();
    wakeUp();
  }
}
