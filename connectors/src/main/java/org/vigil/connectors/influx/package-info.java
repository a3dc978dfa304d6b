/**
 * The InfluxDB 1.x sink: {@link org.vigil.connectors.influx.LineProtocol} (escaping and types),
 * {@link org.vigil.connectors.influx.InfluxClient} (write/query over the InfluxDB Java client, with Vigil's
 * response classification), {@link org.vigil.connectors.influx.InfluxSetup} (database, grants, retention: the
 * operations step before a job runs) and
 * {@link org.vigil.connectors.influx.InfluxSink} (a Flink 2 {@code Sink} whose writers hand batches to a
 * background {@link org.vigil.connectors.influx.BatchSender}, ride out InfluxDB outages, and keep every line
 * not yet stored in their checkpoint state, so nothing acknowledged upstream is lost).
 */
package org.vigil.connectors.influx;
