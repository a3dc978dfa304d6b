package org.vigil.alerts.webhook;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The one place that decides what an HTTP status or a send failure means for a webhook delivery (and a public
 * broadcast's), following the Standard Webhooks recommendations.
 */
public final class ResponseClassifier {

  /** What to do after an attempt. */
  public enum Verdict {
    DELIVERED,
    RETRY,
    DISABLE_ENDPOINT,
    DEAD_LETTER
  }

  private ResponseClassifier() {}

  /**
   * 2xx delivered; 410 Gone disables the endpoint; 408, 425, 429 and 5xx are retried; everything else (other 4xx,
   * 3xx since redirects are not followed, 1xx) is dead-lettered at once.
   */
  public static Verdict classify(int status) {
    if (status >= 200 && status < 300) {
      return Verdict.DELIVERED;
    }
    if (status == 410) {
      return Verdict.DISABLE_ENDPOINT;
    }
    if (status == 408 || status == 425 || status == 429 || (status >= 500 && status < 600)) {
      return Verdict.RETRY;
    }
    return Verdict.DEAD_LETTER;
  }

  /**
   * I/O errors (refused, reset, TLS) and timeouts, including our own deadline cancelling a stalled exchange, are
   * retried; anything else is a bug or a bad request and is dead-lettered.
   */
  public static Verdict classify(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof IOException || t instanceof TimeoutException || t instanceof CancellationException) {
      return Verdict.RETRY;
    }
    return Verdict.DEAD_LETTER;
  }

  /** A short description of a send failure for logs and results. */
  public static String describe(Throwable error) {
    Throwable t = unwrap(error);
    if (t instanceof CancellationException || t instanceof TimeoutException) {
      return "timed out (response not complete before the deadline)";
    }
    String msg = t.getMessage();
    return t.getClass().getSimpleName() + (msg == null || msg.isBlank() ? "" : ": " + msg);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
