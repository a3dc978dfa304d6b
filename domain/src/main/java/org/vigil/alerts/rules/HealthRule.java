package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;

/**
 * One rule of the ruleset's {@code health:} section: a figure of the device health the job computes (per device, site
 * or region), judged against a threshold per alert level. Every metric is "less is worse", so each level has a
 * {@code below} threshold, lower for a higher level. A level is raised once the figure has stayed below a higher
 * level's threshold for {@code for} ({@link #holdMs}); it falls back (or clears) only once the figure is at least the
 * level's threshold plus {@link #hysteresis}.
 *
 * @param name the rule's name, {@code [a-z0-9-]+}, unique in the section; its alerts' rule is {@code health.<name>}
 * @param description words for people (may be empty)
 * @param scope what is judged: every device, site or region of the registry
 * @param metric the figure judged
 * @param blueBelow threshold of blue, in the metric's unit (shares as fractions 0-1); NaN when the level is unused
 * @param yellowBelow of yellow
 * @param orangeBelow of orange
 * @param redBelow of red
 * @param hysteresis how far above a level's threshold the figure must be for that level to end, metric unit
 * @param holdMs how long the figure must stay below a higher level's threshold before that level is raised, ms
 */
public record HealthRule(String name, String description, Scope scope, Metric metric, double blueBelow,
    double yellowBelow, double orangeBelow, double redBelow, double hysteresis, long holdMs) implements Serializable {

  /** What a health rule judges. */
  public enum Scope {
    DEVICE, SITE, REGION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The figures a health rule may judge. */
  public enum Metric {
    /** Devices online ÷ devices (reporting within their no-data silence). */
    ONLINE_SHARE("online_share", true, 0.05),
    /** Reports received ÷ expected so far today (UTC). */
    REPORTS_TODAY_SHARE("reports_today_share", true, 0.05),
    /** Reports received ÷ expected so far this month (UTC). */
    REPORTS_MONTH_SHARE("reports_month_share", true, 0.05),
    /** A device's newest battery voltage, V (devices only). */
    BATTERY_V("battery_v", false, 0.1),
    /** A device's newest signal strength, dBm (devices only). */
    RSSI_DBM("rssi_dbm", false, 5);

    private final String wire;
    private final boolean share;
    private final double defaultHysteresis;

    Metric(String wire, boolean share, double defaultHysteresis) {
      this.wire = wire;
      this.share = share;
      this.defaultHysteresis = defaultHysteresis;
    }

    public String wireName() {
      return wire;
    }

    /** A share (0-1, written as a percentage in rulesets and texts). */
    public boolean share() {
      return share;
    }

    /** The hysteresis when a rule gives none: 5 percentage points, 0.1 V, 5 dB. */
    public double defaultHysteresis() {
      return defaultHysteresis;
    }

    /** Only a device has it (site and region roll-ups do not). */
    public boolean deviceOnly() {
      return !share;
    }

    /** The metric of a ruleset name, or null. */
    public static Metric fromWire(String s) {
      for (Metric m : values()) {
        if (m.wire.equals(s)) {
          return m;
        }
      }
      return null;
    }

    /** A value of this metric as written in texts: {@code 70 %}, {@code 3.31 V}, {@code -118 dBm}. */
    public String format(double v) {
      if (share) {
        return number(v * 100, 1) + " %";
      }
      return number(v, 2) + (this == BATTERY_V ? " V" : " dBm");
    }

    /** {@code v} with at most {@code decimals} decimals, no trailing zeros: 70, 66.7, 3.31. */
    static String number(double v, int decimals) {
      return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
          .toPlainString();
    }
  }

  public HealthRule {
    description = description == null ? "" : description;
    if (holdMs < 0 || hysteresis < 0) {
      throw new IllegalArgumentException("hold and hysteresis must not be negative");
    }
  }

  /** The rule of its alerts: {@code health.<name>}. */
  public String alertRule() {
    return HealthAlerts.rule(name);
  }

  /** The threshold of {@code level}; NaN when the rule does not use it (and for {@link Level#NONE}). */
  public double below(Level level) {
    return switch (level) {
      case BLUE -> blueBelow;
      case YELLOW -> yellowBelow;
      case ORANGE -> orangeBelow;
      case RED -> redBelow;
      default -> Double.NaN;
    };
  }

  /** {@code region online_share below yellow 90 %, orange 75 % for 10m (hysteresis 5 %)}: for diffs. */
  @Override
  public String toString() {
    List<String> levels = new ArrayList<>();
    for (Level l : Level.ALERT_LEVELS) {
      if (!Double.isNaN(below(l))) {
        levels.add(l.wireName() + " " + metric.format(below(l)));
      }
    }
    return scope.wireName() + " " + metric.wireName() + " below " + String.join(", ", levels)
        + (holdMs > 0 ? " for " + EscalationPolicy.human(holdMs) : "")
        + " (hysteresis " + (metric.share() ? Metric.number(hysteresis * 100, 1) + " %" : metric.format(hysteresis))
        + ")";
  }

  /** {@code Duration} of the hold. */
  public Duration hold() {
    return Duration.ofMillis(holdMs);
  }
}
