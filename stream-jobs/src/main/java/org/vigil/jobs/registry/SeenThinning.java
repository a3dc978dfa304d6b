package org.vigil.jobs.registry;

import java.util.HashMap;
import java.util.Map;
import org.vigil.registry.Device;
import org.vigil.registry.NoDataWatch;
import org.vigil.registry.Registry;

/**
 * What the gates tell the no-data watch and device health: each registered device's reports since it last told them,
 * as one {@link DeviceSeen} at most every {@link NoDataWatch#slackMs} per device. In memory: a restart loses at most
 * that much of the health tallies, and the watch hears of the device again at its next report.
 */
final class SeenThinning {

  /** What a device sent since the watch was last told. */
  private static final class Pending {
    long sentAtMs = Long.MIN_VALUE;
    long countedAtMs = Long.MIN_VALUE;
    long count;
    double batteryV = Double.NaN;
    double rssi = Double.NaN;
  }

  private final boolean oncePerInterval;
  private final Map<String, Pending> pending = new HashMap<>();

  /**
   * @param oncePerInterval count at most one report per device and slot of its reporting interval (cameras: a camera
   *     sending 5 frames/s with a 1 s interval delivers one expected report a second, not five)
   */
  SeenThinning(boolean oncePerInterval) {
    this.oncePerInterval = oncePerInterval;
  }

  /**
   * Notes one report of {@code d} that arrived at {@code nowMs}, with device time {@code deviceTimeMs}: counted for
   * device health when it is on time (device time within the no-data silence of the arrival: history resent after an
   * outage would count on the day it arrives). Returns what to tell the watch now, or null.
   */
  DeviceSeen report(Device d, Registry registry, long nowMs, long deviceTimeMs, double batteryV, double rssi) {
    Pending p = pending.computeIfAbsent(d.subject(), k -> new Pending());
    // With oncePerInterval, one report per interval slot of the wall clock (floor(now / interval)): a camera that
    // sends steadily fills every slot, whatever the jitter of its frames.
    long iv = Math.max(1, d.interval().toMillis());
    if (Math.abs(nowMs - deviceTimeMs) <= registry.noData().silence(d).toMillis()
        && (!oncePerInterval || p.countedAtMs == Long.MIN_VALUE
            || Math.floorDiv(nowMs, iv) != Math.floorDiv(p.countedAtMs, iv))) {
      p.count++;
      p.countedAtMs = nowMs;
    }
    if (!Double.isNaN(batteryV)) {
      p.batteryV = batteryV;
    }
    if (!Double.isNaN(rssi)) {
      p.rssi = rssi;
    }
    if (p.sentAtMs == Long.MIN_VALUE || nowMs - p.sentAtMs >= NoDataWatch.slackMs(d, registry.noData())
        || nowMs < p.sentAtMs) {
      DeviceSeen seen = new DeviceSeen(d.subject(), nowMs, p.count, p.batteryV, p.rssi);
      p.sentAtMs = nowMs;
      p.count = 0;
      p.batteryV = Double.NaN;
      p.rssi = Double.NaN;
      return seen;
    }
    return null;
  }

  /** A new registry: intervals may have changed, so each device's next report is passed on (with what was counted). */
  void registryChanged() {
    pending.values().forEach(p -> p.sentAtMs = Long.MIN_VALUE);
  }
}
