package org.vigil.connectors.influx;

/**
 * A failed InfluxDB request: the HTTP status (0 when no response arrived), the response body and
 * whether repeating the same request may succeed. Subclasses name the cases callers handle
 * differently; {@link InfluxClient#classify} is the one place that maps responses to them.
 */
public class InfluxException extends RuntimeException {

  private static final int MAX_BODY_IN_MESSAGE = 1000;

  private final int status;
  private final String body;
  private final boolean retryable;

  /** {@code message} is used as is; see {@link #withStatus} to append status and body. */
  public InfluxException(String message, int status, String body, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.body = body == null ? "" : body;
    this.retryable = retryable;
  }

  /** HTTP status, or 0 when the request failed before a response (I/O error, timeout). */
  public int status() {
    return status;
  }

  /** Response body as received (may be empty). */
  public String body() {
    return body;
  }

  /** Whether sending the same request again may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** {@code message} followed by " (HTTP status: body)", the body cut to 1000 characters. */
  public static String withStatus(String message, int status, String body) {
    StringBuilder sb = new StringBuilder(message);
    if (status > 0) {
      sb.append(" (HTTP ").append(status);
      if (body != null && !body.isBlank()) {
        String b = body.strip();
        sb.append(": ")
            .append(b.length() > MAX_BODY_IN_MESSAGE ? b.substring(0, MAX_BODY_IN_MESSAGE) + "..." : b);
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
