package org.vigil.ingest.decode;

import java.util.Locale;

/** Why a device payload was rejected. {@link #code()} is the machine-readable reason in the dead letter. */
public enum RejectReason {
  /** Topic is not {@code vigil/{site}/{kind}/{sensorId}/data} or has characters outside {@code [A-Za-z0-9_-]}. */
  BAD_TOPIC,
  /** The {@code kind} topic level is not a known sensor kind. */
  UNKNOWN_KIND,
  /** The site is not in the configured list of sites. */
  UNKNOWN_SITE,
  /** Payload larger than the configured limit. */
  PAYLOAD_TOO_LARGE,
  /** Payload is not valid UTF-8 JSON, or not a JSON object. */
  MALFORMED_JSON,
  /** A required field ({@code ts}, {@code values}) is missing. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (e.g. a string where a number belongs). */
  WRONG_TYPE,
  /** A number is NaN, Infinity, or too large for a double. */
  NON_FINITE_NUMBER,
  /** The timestamp cannot be read or is before 2000-01-01. */
  BAD_TIMESTAMP,
  /** The timestamp is further in the future than the allowed clock skew. */
  TIMESTAMP_IN_FUTURE,
  /** {@code values} is empty or a field name is not {@code [a-z][a-z0-9_]*} (at most 64 characters). */
  BAD_FIELD,
  /** Out-of-range value that cannot be physical (e.g. negative rainfall). */
  VALUE_OUT_OF_RANGE;

  /** {@code non_finite_number}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
