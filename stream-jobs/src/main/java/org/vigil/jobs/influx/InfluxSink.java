package org.vigil.jobs.influx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Flink sink that writes elements to InfluxDB 1.x as line protocol over HTTP, at least once.
 *
 * <p>Each subtask buffers the lines its {@link InfluxEncoder} produces and writes them in one
 * request when {@code batchSize} lines are buffered, every {@code flushInterval} of processing time,
 * and at every checkpoint ({@link SinkWriter#flush}). A checkpoint completes only after InfluxDB
 * stored everything buffered before it; retryable failures (5xx, 429, I/O, timeouts) are retried
 * with exponential backoff, and when the retry budget runs out, or the failure cannot pass by
 * retrying (400 bad line protocol, 401/403, 404 database not found), the writer throws: the task
 * fails and the job restarts from its last checkpoint, replaying the unstored data instead of
 * dropping it. Replays are idempotent in InfluxDB as long as the encoder gives each element the same
 * series and timestamp.
 *
 * <pre>{@code
 * stream.sinkTo(InfluxSink.<Reading>builder()
 *     .url("http://127.0.0.1:8086").database("vigil")
 *     .encoder(ReadingEncoders::reading)
 *     .build()).name("influx").uid("influx-sink");
 * }</pre>
 */
public final class InfluxSink<T> implements Sink<T> {

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
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    InfluxSinkWriter<T> writer =
        new InfluxSinkWriter<>(
            config, encoder, config.newClient(), context.getProcessingTimeService(), context.metricGroup());
    if (config.createDatabase()) {
      try {
        writer.createDatabase();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while creating InfluxDB database " + config.database());
      }
    }
    writer.start();
    return writer;
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
    private String username;
    private String password;
    private InfluxEncoder<? super T> encoder;
    private int batchSize = 5000;
    private Duration flushInterval = Duration.ofSeconds(1);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration requestTimeout = InfluxClient.DEFAULT_REQUEST_TIMEOUT;
    private boolean createDatabase = true;

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

    /** Optional basic-auth credentials; an empty or null user name means none. */
    public Builder<T> credentials(String username, String password) {
      this.username = username;
      this.password = password;
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

    /** Sends of one batch before giving up (failing the job), at least 1; default 8. */
    public Builder<T> maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
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

    /** Whether each writer runs {@code CREATE DATABASE} when it opens (idempotent); default true. */
    public Builder<T> createDatabase(boolean createDatabase) {
      this.createDatabase = createDatabase;
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
      boolean hasUser = username != null && !username.isEmpty();
      if (hasUser && username.isBlank()) {
        problems.add("credentials: username is blank");
      }
      if (!hasUser && password != null && !password.isEmpty()) {
        problems.add("credentials: password given without a username");
      }
      if (hasUser && password == null) {
        problems.add("credentials: password is missing for username '" + username + "'");
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
      if (maxAttempts < 1) {
        problems.add("maxAttempts must be at least 1, was " + maxAttempts);
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
              hasUser ? username : null,
              hasUser ? password : null,
              batchSize,
              flushInterval,
              new RetryPolicy(maxAttempts, initialBackoff, maxBackoff),
              requestTimeout,
              createDatabase);
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
