package org.vigil.connectors.influx;

import java.io.Serializable;
import java.time.Duration;

/**
 * The validated settings of an {@link InfluxSink}; built by {@link InfluxSink.Builder}, which
 * documents each one. It travels with the job graph: it holds where the password is ({@link InfluxCredentials}), not
 * the password, which is read when a writer makes its client.
 */
record InfluxSinkConfig(
    String url,
    String database,
    InfluxCredentials credentials,
    int batchSize,
    Duration flushInterval,
    RetryPolicy retryPolicy,
    Duration requestTimeout,
    long maxBufferedLines,
    Duration flushWait,
    long checkpointBacklog)
    implements Serializable {

  InfluxClient newClient() {
    return credentials.client(url, requestTimeout);
  }

  /** The user name, null when requests do not authenticate. */
  String username() {
    return credentials.present() ? credentials.username() : null;
  }

  @Override
  public String toString() {
    return "InfluxSinkConfig[url=" + url + ", database=" + database
        + (credentials.present() ? ", credentials=" + credentials : "")
        + ", batchSize=" + batchSize + ", flushInterval=" + flushInterval
        + ", initialBackoff=" + retryPolicy.initialBackoff() + ", maxBackoff=" + retryPolicy.maxBackoff()
        + ", maxOutage=" + retryPolicy.maxOutage() + ", requestTimeout=" + requestTimeout
        + ", maxBufferedLines=" + maxBufferedLines
        + ", flushWait=" + flushWait + ", checkpointBacklog=" + checkpointBacklog + "]";
  }
}
