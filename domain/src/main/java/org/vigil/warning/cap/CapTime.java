package org.vigil.warning.cap;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * CAP's date-time form: whole seconds and a numeric offset, never {@code Z} ({@code 2002-05-24T16:49:00-07:00};
 * CAP 1.2, 3.3.2: UTC is written {@code -00:00} or {@code +00:00}; the schema's pattern refuses {@code Z}).
 */
public final class CapTime {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private CapTime() {}

  /** Formats a time, dropping fractions of a second. */
  public static String format(OffsetDateTime t) {
    return t.truncatedTo(ChronoUnit.SECONDS).format(FORMAT);
  }

  /** Epoch milliseconds at an offset, truncated to the second. */
  public static OffsetDateTime of(long epochMs, ZoneOffset offset) {
    return Instant.ofEpochMilli(epochMs).atOffset(offset).truncatedTo(ChronoUnit.SECONDS);
  }
}
