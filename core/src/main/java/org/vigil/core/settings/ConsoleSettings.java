package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.duration;
import static org.vigil.core.settings.SettingType.intRange;

import java.nio.file.Path;
import java.time.Duration;

/** The monitoring-center console. */
public final class ConsoleSettings {

  public static final Setting<Path> USERS = Setting.of("VIGIL_CONSOLE_USERS", SettingType.path(), "",
      "the console's users file (YAML, hashed passwords; `./vigil console hash-password` makes entries)")
      .shownDefault("required (`./vigil run`: `console/demo-users.yaml`)");
  public static final Setting<String> BIND = Setting.of("VIGIL_CONSOLE_BIND", SettingType.text(), "127.0.0.1",
      "address the console listens on");
  public static final Setting<Integer> PORT = Setting.of("VIGIL_CONSOLE_PORT", intRange(0, 65535), "18092",
      "its port; `0` picks a free one");
  public static final Setting<Duration> SESSION_IDLE = Setting.of("VIGIL_CONSOLE_SESSION_IDLE",
      duration(Duration.ofMillis(1)), "12h", "a session ends after this long without a request");
  public static final Setting<Integer> CLIENT_QUEUE = Setting.of("VIGIL_CONSOLE_CLIENT_QUEUE", intRange(10, 1_000_000),
      "2000", "events queued per browser before the oldest are dropped");
  public static final Setting<Integer> REPLAY = Setting.of("VIGIL_CONSOLE_REPLAY", intRange(10, 10_000_000), "10000",
      "events kept for browsers that reconnect");
  public static final Setting<Duration> HEARTBEAT = Setting.of("VIGIL_CONSOLE_HEARTBEAT",
      duration(Duration.ofMillis(1)), "15s", "a comment line on an idle event stream this often");
  public static final Setting<Duration> READINGS_PERIOD = Setting.of("VIGIL_CONSOLE_READINGS_PERIOD",
      duration(Duration.ofMillis(1)), "1s", "changed sensor values are sent in one batch this often");

  private ConsoleSettings() {}
}
