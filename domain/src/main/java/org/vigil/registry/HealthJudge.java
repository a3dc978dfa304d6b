package org.vigil.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.vigil.alerts.rules.AlertIds;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;

/**
 * Judges device health ({@link DeviceHealth}, per device, site and region) by the ruleset's health rules
 * ({@link HealthRule}) and gives the alert transitions, Flink-free (the caller keeps a {@link HealthRuleState} per
 * rule and subject).
 *
 * <p>The level judged is the highest whose {@code below} threshold the figure is under; a level in force stays while
 * the figure is under its threshold plus the rule's hysteresis. A higher level is raised once it has been judged
 * without a break for the rule's {@code for} (to the level judged then); a lower one (or none) takes effect at once.
 * A figure that is not known (a share while no report is expected yet, a battery never reported) changes nothing.
 *
 * <p>Alerts are addressed as {@link HealthAlerts} says: rule {@code health.<name>}; a device's to its site, a site's
 * to itself, a region's to the pseudo-site {@code _region-<id>}.
 */
public final class HealthJudge {

  private HealthJudge() {}

  /** Whether {@code rule} judges {@code h} (its scope). */
  public static boolean applies(HealthRule rule, DeviceHealth h) {
    return rule.scope().wireName().equals(h.scope());
  }

  /** The alert's site field for {@code h}: the device's or site's site, or the region's pseudo-site. */
  public static String site(DeviceHealth h) {
    return "region".equals(h.scope()) ? HealthAlerts.regionSite(h.id()) : h.site();
  }

  /** The alert's subject for {@code h}: the device, the site id, or the region's pseudo-site. */
  public static String subject(DeviceHealth h) {
    return "region".equals(h.scope()) ? HealthAlerts.regionSite(h.id()) : h.id();
  }

  /** The figure {@code metric} of {@code h}, NaN when it is not known. */
  public static double value(HealthRule.Metric metric, DeviceHealth h) {
    return switch (metric) {
      case ONLINE_SHARE -> h.devices() == 0 ? Double.NaN : h.onlineShare();
      case REPORTS_TODAY_SHARE -> h.shareToday();
      case REPORTS_MONTH_SHARE -> h.shareMonth();
      case BATTERY_V -> h.batteryV();
      case RSSI_DBM -> h.rssi();
    };
  }

  /** The level the figure {@code v} is judged at while {@code current} is in force (with hysteresis). */
  static Level levelOf(HealthRule rule, double v, Level current) {
    for (int i = Level.ALERT_LEVELS.length - 1; i >= 0; i--) {
      Level l = Level.ALERT_LEVELS[i];
      double below = rule.below(l);
      if (Double.isNaN(below)) {
        continue;
      }
      if (v < below || (!l.isAbove(current) && v < below + rule.hysteresis())) {
        return l;
      }
    }
    return Level.NONE;
  }

