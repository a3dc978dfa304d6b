package org.vigil.jobs.influx;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch and returns only when InfluxDB stored it: retryable failures are repeated with
 * the {@link RetryPolicy}'s backoff; a non-retryable failure, or a retryable one that outlasts the
 * budget ({@link InfluxRetriesExhaustedException}), is thrown. Flink-free, so it is tested without a
 * cluster; time is an injected {@link Sleeper}. Not thread-safe.
 */
final class RetryingWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingWriter.class);

  /** Waits between attempts. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** What happened, for metrics. Called on the writing thread. */
  interface Listener {
    /** A batch was stored ({@code points} excludes retention drops). */
    void written(int points, int chars, long latencyNanos);

    /** An attempt failed and will be repeated after {@code backoff}. */
    void retrying(InfluxException failure, int attempt, Duration backoff);

    /** The request failed for good; the exception is thrown next. */
    void failed(InfluxException failure);

    /** InfluxDB dropped points older than the retention policy. */
    void droppedByRetention(int points);
  }

  /** A request to repeat. */
  @FunctionalInterface
  interface Request<R> {
    R send() throws InterruptedException;
  }

  private final InfluxClient client;
  private final String database;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final DoubleSupplier random;
  private final Listener listener;
  private boolean inFailureStreak;
  private boolean retentionWarned;

  RetryingWriter(
      InfluxClient client,
      String database,
      RetryPolicy policy,
      Sleeper sleeper,
      DoubleSupplier random,
      Listener listener) {
    this.client = client;
    this.database = database;
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
    this.listener = listener;
  }

  RetryingWriter(InfluxClient client, String database, RetryPolicy policy, Listener listener) {
    this(client, database, policy, d -> Thread.sleep(d.toMillis()), () -> ThreadLocalRandom.current().nextDouble(), listener);
  }

  /** Writes {@code body} ({@code points} lines) and returns once stored; throws otherwise. */
  void write(String body, int points) throws InterruptedException {
    long start = System.nanoTime();
    int dropped = call("write of " + points + " points to '" + database + "'", () -> client.write(database, body));
    long latency = System.nanoTime() - start;
    if (dropped > 0) {
      listener.droppedByRetention(dropped);
      if (!retentionWarned) {
        retentionWarned = true;
        LOG.warn(
            "InfluxDB dropped {} points older than the retention policy of database '{}'; they cannot be"
                + " stored (further drops are logged at DEBUG)",
            dropped,
            database);
      } else {
        LOG.debug("InfluxDB dropped {} points beyond retention in '{}'", dropped, database);
      }
    }
    listener.written(points - dropped, body.length(), latency);
  }

  /** Creates the database, retrying while InfluxDB is unreachable. */
  void createDatabase() throws InterruptedException {
    call("CREATE DATABASE '" + database + "'", () -> {
      client.createDatabase(database);
      return null;
    });
  }

  /** Sends {@code request} until it succeeds, fails for good, or the attempts are used up. */
  <R> R call(String operation, Request<R> request) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        R result = request.send();
        if (inFailureStreak) {
          inFailureStreak = false;
          LOG.info("{} succeeded at attempt {}", operation, attempt);
        }
        return result;
      } catch (InfluxException e) {
        if (!e.retryable()) {
          listener.failed(e);
          if (e instanceof InfluxBadRequestException) {
            LOG.error(
                "{} rejected by InfluxDB as bad line protocol; the encoder produced invalid data (a bug),"
                    + " failing instead of dropping it. Response body: {}",
                operation,
                e.body());
          } else {
            LOG.error("{} failed and will not be retried: {}", operation, e.getMessage());
          }
          throw e;
        }
        if (attempt >= policy.maxAttempts()) {
          InfluxRetriesExhaustedException exhausted = new InfluxRetriesExhaustedException(operation, attempt, e);
          listener.failed(exhausted);
          LOG.error("{}", exhausted.getMessage());
          throw exhausted;
        }
        Duration backoff = policy.backoff(attempt, random.getAsDouble(), retryAfter(e));
        listener.retrying(e, attempt, backoff);
        if (!inFailureStreak) {
          inFailureStreak = true;
          LOG.warn(
              "{} failed, retrying in {} ms (attempt {} of {}; further retries logged at DEBUG): {}",
              operation, backoff.toMillis(), attempt, policy.maxAttempts(), e.getMessage());
        } else {
          LOG.debug("{} failed, retrying in {} ms (attempt {} of {}): {}",
              operation, backoff.toMillis(), attempt, policy.maxAttempts(), e.getMessage());
        }
        sleeper.sleep(backoff);
      }
    }
  }

  private static Duration retryAfter(InfluxException e) {
    return e instanceof InfluxRetryableException r ? r.retryAfter().orElse(null) : null;
  }
}
