package org.vigil.connectors.influx;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass when the request is repeated: HTTP 5xx, 429, an I/O error or a timeout.
 */
public class InfluxRetryableException extends InfluxException {

  private final Duration retryAfter;

  public InfluxRetryableException(String message, int status, String body, Duration retryAfter, Throwable cause) {
    super(withStatus(message, status, body), status, body, true, cause);
    this.retryAfter = retryAfter;
  }

  /** The server's {@code Retry-After}, when it sent one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
