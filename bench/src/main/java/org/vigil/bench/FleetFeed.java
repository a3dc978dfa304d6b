package org.vigil.bench;

import java.util.List;
import java.util.function.LongConsumer;
import org.vigil.simulator.DeviceFleet;

/**
 * The device simulator's fleet published on schedule through the bench's windowed {@link Publisher} (phases 5 and 11):
 * the simulator's own loop re-sends a refused message after a 250 ms pause, one at a time, which at 10,000 messages a
 * second on a loaded machine stalled it for minutes (Paho 32202 near the broker's in-flight limit).
 */
final class FleetFeed {

  /**
   * What a feed sent.
   *
   * @param ticks report times published (each with every sensor's report)
   * @param endTick the report time after the last one published
   * @param late slices published more than a second after they were due
   * @param reportsMsMax longest time {@link DeviceFleet#reportsAt} took to make one report time's messages
   */
  record Sent(long ticks, long endTick, long late, long reportsMsMax) {}

  private FleetFeed() {}

  /**
   * Publishes {@code fleet.reportsAt(tick)} for tick = {@code t0}, {@code t0 + intervalMs}, ... while the tick and the
   * clock are before {@code end}: within the time, so a machine that cannot publish and store the rate stops at the end
   * with fewer reports per sensor rather than running longer. Each report time's messages go out in {@code slices}
   * equal parts spread evenly over the interval (1: all at once, on the tick), so a large fleet reporting every 10 s
   * sends at a steady rate rather than in one burst. Calls {@code progress} with the ms since {@code t0} every
   * {@code progressEveryMs} (checked after each report time), and {@code afterSlice} after every part.
   */
  static Sent publish(DeviceFleet fleet, Publisher pub, long t0, long end, long intervalMs, int slices,
      long progressEveryMs, LongConsumer progress, Runnable afterSlice) throws InterruptedException {
    long nextNote = t0 + progressEveryMs;
    long tick = t0;
    long late = 0;
    long reportsMsMax = 0;
    long ticks = 0;
    while (tick < end && System.currentTimeMillis() < end) {
      long wait = tick - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      } else if (wait < -1000) {
        late++;
      }
      long made = System.nanoTime();
      List<DeviceFleet.Message> batch = fleet.reportsAt(tick);
      reportsMsMax = Math.max(reportsMsMax, (System.nanoTime() - made) / 1_000_000);
      int n = batch.size();
      for (int k = 0; k < slices; k++) {
        if (k > 0) { // the first part goes out on the tick, just made
          long w = tick + k * intervalMs / slices - System.currentTimeMillis();
          if (w > 0) {
            Thread.sleep(w);
          } else if (w < -1000) {
            late++;
          }
        }
        pub.send((long) n * k / slices, (long) n * (k + 1) / slices, 0, i -> {
          DeviceFleet.Message m = batch.get((int) i);
          return new Publisher.Message(m.topic(), m.payload());
        }, () -> true);
        afterSlice.run();
      }
      tick += intervalMs;
      ticks++;
      if (System.currentTimeMillis() >= nextNote) {
        nextNote += progressEveryMs;
        progress.accept(System.currentTimeMillis() - t0);
      }
    }
    return new Sent(ticks, tick, late, reportsMsMax);
  }
}
