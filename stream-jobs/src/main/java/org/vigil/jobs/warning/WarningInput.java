package org.vigil.jobs.warning;

import org.vigil.core.AlertEvent;

/**
 * What the public-warning operator takes, keyed by warning chain: an alert transition (the chain of the alert id) or
 * a warning issued or lifted by hand ({@link WarningRequest#chainKey()}). Exactly one is set.
 *
 * @param alert an alert transition, or null
 * @param request a request by hand, or null
 */
public record WarningInput(AlertEvent alert, WarningRequest request) {

  public static WarningInput of(AlertEvent alert) {
    return new WarningInput(alert, null);
  }

  public static WarningInput of(WarningRequest request) {
    return new WarningInput(null, request);
  }

  /** The chain's key: the alert id, or the request's chain key. */
  public String key() {
    return alert != null ? alert.id() : request.chainKey();
  }
}
