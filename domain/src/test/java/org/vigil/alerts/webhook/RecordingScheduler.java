package org.vigil.alerts.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link WebhookDispatcher.Scheduler} that records every requested delay and runs the task at once on its own
 * thread (or holds it, when told to), so retry tests never wait for a backoff.
 */
final class RecordingScheduler implements WebhookDispatcher.Scheduler, AutoCloseable {

  private final ExecutorService runner = Executors.newSingleThreadExecutor();
  private final List<Duration> delays = new ArrayList<>();
  private final boolean hold;

  RecordingScheduler(boolean hold) {
    this.hold = hold;
  }

  RecordingScheduler() {
    this(false);
  }

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    delays.add(delay);
    if (!hold) {
      runner.execute(task);
    }
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  @Override
  public void close() {
    runner.shutdownNow();
  }
}
