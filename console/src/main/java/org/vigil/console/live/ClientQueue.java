package org.vigil.console.live;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The bounded queue of one browser's event stream. An event with a key replaces a queued one with the same key (it
 * moves to the end, so ids stay in order); when the queue is full the oldest event is dropped and counted. The
 * stream tells the browser how many it lost ({@code dropped} event) so that it reloads the snapshot.
 */
public final class ClientQueue {

  private final int capacity;
  private final UnaryOperator<LiveEvent> view;
  private final LinkedHashMap<String, LiveEvent> queue = new LinkedHashMap<>();
  private long dropped;
  private long coalesced;
  private boolean closed;

  public ClientQueue(int capacity) {
    this(capacity, UnaryOperator.identity());
  }

  /**
   * @param view what this browser's user may see of an event (duty by region): the event, a narrower copy, or null
   *     to leave it out
   */
  public ClientQueue(int capacity, UnaryOperator<LiveEvent> view) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.view = view;
  }

  /** Adds an event (as this browser's user may see it); never blocks. */
  public synchronized void offer(LiveEvent original) {
    if (closed) {
      return;
    }
    LiveEvent e = view.apply(original);
    if (e == null) {
      return;
    }
    String slot = e.key() == null ? "#" + e.id() : "k:" + e.type() + ":" + e.key();
    if (queue.remove(slot) != null) {
      coalesced++;
    }
    queue.put(slot, e);
    if (queue.size() > capacity) {
      Iterator<Map.Entry<String, LiveEvent>> it = queue.entrySet().iterator();
      it.next();
      it.remove();
      dropped++;
    }
    notifyAll();
  }

  /** The oldest event, waiting up to {@code timeout}; null when none came or the queue was closed. */
  public synchronized LiveEvent poll(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (queue.isEmpty() && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (queue.isEmpty()) {
      return null;
    }
    Iterator<Map.Entry<String, LiveEvent>> it = queue.entrySet().iterator();
    LiveEvent e = it.next().getValue();
    it.remove();
    return e;
  }

  /** Events dropped so far because the queue was full. */
  public synchronized long dropped() {
    return dropped;
  }

  /** Events replaced by a newer one with the same key. */
  public synchronized long coalesced() {
    return coalesced;
  }

  public synchronized int size() {
    return queue.size();
  }

  /** Wakes the reader; later offers are ignored. */
  public synchronized void close() {
    closed = true;
    notifyAll();
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}
