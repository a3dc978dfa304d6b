package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch and returns only when InfluxDB stored it. Retryable failures (unreachable, 5xx,
 * 429, timeouts) are repeated with the {@link RetryPolicy}'s backoff for as long as the outage lasts
 * up to {@code maxOutage}, counted from the first failure after the last success (so the backoff and
 * the budget run across batches); then {@link InfluxRetriesExhaustedException} is thrown. A missing
 * database (404, {@link InfluxDatabaseNotFoundException}) is waited for the same way, its message naming
 * {@code vigil influx setup} in the log: the writer does not set up databases, and keeps the lines until an
 * operator has. Any other non-retryable failure (400 bad line protocol, 401/403) is thrown at once.
 *
 * <p>Flink-free, so it is tested without a cluster; time is injected ({@link Sleeper} and a nanosecond
 * clock). Not thread-safe: one thread writes; {@link #outageNanos()} may be read from any thread.
 */
final class RetryingWriter {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingWriter.class);
  private static final long NO_OUTAGE = Long.MIN_VALUE;

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

    /** InfluxDB stored {@code body} (called after {@link #written}); for measurements over its lines. */
    default void stored(String body) {}
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
  private final LongSupplier nanoTime;
  private final Listener listener;
  private volatile long outageStart = NO_OUTAGE;
  private int failuresInOutage;
  private boolean retentionWarned;

  RetryingWriter(
      InfluxClient client,
      String database,
      RetryPolicy policy,
      Sleeper sleeper,
      DoubleSupplier random,
      LongSupplier nanoTime,
      Listener listener) {
    this.client = client;
    this.database = database;
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
    this.nanoTime = nanoTime;
    this.listener = listener;
  }

  RetryingWriter(InfluxClient client, String database, RetryPolicy policy, Listener listener) {
    this(client, database, policy, d -> Thread.sleep(d.toMillis()),
        () -> ThreadLocalRandom.current().nextDouble(), System::nanoTime, listener);
  }

  /** Writes {@code body} ({@code points} lines) and returns once stored; throws otherwise. */
  void write(String body, int points) throws InterruptedException {
    long start = nanoTime.getAsLong();
    int dropped = call("write of " + points + " points to '" + database + "'", () -> client.write(database, body));
    long latency = nanoTime.getAsLong() - start;
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
    listener.stored(body);
  }

  /** How long InfluxDB has been failing without a success, in nanoseconds; 0 when it is not. */
  long outageNanos() {
    long s = outageStart;
    return s == NO_OUTAGE ? 0 : Math.max(0, nanoTime.getAsLong() - s);
  }

  /** Sends {@code request} until it succeeds, fails for good, or the outage outlasts the budget. */
  <R> R call(String operation, Request<R> request) throws InterruptedException {
    while (true) {
      long attemptStart = nanoTime.getAsLong();
      try {
        R result = request.send();
        if (outageStart != NO_OUTAGE) {
          LOG.info(
              "InfluxDB at {} accepts requests again after {} ({} failed attempts): {} succeeded",
              client.url(),
              InfluxRetriesExhaustedException.human(Duration.ofNanos(outageNanos())),
              failuresInOutage,
              operation);
          outageStart = NO_OUTAGE;
          failuresInOutage = 0;
        }
        return result;
      } catch (InfluxException e) {
        if (!e.retryable() && !(e instanceof InfluxDatabaseNotFoundException)) {
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
        retryOrGiveUp(operation, e, attemptStart);
      }
    }
  }

  private void retryOrGiveUp(String operation, InfluxException e, long attemptStart) throws InterruptedException {
    if (outageStart == NO_OUTAGE) {
      outageStart = attemptStart;
    }
    failuresInOutage++;
    long outage = nanoTime.getAsLong() - outageStart;
    long budget = policy.maxOutage().toNanos();
    if (outage >= budget) {
      InfluxRetriesExhaustedException exhausted =
          new InfluxRetriesExhaustedException(
              client.url(), operation, failuresInOutage, Duration.ofNanos(outage), e);
      listener.failed(exhausted);
      LOG.error("{}", exhausted.getMessage());
      throw exhausted;
    }
    Duration backoff = policy.backoff(failuresInOutage, random.getAsDouble(), retryAfter(e));
    // The last attempt is made when the budget ends, not a whole backoff later.
    Duration left = Duration.ofNanos(budget - outage);
    if (backoff.compareTo(left) > 0) {
      backoff = left;
    }
    listener.retrying(e, failuresInOutage, backoff);
    if (failuresInOutage == 1) {
      LOG.warn(
          "{} failed, retrying with backoff up to {} ms; unwritten lines are kept (buffered, and in"
              + " checkpoints) and the task fails if InfluxDB at {} stays unavailable for {}"
              + " (further retries logged at DEBUG): {}",
          operation, policy.maxBackoff().toMillis(), client.url(),
          InfluxRetriesExhaustedException.human(policy.maxOutage()), e.getMessage());
    } else {
      LOG.debug("{} failed, retrying in {} ms (failure {} of this outage): {}",
          operation, backoff.toMillis(), failuresInOutage, e.getMessage());
    }
    sleeper.sleep(backoff);
  }

  private static Duration retryAfter(InfluxException e) {
    return e instanceof InfluxRetryableException r ? r.retryAfter().orElse(null) : null;
  }
}