  /** Judges {@code h} by {@code rule}: the transition it makes, if any. {@code s} is updated. */
  public static Optional<AlertEvent> judge(HealthRule rule, HealthRuleState s, DeviceHealth h) {
    double v = value(rule.metric(), h);
    s.site = site(h);
    s.subject = subject(h);
    s.label = h.name();
    if (Double.isNaN(v)) {
      return Optional.empty();
    }
    s.lastValue = v;
    s.lastAtMs = h.atMs();
    Level current = Level.values()[s.level];
    Level judged = levelOf(rule, v, current);
    long now = h.atMs();
    if (judged.isAbove(current)) {
      if (s.pendingSinceMs == Long.MIN_VALUE) {
        s.pendingSinceMs = now;
      }
      if (now - s.pendingSinceMs < rule.holdMs()) {
        return Optional.empty();
      }
    }
    s.pendingSinceMs = Long.MIN_VALUE;
    if (judged == current) {
      return Optional.empty();
    }
    AlertState state;
    double threshold;
    String text;
    if (current == Level.NONE) {
      s.openedMs = now;
      state = AlertState.OPENED;
      threshold = rule.below(judged);
      text = describe(rule, h, v) + ", below " + rule.metric().format(threshold);
    } else if (judged.isAbove(current)) {
      state = AlertState.ESCALATED;
      threshold = rule.below(judged);
      text = describe(rule, h, v) + ", below " + rule.metric().format(threshold);
    } else if (judged != Level.NONE) {
      state = AlertState.DE_ESCALATED;
      threshold = rule.below(current) + rule.hysteresis();
      text = describe(rule, h, v) + ", no longer below " + rule.metric().format(rule.below(current)) + " (at least "
          + rule.metric().format(threshold) + "); still below " + rule.metric().format(rule.below(judged));
    } else {
      state = AlertState.RESOLVED;
      threshold = rule.below(current) + rule.hysteresis();
      text = describe(rule, h, v) + ", recovered (at least " + rule.metric().format(threshold) + ")";
    }
    AlertEvent e = new AlertEvent(AlertIds.of(rule.alertRule(), s.subject, s.openedMs), rule.alertRule(), s.site,
        s.subject, judged, current, state, v, threshold, s.openedMs, now,
        text + ": " + current.wireName() + " -> " + judged.wireName(), details(h), null);
    s.level = judged.ordinal();
    if (judged == Level.NONE) {
      s.openedMs = Long.MIN_VALUE;
    }
    return Optional.of(e);
  }

  /**
   * Resolves the open alert of {@code s} at {@code atMs} because of {@code why} (the rule was removed from the
   * ruleset, the subject left the registry); nothing when none is open. {@code s} is reset.
   */
  public static Optional<AlertEvent> resolve(String alertRule, HealthRuleState s, long atMs, String why) {
    s.pendingSinceMs = Long.MIN_VALUE;
    if (!s.isOpen()) {
      return Optional.empty();
    }
    Level was = Level.values()[s.level];
    long at = Math.max(atMs, s.openedMs);
    AlertEvent e = new AlertEvent(AlertIds.of(alertRule, s.subject, s.openedMs), alertRule, s.site, s.subject,
        Level.NONE, was, AlertState.RESOLVED, Double.isNaN(s.lastValue) ? 0 : s.lastValue, 0, s.openedMs, at,
        s.label + ": " + why + ": " + was.wireName() + " -> none", Map.of(), null);
    s.level = 0;
    s.openedMs = Long.MIN_VALUE;
    return Optional.of(e);
  }

  /**
   * The figure in words: {@code East Township: 7 of 10 devices online (70 %)}, {@code Upper Hill: 45 of 60 expected
   * reports received today (75 %)}, {@code s1/rain/r1: battery 3.31 V}.
   */
  static String describe(HealthRule rule, DeviceHealth h, double v) {
    String f = rule.metric().format(v);
    String what = switch (rule.metric()) {
      case ONLINE_SHARE -> h.devices() == 1 && "device".equals(h.scope())
          ? (h.online() == 1 ? "online" : "offline") + " (" + f + ")"
          : h.online() + " of " + h.devices() + " devices online (" + f + ")";
      case REPORTS_TODAY_SHARE -> h.reportsToday() + " of " + h.expectedToday() + " expected reports received today ("
          + f + ")";
      case REPORTS_MONTH_SHARE -> h.reportsMonth() + " of " + h.expectedMonth()
          + " expected reports received this month (" + f + ")";
      case BATTERY_V -> "battery " + f;
      case RSSI_DBM -> "signal " + f;
    };
    return h.name() + ": " + what;
  }

  private static Map<String, Double> details(DeviceHealth h) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("devices", (double) h.devices());
    d.put("online", (double) h.online());
    d.put("reports_today", (double) h.reportsToday());
    d.put("expected_today", (double) h.expectedToday());
    d.put("reports_month", (double) h.reportsMonth());
    d.put("expected_month", (double) h.expectedMonth());
    return d;
  }
}
