package org.vigil.jobs.registry;

/**
 * A registered device was heard from: its subject, when (wall clock) a reading of it arrived, how many of its
 * readings arrived since the gate last said so, and the newest battery and signal among them. The gate sends at most
 * one per device and {@link org.vigil.registry.NoDataWatch#slackMs}.
 *
 * @param subject {@code site/kind/id}
 * @param arrivedAtMs when its newest reading arrived, epoch ms
 * @param count readings of it that arrived on time since the previous one (device time within its no-data silence
 *     of the arrival; this one included when it did)
 * @param batteryV the newest battery voltage among them, V; NaN when none had one
 * @param rssi the newest signal strength among them, dBm; NaN when none had one
 */
public record DeviceSeen(String subject, long arrivedAtMs, long count, double batteryV, double rssi) {

  /** One reading, without battery or signal. */
  public DeviceSeen(String subject, long arrivedAtMs) {
    this(subject, arrivedAtMs, 1, Double.NaN, Double.NaN);
  }
}
