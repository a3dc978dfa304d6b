package org.vigil.connectors.influx;

import java.io.Serializable;
import java.time.Duration;

/**
 * The validated settings of an {@link InfluxSink}; built by {@link InfluxSink.Builder}, which
 * documents each one. The password is masked in {@link #toString()}.
 */
record InfluxSinkConfig(
    String url,
    String database,
    String username,
    String password,
    int batchSize,
    Duration flushInterval,
    RetryPolicy retryPolicy,
    Duration requestTimeout,
    boolean createDatabase,
    long maxBufferedLines,
    Duration flushWait,
    long checkpointBacklog)
    implements Serializable {

  InfluxClient newClient() {
    return new InfluxClient(url, username, password, requestTimeout);
  }

  @Override
  public String toString() {
    return "InfluxSinkConfig[url=" + url + ", database=" + database
        + (username == null ? "" : ", username=" + username + ", password=****")
        + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
        + ", initialBackoff=" + retryPolicy.initialBackoff() + ", maxBackoff=" + retryPolicy.maxBackoff()
        + ", maxOutage=" + retryPolicy.maxOutage() + ", requestTimeout=" + requestTimeout
        + ", createDatabase=" + createDatabase + ", maxBufferedLines=" + maxBufferedLines
        + ", flushWait=" + flushWait + ", checkpointBacklog=" + checkpointBacklog + "]";
  }
}
