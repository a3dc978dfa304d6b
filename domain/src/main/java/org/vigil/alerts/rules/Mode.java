package org.vigil.alerts.rules;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A command mode: how a region is run. {@link #DAILY} is the ruleset's rules and escalation times as written;
 * {@link #HOLIDAY} and {@link #EMERGENCY} apply the ruleset's {@code modes:} profiles ({@link ModeProfiles}). A region
 * without a mode of its own has its parent region's; the county's default is daily ({@link #effective}).
 */
public enum Mode {
  DAILY,
  HOLIDAY,
  EMERGENCY;

  /** The names as written in rule files, requests and topics. */
  public static final List<String> NAMES = List.of("daily", "holiday", "emergency");

  /** {@code daily}, {@code holiday}, {@code emergency}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode of a name, or null when it is none ({@code null} too). */
  public static Mode fromWire(String name) {
    if (name == null) {
      return null;
    }
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "daily" -> DAILY;
      case "holiday" -> HOLIDAY;
      case "emergency" -> EMERGENCY;
      default -> null;
    };
  }

  /**
   * The effective mode of a region: its own, else the nearest region above it with one, else {@link #DAILY}.
   *
   * @param own the regions' own modes, by region id (regions that inherit are absent)
   * @param parentOf a region's parent id, null or empty at the top (and for an unknown region)
   * @param region the region (null or unknown: the regions above cannot be known, daily unless it has its own)
   */
  public static Mode effective(Map<String, Mode> own, Function<String, String> parentOf, String region) {
    String r = region;
    for (int depth = 0; r != null && !r.isEmpty() && depth < 64; depth++) {
      Mode m = own.get(r);
      if (m != null) {
        return m;
      }
      r = parentOf.apply(r);
    }
    return DAILY;
  }
}
