package org.vigil.registry;

/**
 * What the health book keeps of one registered device (a Flink POJO, kept in state): the reports received in the
 * current UTC day and month (counted at arrival), the newest report's time, battery and signal.
 */
public final class DeviceTally {
  /** Start of the UTC day counted in {@link #reportsToday}, epoch ms. */
  public long dayStartMs = Long.MIN_VALUE;
  public long reportsToday;
  /** Start of the UTC month counted in {@link #reportsMonth}, epoch ms. */
  public long monthStartMs = Long.MIN_VALUE;
  public long reportsMonth;
  /** Arrival of the newest report, epoch ms; {@link Long#MIN_VALUE} when none. */
  public long lastSeenMs = Long.MIN_VALUE;
  /** Battery voltage of the newest report that had one, V; NaN when none did. */
  public double batteryV = Double.NaN;
  /** Signal strength of the newest report that had one, dBm; NaN when none did. */
  public double rssi = Double.NaN;
  /** When the registry that lists it took effect, epoch ms. */
  public long watchedSinceMs = Long.MIN_VALUE;

  public DeviceTally() {}

  public static DeviceTally since(long ms) {
    DeviceTally t = new DeviceTally();
    t.watchedSinceMs = ms;
    return t;
  }
}
