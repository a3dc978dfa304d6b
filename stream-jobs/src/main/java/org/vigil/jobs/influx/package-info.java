/**
 * The InfluxDB 1.x sink: {@link org.vigil.jobs.influx.LineProtocol} (escaping and types),
 * {@link org.vigil.jobs.influx.InfluxClient} (HTTP write/query with response classification) and
 * {@link org.vigil.jobs.influx.InfluxSink} (a Flink 2 {@code Sink} that flushes at checkpoints and
 * fails rather than drops data).
 */
package org.vigil.jobs.influx;
