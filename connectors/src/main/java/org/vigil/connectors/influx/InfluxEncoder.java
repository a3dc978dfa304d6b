package org.vigil.connectors.influx;

import java.io.Serializable;

/**
 * Turns one stream element into zero or more InfluxDB points. It is shipped with the job graph, so
 * it must be serializable: a lambda or method reference to a static method qualifies as long as it
 * captures only serializable values.
 *
 * <pre>{@code
 * InfluxEncoder<Reading> enc = (r, out) -> {
 *   out.measurement(r.kind().wireName()).tag("sensor", r.sensorId()).tag("site", r.site());
 *   r.values().forEach(out::field);   // NaN/Inf are skipped by the builder
 *   out.timestamp(r.timestampMs());
 * };
 * }</pre>
 *
 * <p>Each point is {@code measurement}, tags, fields, then {@code timestamp(epochMillis)}, which ends
 * it; a point whose fields were all skipped is dropped by the builder. Keep a field's type the same
 * for every point ({@code field("n", 5)} is an integer {@code 5i}, {@code field("n", 5.0)} a float):
 * InfluxDB rejects a type change within a shard with HTTP 400, which fails the job. Called on the
 * task thread; do not keep {@code out}.
 */
@FunctionalInterface
public interface InfluxEncoder<T> extends Serializable {

  /** Appends the points for {@code element} to {@code out}. */
  void encode(T element, LineProtocol.Builder out);
}
