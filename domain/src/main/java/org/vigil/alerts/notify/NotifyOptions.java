package org.vigil.alerts.notify;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.vigil.alerts.rules.RuleDef;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.core.Level;
import org.vigil.core.settings.ConfigException;
import org.vigil.core.settings.NotifySettings;
import org.vigil.core.settings.SettingsReader;

/**
 * Settings of {@link NoiseControl}, all in device time.
 *
 * @param flapChanges changes of direction of one alert within {@code flapWindow} (up: opened, escalated; down:
 *     de-escalated, resolved; its first change counts as one) at which it counts as flapping; default 4
 * @param flapWindow the window those changes are counted in; default 1 h
 * @param flapSettle how long a flapping alert must go without a change to settle; default 30 min
 * @param groupWindow a site's group closes this long after its newest member; default 30 s
 * @param groupMaxWait ... and at the latest this long after its first; default 2 min
 * @param inhibitingRules ids of rules whose open alert on a sensor mutes that sensor's other alerts (the deadman
 *     rules, see {@link #deadmanRules}); default none
 * @param groupWallWait wall-clock bound on a group: it is sent at the latest this long after its first member
 *     arrived, even when event time (the watermark, which trails the newest reading by the allowed out-of-orderness)
 *     has not reached its close; default 10 s. Zero: no bound (groups close in event time only; replays then group
 *     exactly alike). With the bound, a replay whose watermark runs faster may group differently.
 * @param immediateLevel transitions at or above this level ({@link org.vigil.core.AlertEvent#notifyLevel()}: the
 *     new level, or the level left for a resolve) are sent at once, ahead of their site's group: nobody should wait
 *     for a group to close to hear of a red alert; default red. {@link Level#NONE}: none is sent ahead.
 */
