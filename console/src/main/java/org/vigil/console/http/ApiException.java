package org.vigil.console.http;

/** An API answer other than success: its HTTP status and the reason, sent as {@code {"error": reason}}. */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String reason) {
    super(reason);
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** 400 with the reason. */
  public static ApiException badRequest(String reason) {
    return new ApiException(400, reason);
  }
}
