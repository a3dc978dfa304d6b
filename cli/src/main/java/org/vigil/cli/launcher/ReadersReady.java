package org.vigil.cli.launcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Waits until the job's MQTT readers of readings hold their shared subscription, from the readers' gauge
 * {@code mqttSubscribedSplits} as the job's metrics reporter puts it into a Micrometer registry. Until then the
 * broker discards what devices publish, unless another client (the console) subscribes to the same topics: then it
 * delivers the simulator's history to that client alone, and the job never sees it. So the launcher starts the
 * simulator only when this returns.
 */
final class ReadersReady {

  /** The source operator of the readings, by its name in {@link org.vigil.jobs.monitoring.MonitoringJob}. */
  static final String READINGS_SOURCE = "mqtt-readings";

  private ReadersReady() {}

  /** Splits of the readings source whose connection holds its subscriptions, summed over the readers. */
  static long subscribedSplits(MeterRegistry registry) {
    long n = 0;
    for (Meter m : registry.getMeters()) {
      if (m instanceof Gauge g && m.getId().getName().endsWith(".mqttSubscribedSplits")
          && m.getId().getTags().stream().anyMatch(t -> t.getValue().contains(READINGS_SOURCE))) {
        double v = g.value();
        n += Double.isNaN(v) ? 0 : (long) v;
      }
    }
    return n;
  }

  /**
   * Waits until {@code expected} splits are subscribed or {@code timeout} passes, saying so every 5 s.
   *
   * @return whether they all subscribed in time
   */
  static boolean await(MeterRegistry registry, int expected, Duration timeout, Consumer<String> say)
      throws InterruptedException {
    long start = System.currentTimeMillis();
    long nextSay = start + 5_000;
    while (subscribedSplits(registry) < expected) {
      long now = System.currentTimeMillis();
      if (now - start > timeout.toMillis()) {
        return false;
      }
      if (now >= nextSay) {
        say.accept("waiting for the job's MQTT readers to subscribe (" + subscribedSplits(registry) + " of "
            + expected + ")...");
        nextSay = now + 5_000;
      }
      Thread.sleep(100);
    }
    return true;
  }
}
