package org.vigil.connectors.influx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A Flink sink that writes elements to InfluxDB 1.x as line protocol over HTTP, at least once, without
 * letting an InfluxDB outage stop the rest of the job.
 *
 * <p>Each subtask encodes elements on the task thread and hands batches ({@code batchSize} lines, or
 * what has gathered after {@code flushInterval}, or at a checkpoint) to one background sender per
 * subtask, which writes them in order and retries retryable failures (unreachable, 5xx, 429,
 * timeouts) with exponential backoff, jitter and {@code Retry-After}. At a checkpoint the writer waits
 * up to {@code flushWait} for InfluxDB to store what is buffered until at most {@code checkpointBacklog}
 * lines are unconfirmed (normally milliseconds; with the default 0 the checkpoint covers only stored
 * data), but not while writes are failing; whatever is not confirmed
 * stored goes into the checkpoint as writer state ({@link LineBatch}) and is written first after a
 * restore. So a checkpoint, and the upstream acknowledgements that follow it, only cover points that
 * are in InfluxDB or in the checkpoint. At most {@code maxBufferedLines} wait per subtask; beyond that
 * the writer blocks (back-pressure).
 *
 * <p>The sink runs no DDL: the database, its privileges and retention policies are set up before the
 * job by {@code vigil influx setup} ({@link InfluxSetup}). A missing database (404) is waited for like an
 * outage, with the command to run in the log, the lines kept. Failures that retrying cannot fix (400 bad
 * line protocol, 401/403), and an outage (or missing database) longer than {@code maxOutage}, fail the
 * task, and the job restarts from its last checkpoint. Replays are idempotent in InfluxDB as long as the encoder gives each element the same
 * series and timestamp.
 *
 * <pre>{@code
 * stream.sinkTo(InfluxSink.<Reading>builder()
 *     .url("http://127.0.0.1:8086").database("vigil")
 *     .encoder(ReadingEncoders::reading)
 *     .build()).name("influx").uid("influx-sink");
 * }</pre>
 */
public final class InfluxSink<T> implements Sink<T>, SupportsWriterState<T, LineBatch> {

  private static final long serialVersionUID = 1L;

  private final InfluxSinkConfig config;
  private final InfluxEncoder<? super T> encoder;

  private InfluxSink(InfluxSinkConfig config, InfluxEncoder<? super T> encoder) {
    this.config = config;
    this.encoder = encoder;
  }

  /** A builder; give the element type, e.g. {@code InfluxSink.<Reading>builder()}. */
  public static <T> Builder<T> builder() {
    return new Builder<>();
  }

  @Override
  public StatefulSinkWriter<T, LineBatch> createWriter(WriterInitContext context) {
    return restoreWriter(context, List.of());
  }

  /** A writer that first writes {@code recoveredState}: the lines unconfirmed at the checkpoint. */
  @Override
  public StatefulSinkWriter<T, LineBatch> restoreWriter(WriterInitContext context, Collection<LineBatch> recoveredState) {
    InfluxSinkWriter<T> writer =
        new InfluxSinkWriter<>(
            config, encoder, config.newClient(), context.getProcessingTimeService(), context.metricGroup(),
            List.copyOf(recoveredState));
    writer.start("influx-sender-" + config.database() + "-" + context.getTaskInfo().getIndexOfThisSubtask());
    return writer;
  }

  @Override
  public SimpleVersionedSerializer<LineBatch> getWriterStateSerializer() {
    return new LineBatchSerializer();
  }

  InfluxSinkConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "InfluxSink[" + config + "]";
  }

  /** Builds an {@link InfluxSink}; {@link #build()} checks every setting and names all bad ones. */
  public static final class Builder<T> {

    private String url;
    private String database;
    private InfluxCredentials credentials = InfluxCredentials.NONE;
    private InfluxEncoder<? super T> encoder;
    private int batchSize = 5000;
    private Duration flushInterval = Duration.ofSeconds(1);
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration maxOutage = Duration.ofMinutes(10);
    private long maxBufferedLines = 500_000;
    private Duration flushWait = Duration.ofSeconds(2);
    private long checkpointBacklog;
    private Duration requestTimeout = InfluxClient.DEFAULT_REQUEST_TIMEOUT;

    private Builder() {}

    /** Required. Base URL of the InfluxDB 1.x HTTP API, e.g. {@code http://127.0.0.1:8086}. */
    public Builder<T> url(String url) {
      this.url = url;
      return this;
    }

    /** Required. The database to write to. */
    public Builder<T> database(String database) {
      this.database = database;
      return this;
    }

    /**
     * Optional basic-auth credentials ({@link InfluxCredentials#NONE} or null: none). The password is read from its
     * file or the environment by each writer when it makes its client, so it is not in the job graph.
     */
    public Builder<T> credentials(InfluxCredentials credentials) {
      this.credentials = credentials == null ? InfluxCredentials.NONE : credentials;
      return this;
    }

    /** Required. Turns an element into zero or more points; must be serializable. */
    public Builder<T> encoder(InfluxEncoder<? super T> encoder) {
      this.encoder = encoder;
      return this;
    }

    /** Lines per write request, 1 to 1,000,000; default 5000. */
    public Builder<T> batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Processing time after which buffered lines are written even if the batch is not full; default 1 s. */
    public Builder<T> flushInterval(Duration flushInterval) {
      this.flushInterval = flushInterval;
      return this;
    }

    /**
     * How long InfluxDB may fail without a single successful request before the writer fails the task
     * (with a message naming the url, the duration and the last error); default 10 min. Until then
     * lines are kept, buffered and in checkpoints.
     */
    public Builder<T> maxOutage(Duration maxOutage) {
      this.maxOutage = maxOutage;
      return this;
    }

    /**
     * Lines per subtask waiting for InfluxDB before {@code write} blocks (back-pressure), at least
     * {@code batchSize}; default 500,000 (about 50 MB of heap and of checkpoint at 100 bytes a line).
     */
    public Builder<T> maxBufferedLines(long maxBufferedLines) {
      this.maxBufferedLines = maxBufferedLines;
      return this;
    }

    /**
     * How long a checkpoint waits for buffered lines to be stored while InfluxDB is healthy; lines
     * still unconfirmed then go into the checkpoint. Default 2 s: a healthy InfluxDB stores a batch in
     * milliseconds, so the wait normally ends long before; the bound keeps a slow or hung InfluxDB
     * (below the 10 s request timeout) from stalling the task thread, and with it the alerts, for
     * more than 2 s per checkpoint. While writes are failing, checkpoints do not wait at all.
     */
    public Builder<T> flushWait(Duration flushWait) {
      this.flushWait = flushWait;
      return this;
    }

    /**
     * Lines that may stay unconfirmed at a checkpoint without it waiting for InfluxDB (they go into the
     * checkpoint and are written first after a restore); default 0: the checkpoint waits (up to
     * {@code flushWait}) until everything handed over is stored. Waiting blocks the task thread, and with
     * it every operator chained to the sink, for an InfluxDB round trip at every checkpoint: in the
     * monitoring job that is the per-sensor chain that raises alerts (the benchmark measured the slowest alerts
     * at 2 s checkpoint intervals). A backlog of about one batch lets the checkpoint go on while the last
     * batch is in flight, and still waits, and so slows the input, when InfluxDB falls behind.
     */
    public Builder<T> checkpointBacklog(long lines) {
      this.checkpointBacklog = lines;
      return this;
    }

    /** Wait before the first retry, doubled per retry; default 200 ms. */
    public Builder<T> initialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
      return this;
    }

    /** Longest wait between retries; default 10 s. */
    public Builder<T> maxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
      return this;
    }

    /** Timeout of one HTTP request (and of connecting); default 10 s. */
    public Builder<T> requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Checks every setting; throws {@link IllegalArgumentException} naming each bad one. */
    public InfluxSink<T> build() {
      List<String> problems = new ArrayList<>();
      checkUrl(problems);
      if (database == null || database.isBlank()) {
        problems.add("database is missing");
      } else if (database.indexOf('\n') >= 0 || database.indexOf('\r') >= 0) {
        problems.add("database must not contain line breaks");
      }
      if (encoder == null) {
        problems.add("encoder is missing");
      } else {
        checkSerializable(problems);
      }
      if (batchSize < 1 || batchSize > 1_000_000) {
        problems.add("batchSize must be between 1 and 1000000, was " + batchSize);
      }
      positive(problems, "flushInterval", flushInterval);
      positive(problems, "maxOutage", maxOutage);
      if (maxBufferedLines < batchSize) {
        problems.add("maxBufferedLines must be at least batchSize (" + batchSize + "), was " + maxBufferedLines);
      }
      if (flushWait == null || flushWait.isNegative()) {
        problems.add("flushWait must be 0 or more, was " + flushWait);
      }
      if (checkpointBacklog < 0 || checkpointBacklog > maxBufferedLines) {
        problems.add("checkpointBacklog must be between 0 and maxBufferedLines (" + maxBufferedLines + "), was "
            + checkpointBacklog);
      }
      positive(problems, "initialBackoff", initialBackoff);
      positive(problems, "maxBackoff", maxBackoff);
      if (isPositive(initialBackoff) && isPositive(maxBackoff) && initialBackoff.compareTo(maxBackoff) > 0) {
        problems.add("initialBackoff (" + initialBackoff + ") must not exceed maxBackoff (" + maxBackoff + ")");
      }
      positive(problems, "requestTimeout", requestTimeout);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid InfluxSink configuration: " + String.join("; ", problems));
      }
      InfluxSinkConfig config =
          new InfluxSinkConfig(
              url,
              database,
              credentials,
              batchSize,
              flushInterval,
              new RetryPolicy(initialBackoff, maxBackoff, maxOutage),
              requestTimeout,
              maxBufferedLines,
              flushWait,
              checkpointBacklog);
      return new InfluxSink<>(config, encoder);
    }

    private void checkUrl(List<String> problems) {
      if (url == null || url.isBlank()) {
        problems.add("url is missing");
        return;
      }
      try {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
          problems.add("url must look like http://host:port, was '" + url + "'");
        } else if (uri.getRawQuery() != null || uri.getUserInfo() != null) {
          problems.add("url must carry no query or user info (use credentials(..)), was '" + uri.getHost() + "...'");
        }
      } catch (IllegalArgumentException e) {
        problems.add("url is not a valid URI: " + e.getMessage());
      }
    }

    private void checkSerializable(List<String> problems) {
      try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
        out.writeObject(encoder);
      } catch (IOException e) {
        problems.add("encoder is not serializable (" + e + "): capture only serializable values");
      }
    }

    private static void positive(List<String> problems, String name, Duration value) {
      if (!isPositive(value)) {
        problems.add(name + " must be at least 1 ms, was " + value);
      }
    }

    private static boolean isPositive(Duration d) {
      return d != null && !d.isNegative() && d.toMillis() >= 1;
    }
  }
}
