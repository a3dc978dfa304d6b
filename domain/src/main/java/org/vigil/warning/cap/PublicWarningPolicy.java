package org.vigil.warning.cap;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Objects;
import org.vigil.core.Level;

/**
 * Which alerts become public warnings and how they are signed.
 *
 * @param sender CAP {@code <sender>}: the issuing office's unique name (no spaces or commas), e.g.
 *     {@code monitoring@county.example}
 * @param senderName the issuing office for people
 * @param publicFrom the lowest alert level issued to the public (default orange: orange and red)
 * @param validity how long a warning holds without news; an open alert's warning is re-issued as an update when
 *     half of it has passed, so a warning in force never expires while its alert is open
 * @param offset the offset times are written with (the county's local time)
 * @param web the console's public address for warnings, e.g. {@code https://vigil.county.example/warnings}, or null
 */
public record PublicWarningPolicy(
    String sender, String senderName, Level publicFrom, Duration validity, ZoneOffset offset, String web) {

  public PublicWarningPolicy {
    CapAlert.requireToken(sender, "sender");
    Objects.requireNonNull(senderName, "senderName");
    Objects.requireNonNull(publicFrom, "publicFrom");
    if (publicFrom.compareTo(Level.YELLOW) < 0) {
      throw new IllegalArgumentException("public warnings start at yellow, orange or red, not " + publicFrom);
    }
    Objects.requireNonNull(validity, "validity");
    if (validity.compareTo(Duration.ofMinutes(10)) < 0) {
      throw new IllegalArgumentException("a warning's validity must be at least 10 minutes, got " + validity);
    }
    Objects.requireNonNull(offset, "offset");
  }

  /** Orange and red, valid 12 h, UTC, no web page. */
  public static PublicWarningPolicy of(String sender, String senderName) {
    return new PublicWarningPolicy(sender, senderName, Level.ORANGE, Duration.ofHours(12), ZoneOffset.UTC, null);
  }

  /** True when an alert at this level is a public warning. */
  public boolean isPublic(Level level) {
    return level.compareTo(publicFrom) >= 0;
  }
}
