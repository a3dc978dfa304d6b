package org.vigil.core;

import java.util.Map;
import java.util.Objects;

/**
 * One validated device reading.
 *
 * @param site site id from the topic
 * @param kind sensor kind from the topic
 * @param sensorId sensor id from the topic
 * @param timestampMs device timestamp, epoch milliseconds (the InfluxDB point time)
 * @param seq device sequence number, or -1 when the device sends none
 * @param values measured values by field name ({@code rain_mm}, {@code disp_mm}, ...), all finite
 * @param batteryV battery voltage, NaN when absent
 * @param rssi radio signal strength in dBm, NaN when absent
 * @param extras unknown top-level payload fields, kept as their JSON text
 */
public record Reading(
    String site,
    SensorKind kind,
    String sensorId,
    long timestampMs,
    long seq,
    Map<String, Double> values,
    double batteryV,
    double rssi,
    Map<String, String> extras) {

  public Reading {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sensorId, "sensorId");
    values = Map.copyOf(values);
    extras = extras == null ? Map.of() : Map.copyOf(extras);
  }

  /** The value of a field, or NaN when the reading does not carry it. */
  public double value(String field) {
    Double v = values.get(field);
    return v == null ? Double.NaN : v;
  }

  /** {@code site/kind/sensorId}: identifies the sensor across sites. */
  public String subject() {
    return site + "/" + kind.wireName() + "/" + sensorId;
  }
}
