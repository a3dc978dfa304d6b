package org.vigil.console.auth;

import java.util.Locale;

/**
 * What a console user may do, each role including the ones before it: a viewer reads, an operator also acknowledges
 * and silences alerts, an engineer also validates, backtests and publishes rules.
 */
public enum Role {
  VIEWER,
  OPERATOR,
  ENGINEER;

  /** True when this role includes {@code needed}. */
  public boolean allows(Role needed) {
    return compareTo(needed) >= 0;
  }

  /** {@code viewer}, {@code operator}, {@code engineer}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; throws {@link IllegalArgumentException} naming the valid ones. */
  public static Role fromWire(String s) {
    for (Role r : values()) {
      if (r.name().equalsIgnoreCase(s == null ? "" : s.strip())) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown role '" + s + "': use viewer, operator or engineer");
  }
}
