package org.vigil.core;

import java.util.Map;
import java.util.Objects;

/**
 * What is known about one sensor at one device time: the reading's own fields and the series derived from its
 * history (rolling rainfall, smoothed velocity, tangent angle, forecast failure time, ...). Rules judge either kind
 * by name; only the derived ones are stored in the InfluxDB measurement {@code derived} (the raw ones already are,
 * in the sensor kind's measurement).
 *
 * @param site site id
 * @param kind sensor kind
 * @param sensorId sensor id
 * @param timestampMs device time of the reading these values belong to, epoch ms
 * @param raw the reading's fields ({@code rain_mm}, {@code level_m}, ...)
 * @param derived derived series by name ({@code rain_24h}, {@code velocity_mm_d}, ...); finite values only
 */
public record SensorMetrics(
    String site, SensorKind kind, String sensorId, long timestampMs, Map<String, Double> raw,
    Map<String, Double> derived) {

  public SensorMetrics {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sensorId, "sensorId");
    raw = raw == null ? Map.of() : Map.copyOf(raw);
    derived = derived == null ? Map.of() : Map.copyOf(derived);
  }

  /** A derived value by name, else a raw field by that name, else NaN. */
  public double value(String metric) {
    Double v = derived.get(metric);
    if (v == null) {
      v = raw.get(metric);
    }
    return v == null ? Double.NaN : v;
  }

  /** {@code site/kind/sensorId}, the same subject as {@link Reading#subject()}. */
  public String subject() {
    return site + "/" + kind.wireName() + "/" + sensorId;
  }
}
