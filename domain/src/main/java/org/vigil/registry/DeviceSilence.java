package org.vigil.registry;

/**
 * What the no-data watch knows of one registered device (a Flink POJO, kept in state): when it last reported, since
 * when it is watched, and its open no-data alert.
 */
public final class DeviceSilence {
  /** Wall-clock time of its newest report seen, epoch ms; {@link Long#MIN_VALUE} when it never reported. */
  public long lastSeenMs = Long.MIN_VALUE;
  /** When the registry that lists it took effect (wall clock), epoch ms. */
  public long watchedSinceMs = Long.MIN_VALUE;
  /** When its no-data alert opened, epoch ms; {@link Long#MIN_VALUE} when none is open. */
  public long alertOpenedMs = Long.MIN_VALUE;
  /** The level its open no-data alert was raised at (ordinal of {@code Level}); 0 when none. */
  public int alertLevel;

  public DeviceSilence() {}

  /** A device watched from {@code sinceMs}. */
  public static DeviceSilence since(long sinceMs) {
    DeviceSilence s = new DeviceSilence();
    s.watchedSinceMs = sinceMs;
    return s;
  }
}
