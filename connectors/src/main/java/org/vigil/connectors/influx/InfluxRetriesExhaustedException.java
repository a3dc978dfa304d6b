package org.vigil.connectors.influx;

import java.time.Duration;

/**
 * InfluxDB kept failing with retryable errors (unreachable, 5xx, 429, timeouts) for longer than the
 * sink's {@code maxOutage}. Carries the last failure's status and body; the last failure is the
 * cause. Thrown on the task thread so that the outage is a visible task failure, not a silent stall.
 */
public class InfluxRetriesExhaustedException extends InfluxException {

  private final int attempts;
  private final Duration outage;

  public InfluxRetriesExhaustedException(
      String url, String operation, int attempts, Duration outage, InfluxException last) {
    super(
        "InfluxDB at " + url + (last instanceof InfluxDatabaseNotFoundException
                ? " has been without the job's database for " : " has been unreachable for ")
            + human(outage) + " (" + attempts + " failed attempts; " + operation + "); last error: "
            + last.getMessage() + (last instanceof InfluxDatabaseNotFoundException ? ""
                : ". Check that InfluxDB is running and reachable from the task managers (url, network,"
                    + " its log, disk space)")
            + ". Failing the task: the job restarts from its last checkpoint, which holds every line not yet"
            + " stored.",
        last.status(),
        last.body(),
        false,
        last);
    this.attempts = attempts;
    this.outage = outage;
  }

  /** How many times requests were sent during the outage. */
  public int attempts() {
    return attempts;
  }

  /** How long InfluxDB had failed without a success. */
  public Duration outage() {
    return outage;
  }

  /** {@code 10 min}, {@code 1 min 5 s}, {@code 30 s}, {@code 250 ms}. */
  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    long s = ms / 1000;
    if (s < 60) {
      return s + " s";
    }
    long min = s / 60;
    return s % 60 == 0 ? min + " min" : min + " min " + s % 60 + " s";
  }
}
