package org.vigil.core;

import java.util.Locale;

/**
 * Hazard warning level, ordered as in China's four-colour geological hazard warning scheme:
 * {@code NONE < BLUE < YELLOW < ORANGE < RED}. {@code NONE} means no alert is open.
 */
public enum Level {
  NONE,
  BLUE,
  YELLOW,
  ORANGE,
  RED;

  /** The four levels that can be alerted on, lowest first. */
  public static final Level[] ALERT_LEVELS = {BLUE, YELLOW, ORANGE, RED};

  /** Lower-case name used in topics, tags and JSON ({@code "orange"}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name, case-insensitive; throws {@link IllegalArgumentException} naming the valid values. */
  public static Level fromWire(String s) {
    for (Level l : values()) {
      if (l.name().equalsIgnoreCase(s)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown level '" + s + "': use none, blue, yellow, orange or red");
  }

  public boolean isAbove(Level other) {
    return compareTo(other) > 0;
  }
}
