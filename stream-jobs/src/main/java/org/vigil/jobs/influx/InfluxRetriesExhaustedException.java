package org.vigil.jobs.influx;

/**
 * A retryable failure that kept failing for the whole retry budget. Carries the last failure's
 * status and body; the last failure is the cause.
 */
public class InfluxRetriesExhaustedException extends InfluxException {

  private final int attempts;

  public InfluxRetriesExhaustedException(String operation, int attempts, InfluxException last) {
    super(
        operation + " failed after " + attempts + " attempts; last failure: " + last.getMessage(),
        last.status(),
        last.body(),
        false,
        last);
    this.attempts = attempts;
  }

  /** How many times the request was sent. */
  public int attempts() {
    return attempts;
  }
}