public record NotifyOptions(
    int flapChanges,
    Duration flapWindow,
    Duration flapSettle,
    Duration groupWindow,
    Duration groupMaxWait,
    Set<String> inhibitingRules,
    Duration groupWallWait,
    Level immediateLevel)
    implements Serializable {

  /** Options that send nothing ahead of its group ({@code immediateLevel} none). */
  public NotifyOptions(int flapChanges, Duration flapWindow, Duration flapSettle, Duration groupWindow,
      Duration groupMaxWait, Set<String> inhibitingRules, Duration groupWallWait) {
    this(flapChanges, flapWindow, flapSettle, groupWindow, groupMaxWait, inhibitingRules, groupWallWait, Level.NONE);
  }

  /** Options without a wall-clock bound on groups (event time only). */
  public NotifyOptions(int flapChanges, Duration flapWindow, Duration flapSettle, Duration groupWindow,
      Duration groupMaxWait, Set<String> inhibitingRules) {
    this(flapChanges, flapWindow, flapSettle, groupWindow, groupMaxWait, inhibitingRules, Duration.ZERO);
  }

  public static final int DEFAULT_FLAP_CHANGES = NotifySettings.FLAP_CHANGES.defaultValue();
  public static final Duration DEFAULT_FLAP_WINDOW = NotifySettings.FLAP_WINDOW.defaultValue();
  public static final Duration DEFAULT_FLAP_SETTLE = NotifySettings.FLAP_SETTLE.defaultValue();
  public static final Duration DEFAULT_GROUP_WINDOW = NotifySettings.GROUP_WINDOW.defaultValue();
  public static final Duration DEFAULT_GROUP_MAX_WAIT = NotifySettings.GROUP_MAX_WAIT.defaultValue();
  public static final Duration DEFAULT_GROUP_WALL_WAIT = NotifySettings.GROUP_WALL_WAIT.defaultValue();
  public static final Level DEFAULT_IMMEDIATE_LEVEL = Level.fromWire(NotifySettings.IMMEDIATE_LEVEL.defaultValue());

  /** Validates; throws {@link ConfigException} listing every problem. */
  public NotifyOptions {
    inhibitingRules = inhibitingRules == null ? Set.of() : Set.copyOf(inhibitingRules);
    immediateLevel = immediateLevel == null ? Level.NONE : immediateLevel;
    List<String> p = new ArrayList<>();
    if (flapChanges < 2) {
      p.add("VIGIL_NOTIFY_FLAP_CHANGES must be at least 2, got " + flapChanges);
    }
    positive(p, "VIGIL_NOTIFY_FLAP_WINDOW", flapWindow);
    positive(p, "VIGIL_NOTIFY_FLAP_SETTLE", flapSettle);
    if (groupWindow == null || groupWindow.isNegative()) {
      p.add("VIGIL_NOTIFY_GROUP_WINDOW must be zero or positive, got " + groupWindow);
    }
    groupWallWait = groupWallWait == null ? Duration.ZERO : groupWallWait;
    if (groupWallWait.isNegative()) {
      p.add("VIGIL_NOTIFY_GROUP_WALL_WAIT must be zero or positive, got " + groupWallWait);
    }
    if (groupMaxWait == null || groupWindow != null && groupMaxWait.compareTo(groupWindow) < 0) {
      p.add("VIGIL_NOTIFY_GROUP_MAX_WAIT must be at least VIGIL_NOTIFY_GROUP_WINDOW, got " + groupMaxWait);
    }
    if (!p.isEmpty()) {
      throw new ConfigException("invalid notification settings", p);
    }
  }

  public static NotifyOptions defaults() {
    return new NotifyOptions(DEFAULT_FLAP_CHANGES, DEFAULT_FLAP_WINDOW, DEFAULT_FLAP_SETTLE, DEFAULT_GROUP_WINDOW,
        DEFAULT_GROUP_MAX_WAIT, Set.of(), DEFAULT_GROUP_WALL_WAIT, DEFAULT_IMMEDIATE_LEVEL);
  }

  /** Whether a transition of this notify level is sent at once rather than grouped. */
  public boolean immediate(Level notifyLevel) {
    return immediateLevel != Level.NONE && !immediateLevel.isAbove(notifyLevel);
  }

  /**
   * Reads the {@code VIGIL_NOTIFY_*} settings ({@link NotifySettings}); a missing key keeps its default.
   *
   * @throws ConfigException listing every unreadable or invalid value
   */
  public static NotifyOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    NotifyOptions o = read(r);
    r.check();
    return o;
  }

  /** Reads the settings into {@code r}, which collects the problems; the defaults when they do not fit together. */
  public static NotifyOptions read(SettingsReader r) {
    Level immediate = Level.fromWire(r.get(NotifySettings.IMMEDIATE_LEVEL));
    try {
      return new NotifyOptions(r.get(NotifySettings.FLAP_CHANGES), r.get(NotifySettings.FLAP_WINDOW),
          r.get(NotifySettings.FLAP_SETTLE), r.get(NotifySettings.GROUP_WINDOW), r.get(NotifySettings.GROUP_MAX_WAIT),
          new LinkedHashSet<>(r.get(NotifySettings.INHIBITING_RULES)), r.get(NotifySettings.GROUP_WALL_WAIT),
          immediate);
    } catch (ConfigException e) {
      r.add(e);
      return defaults();
    }
  }

  /** The same options with these inhibiting rules. */
  public NotifyOptions withInhibitingRules(Collection<String> ruleIds) {
    return new NotifyOptions(flapChanges, flapWindow, flapSettle, groupWindow, groupMaxWait, Set.copyOf(ruleIds),
        groupWallWait, immediateLevel);
  }

  /** Ids of a ruleset's rules whose condition is {@code deadman}: the natural inhibiting rules. */
  public static Set<String> deadmanRules(RuleSet rules) {
    return rules.rules().stream().filter(r -> "deadman".equals(r.condition().type())).map(RuleDef::id)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static void positive(List<String> p, String key, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      p.add(key + " must be positive, got " + d);
    }
  }
}
