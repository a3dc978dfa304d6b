package org.vigil.decode;

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
  /** Payload has no bytes, or only white space. */
  EMPTY_PAYLOAD,
  /** Payload is not valid UTF-8 (JSON must be UTF-8, RFC 8259 section 8.1). */
  INVALID_UTF8,
  /** Payload is not JSON, or not a JSON object (NaN and Infinity literals are not JSON). */
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
  /** The timestamp is older than the configured maximum age (default 30 days, the raw retention). */
  TIMESTAMP_TOO_OLD,
  /**
   * {@code values} is empty or has more than 64 entries, a field name is not {@code [a-z][a-z0-9_]*} (at most 64
   * characters), or a value uses a name the storage reserves ({@code seq}, {@code battery_v}, {@code rssi},
   * {@code late}, {@code site}, {@code sensor}, {@code time}).
   */
  BAD_FIELD,
  /** Out-of-range value that cannot be physical (e.g. negative rainfall, a tilt beyond 90 degrees). */
  VALUE_OUT_OF_RANGE,
  /** Same sensor, device timestamp and sequence number as a reading already accepted (found after decoding). */
  DUPLICATE,
  /**
   * Event time older than the watermark minus the allowed lateness (found after decoding). Not a rejection: the
   * reading is stored with {@code late=true} but left out of rolling analytics; the dead letter says so.
   */
  LATE,
  /** A camera frame that is not a readable JPEG (markers missing, header unreadable, truncated). */
  CORRUPT_IMAGE,
  /** A camera frame whose JPEG header declares dimensions outside 1..8192 pixels per side. */
  BAD_IMAGE_SIZE;

  /** {@code non_finite_number}, ... */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
