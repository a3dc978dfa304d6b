package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves InfluxDB writes off the caller's thread: the caller {@linkplain #enqueue enqueues} batches of
 * lines; one background thread writes them in order through a {@link RetryingWriter} (coalescing
 * queued batches up to {@code batchSize} lines per request) and drops a batch only after InfluxDB
 * confirmed it. So a slow or absent InfluxDB never blocks the caller, except when {@code
 * maxBufferedLines} are waiting: then {@link #enqueue} blocks (back-pressure) until space frees up.
 *
 * <p>{@link #unconfirmed()} returns every batch not yet confirmed, the one in flight included: a batch
 * leaves the queue only after it was stored, under the same lock, so every line is in the returned
 * list or already stored, never neither. A failure that retrying cannot fix (non-retryable response,
 * or an outage longer than the policy's {@code maxOutage}) stops the sender; it is rethrown by the
 * caller's next {@link #enqueue}, {@link #awaitStored} or {@link #checkFailure}.
 *
 * <p>Flink-free; thread-safe.
 */
final class BatchSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

  private record Queued(LineBatch batch, long enqueuedNanos) {}

  private final RetryingWriter writer;
  private final int batchSize;
  private final long maxBufferedLines;
  private final LongSupplier nanoTime;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Queued> queue = new ArrayDeque<>();
  private long queuedLines; // guarded by lock
  private long peakLines; // guarded by lock
  private boolean failing; // guarded by lock: the last attempt failed and is being retried
  private boolean closed; // guarded by lock
  private boolean backPressureWarned;
  private volatile RuntimeException failure;
  private Thread thread;

  /**
   * @param writer writes one request with retries; its listener must call {@link #attemptFailed}
   *     from {@code retrying} (see {@link #listener})
   */
  BatchSender(RetryingWriter writer, int batchSize, long maxBufferedLines, LongSupplier nanoTime) {
    this.writer = writer;
    this.batchSize = batchSize;
    this.maxBufferedLines = maxBufferedLines;
    this.nanoTime = nanoTime;
  }

  /** Starts the background thread; batches enqueued before are written first. */
  void start(String threadName) {
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code batch} behind the others. When {@code maxBufferedLines} would be exceeded, waits
   * until enough lines are stored (a batch is always accepted into an empty queue).
   *
   * @throws RuntimeException the sender's failure, if it failed
   */
  void enqueue(LineBatch batch) throws InterruptedException {
    if (batch.lines() == 0) {
      return;
    }
    lock.lockInterruptibly();
    try {
      while (queuedLines > 0 && queuedLines + batch.lines() > maxBufferedLines && failure == null && !closed) {
        if (!backPressureWarned) {
          backPressureWarned = true;
          LOG.warn(
              "{} lines wait for InfluxDB (maxBufferedLines {}): the sink blocks until InfluxDB stores some,"
                  + " back-pressuring the job (this is logged once; see the metric bufferedLines)",
              queuedLines, maxBufferedLines);
        } else {
          LOG.debug("buffer full at {} lines: waiting for InfluxDB", queuedLines);
        }
        changed.await();
      }
      checkFailure();
      add(batch);
    } finally {
      lock.unlock();
    }
  }

  /** Queues {@code batch} behind the others at once, whatever the bound (restored lines, snapshots). */
  void enqueueNow(LineBatch batch) {
    if (batch.lines() == 0) {
      return;
    }
    lock.lock();
    try {
      add(batch);
    } finally {
      lock.unlock();
    }
  }

  private void add(LineBatch batch) {
    queue.addLast(new Queued(batch, nanoTime.getAsLong()));
    queuedLines += batch.lines();
    peakLines = Math.max(peakLines, queuedLines);
    changed.signalAll();
  }

  /**
   * Waits until at most {@code backlog} queued lines are not yet stored, at most {@code maxWait} and,
   * when {@code untilFailing}, only while writes are not failing.
   *
   * @return whether at most {@code backlog} lines are left unstored
   * @throws RuntimeException the sender's failure, if it failed
   */
  boolean awaitStored(Duration maxWait, boolean untilFailing, long backlog) throws InterruptedException {
    long left = maxWait.toNanos();
    lock.lockInterruptibly();
    try {
      while (queuedLines > backlog && failure == null && !(untilFailing && failing) && left > 0) {
        left = changed.awaitNanos(left);
      }
      checkFailure();
      return queuedLines <= backlog;
    } finally {
      lock.unlock();
    }
  }

  /** Every batch not confirmed stored, oldest first, including the one being written. */
  List<LineBatch> unconfirmed() {
    lock.lock();
    try {
      List<LineBatch> out = new ArrayList<>(queue.size());
      for (Queued q : queue) {
        out.add(q.batch());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Lines queued and not confirmed stored. */
  long bufferedLines() {
    lock.lock();
    try {
      return queuedLines;
    } finally {
      lock.unlock();
    }
  }

  /** The most lines ever queued at once. */
  long peakBufferedLines() {
    lock.lock();
    try {
      return peakLines;
    } finally {
      lock.unlock();
    }
  }

  /** When the oldest unconfirmed batch was queued ({@code nanoTime}), or -1 when none is. */
  long oldestEnqueuedNanos() {
    lock.lock();
    try {
      Queued head = queue.peekFirst();
      return head == null ? -1 : head.enqueuedNanos();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the last write attempt failed and is being retried. */
  boolean failing() {
    lock.lock();
    try {
      return failing;
    } finally {
      lock.unlock();
    }
  }

  /** Throws the failure that stopped the sender, if any. */
  void checkFailure() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  /** To be called from the {@link RetryingWriter.Listener#retrying} of the writer's listener. */
  void attemptFailed() {
    lock.lock();
    try {
      failing = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the background thread; unconfirmed lines stay unconfirmed (they are in the last checkpoint). */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (true) {
        int taken;
        int lines = 0;
        String body;
        lock.lockInterruptibly();
        try {
          while (queue.isEmpty() && !closed) {
            changed.await();
          }
          if (closed) {
            return;
          }
          List<String> bodies = new ArrayList<>();
          for (Queued q : queue) {
            LineBatch b = q.batch();
            if (!bodies.isEmpty() && lines + b.lines() > batchSize) {
              break;
            }
            bodies.add(b.body());
            lines += b.lines();
          }
          taken = bodies.size();
          body = taken == 1 ? bodies.get(0) : String.join("", bodies);
        } finally {
          lock.unlock();
        }
        writer.write(body, lines);
        lock.lock();
        try {
          for (int i = 0; i < taken; i++) {
            queuedLines -= queue.removeFirst().batch().lines();
          }
          failing = false;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      LOG.debug("InfluxDB sender interrupted; stopping");
    } catch (RuntimeException e) {
      fail(e);
    } catch (Error e) {
      fail(new IllegalStateException("InfluxDB sender died: " + e, e));
      throw e;
    }
  }

  private void fail(RuntimeException e) {
    lock.lock();
    try {
      failure = e;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
