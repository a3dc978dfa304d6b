package org.vigil.core;

/**
 * One value of a derived series (InfluxDB measurement {@code derived}, tags site, sensor, metric).
 *
 * @param site site id
 * @param kind kind of the sensor it was derived from
 * @param sensorId sensor id
 * @param metric series name, e.g. {@code rain_1h}
 * @param timestampMs the time the value refers to (device time), epoch ms
 * @param value the value
 */
public record Derived(String site, SensorKind kind, String sensorId, String metric, long timestampMs, double value) {

  /** {@code site/kind/sensorId}, the same subject as {@link Reading#subject()}. */
  public String subject() {
    return site + "/" + kind.wireName() + "/" + sensorId;
  }
}
