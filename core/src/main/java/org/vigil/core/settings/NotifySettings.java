package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.duration;
import static org.vigil.core.settings.SettingType.list;

import java.time.Duration;
import java.util.List;

/** Noise control of notifications: grouping, flapping, what goes at once, what is muted. */
public final class NotifySettings {

  public static final Setting<Duration> GROUP_WINDOW = Setting.of("VIGIL_NOTIFY_GROUP_WINDOW", duration(), "30s",
      "a site's group of alert changes closes this long (device time) after its newest member");
  public static final Setting<Duration> GROUP_MAX_WAIT = Setting.of("VIGIL_NOTIFY_GROUP_MAX_WAIT", duration(), "2m",
      "... and at the latest this long (device time) after its first member (at least the group window)");
  public static final Setting<Duration> GROUP_WALL_WAIT = Setting.of("VIGIL_NOTIFY_GROUP_WALL_WAIT", duration(),
      "10s", "... and at the latest this long of wall clock after its first member arrived, even when event time has"
          + " not got there (`0`: device time only)");
  public static final Setting<Integer> FLAP_CHANGES = Setting.of("VIGIL_NOTIFY_FLAP_CHANGES",
      SettingType.intRange(2, Integer.MAX_VALUE), "4",
      "changes of direction (up, down) of one alert within the flap window that mark it flapping");
  public static final Setting<Duration> FLAP_WINDOW = Setting.of("VIGIL_NOTIFY_FLAP_WINDOW",
      duration(Duration.ofMillis(1)), "1h", "the window flap changes are counted in (device time)");
  public static final Setting<Duration> FLAP_SETTLE = Setting.of("VIGIL_NOTIFY_FLAP_SETTLE",
      duration(Duration.ofMillis(1)), "30m",
      "a flapping alert's notifications are held until it has gone this long without a change; then one settled");
  public static final Setting<String> IMMEDIATE_LEVEL = Setting.of("VIGIL_NOTIFY_IMMEDIATE_LEVEL",
      SettingType.oneOf("none", "blue", "yellow", "orange", "red"), "red",
      "transitions at or above this level are sent at once, ahead of their site's group (`none`: all are grouped)");
  public static final Setting<List<String>> INHIBITING_RULES = Setting.of("VIGIL_NOTIFY_INHIBITING_RULES", list(), "",
      "comma-separated rule ids whose open alert on a sensor mutes that sensor's other notifications")
      .shownDefault("the start-up ruleset's deadman rules");

  private NotifySettings() {}
}
