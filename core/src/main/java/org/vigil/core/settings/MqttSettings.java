package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.list;
import static org.vigil.core.settings.SettingType.longRange;
import static org.vigil.core.settings.SettingType.path;
import static org.vigil.core.settings.SettingType.text;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vigil.core.topics.Topics;

/** The MQTT broker: where it is, what the job subscribes, and the identities parts connect as. */
public final class MqttSettings {

  /** The broker of local runs and the default of every part that connects to one. */
  public static final String DEFAULT_URL = "tcp://127.0.0.1:18830";

  /** The same broker with TLS, as {@code ./vigil run} starts it by default ({@code VIGIL_MQTT_SECURITY=on}). */
  public static final String DEFAULT_SECURE_URL = "ssl://127.0.0.1:18830";

  public static final Setting<URI> URL = Setting.of("VIGIL_MQTT_URL", SettingType.url("tcp", "ssl"), DEFAULT_URL,
      "MQTT broker the readings come from and alerts go to (`./vigil run` with security: `" + DEFAULT_SECURE_URL + "`)");
  public static final Setting<List<String>> TOPICS = Setting.of("VIGIL_MQTT_TOPICS", list(), Topics.READINGS_FILTER,
      "comma-separated topic filters of readings");
  public static final Setting<List<String>> FRAME_TOPICS = Setting.of("VIGIL_MQTT_FRAME_TOPICS", list(),
      Topics.FRAMES_FILTER, "comma-separated topic filters of camera frames (JPEG); `none`: not subscribed");
  public static final Setting<String> GROUP = Setting.of("VIGIL_MQTT_GROUP", text(), "vigil",
      "MQTT 5 shared-subscription group (`$share/<group>/...`)");
  public static final Setting<String> CLIENT_PREFIX = Setting.of("VIGIL_MQTT_CLIENT_PREFIX", text(), "vigil-monitor",
      "client id prefix of the readers (`-<split>` is appended)");
  public static final Setting<Long> SESSION_EXPIRY_S = Setting.of("VIGIL_MQTT_SESSION_EXPIRY_S",
      longRange(1, Long.MAX_VALUE), "3600", "how long the broker keeps a stopped job's session and its messages")
      .unit("s");
  public static final Setting<Long> MAX_UNACKED = Setting.of("VIGIL_MQTT_MAX_UNACKED", longRange(1, Integer.MAX_VALUE),
      "50000", "per reader: messages read but not yet acknowledged before reading pauses");
  public static final Setting<Duration> RECONNECT_TIMEOUT = Setting.of("VIGIL_MQTT_RECONNECT_TIMEOUT",
      SettingType.duration(), "5m", "a reader without a broker connection this long fails the job; `0`: retry forever");

  public static final Setting<Path> SECRETS_DIR = Setting.of("VIGIL_SECRETS_DIR", path(), "",
      "folder of `ca.crt` and `mqtt-<identity>.password` (infra/services.sh makes them): each part connects as its own"
          + " identity with that password file and trusts that CA").shownDefault("`$VIGIL_STATE_DIR/secrets` under"
          + " `./vigil run`");
  public static final Setting<String> USERNAME = Setting.of("VIGIL_MQTT_USERNAME", text(), "",
      "one MQTT identity for a process that is one part");
  public static final Setting<Path> PASSWORD_FILE = Setting.of("VIGIL_MQTT_PASSWORD_FILE", path(), "",
      "a file whose first line is that identity's password");
  public static final Setting<String> PASSWORD = Setting.of("VIGIL_MQTT_PASSWORD", text(), "",
      "that identity's password itself, when there is no file").asSecret();
  public static final Setting<Path> CA_FILE = Setting.of("VIGIL_MQTT_CA_FILE", path(), "",
      "PEM file of the CA that signed the broker's certificate (`ssl://` URLs); else `$VIGIL_SECRETS_DIR/ca.crt`");
  public static final Setting<String> PART_USERNAME = Setting.of("VIGIL_MQTT_<PART>_USERNAME", text(), "",
      "PART = `JOB`, `CONSOLE`, `TOOLS`, `SIMULATOR`: that part's identity, before `VIGIL_SECRETS_DIR`");
  public static final Setting<Path> PART_PASSWORD_FILE = Setting.of("VIGIL_MQTT_<PART>_PASSWORD_FILE", path(), "",
      "a file whose first line is that part's password");
  public static final Setting<String> PART_PASSWORD = Setting.of("VIGIL_MQTT_<PART>_PASSWORD", text(), "",
      "that part's password itself, when there is no file").asSecret();

  private MqttSettings() {}
}
