package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.bool;
import static org.vigil.core.settings.SettingType.duration;
import static org.vigil.core.settings.SettingType.intRange;
import static org.vigil.core.settings.SettingType.list;
import static org.vigil.core.settings.SettingType.longRange;
import static org.vigil.core.settings.SettingType.path;
import static org.vigil.core.settings.SettingType.text;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.vigil.core.topics.Topics;

/** The monitoring job: its input, event time, checkpoints, rules and control topics. */
public final class JobSettings {

  private static final long MAX = Long.MAX_VALUE;

  public static final Setting<List<String>> SITES = Setting.of("VIGIL_SITES", list(), "",
      "comma-separated known site ids; readings from other sites are dead-lettered (console: sites shown before any of"
          + " their data arrives)").shownDefault("empty (any)");
  public static final Setting<Path> RULES_FILE = Setting.of("VIGIL_RULES_FILE", path(), "",
      "the ruleset the job starts with (YAML)").shownDefault("empty: `infra/rules/default.yaml`");
  public static final Setting<String> RULES_TOPIC = Setting.of("VIGIL_RULES_TOPIC", text(), Topics.RULES,
      "rulesets are published retained on `<topic>/<MQTT identity>` (`vigil rules publish`; the job reads `<topic>/#`,"
          + " the newest version wins); decisions on `<topic>/status`; `none`: fixed rules");
  public static final Setting<Path> REGISTRY_FILE = Setting.of("VIGIL_REGISTRY_FILE", path(), "",
      "the registry of regions, sites and devices the job starts with (YAML); empty or `none`: no registry (every site"
          + " and device accepted, no region roll-up, no no-data watch of registered devices)");
  public static final Setting<String> REGISTRY_TOPIC = Setting.of("VIGIL_REGISTRY_TOPIC", text(), Topics.REGISTRY,
      "registry versions are published retained on `<topic>/<MQTT identity>` (`vigil registry publish`); decisions on"
          + " `<topic>/status`; `none`: the registry is fixed");
  public static final Setting<Duration> DEVICE_HEALTH_INTERVAL = Setting.of("VIGIL_DEVICE_HEALTH_INTERVAL",
      duration(Duration.ofSeconds(1)), "1m", "with a registry: how often (wall clock) the health of every device, site"
          + " and region is computed, stored in `device_health` and judged by the ruleset's `health:` rules");
  public static final Setting<String> ACK_TOPIC = Setting.of("VIGIL_ACK_TOPIC", text(), Topics.ACK,
      "operators' acknowledgements (JSON, not retained), each sender on `<topic>/<its MQTT identity>` (the job reads"
          + " `<topic>/#`); answers go to `vigil/{site}/acks`; `none`: no acks");
  public static final Setting<String> SILENCES_TOPIC = Setting.of("VIGIL_SILENCES_TOPIC", text(),
      Topics.below(Topics.SILENCES), "retained silences (maintenance windows) on"
          + " `vigil/config/silences/<MQTT identity>/<id>`; an empty retained message lifts one; `none`: no silences");

  public static final Setting<Long> MAX_OUT_OF_ORDER_MS = Setting.of("VIGIL_MAX_OUT_OF_ORDER_MS", longRange(1, MAX),
      "300000", "how far the watermark trails the newest device time; it drives noise control's group windows only"
          + " (lateness, copies and order are judged per sensor)").unit("ms");
  public static final Setting<Long> DUPLICATE_HORIZON_MS = Setting.of("VIGIL_DUPLICATE_HORIZON_MS",
      longRange(1, MAX), "3600000", "a copy of a reading (same sensor, device time and seq) is recognised this far"
          + " behind the sensor's newest device time: dead-lettered as duplicate, not stored again").unit("ms");
  public static final Setting<Long> WATERMARK_IDLENESS_MS = Setting.of("VIGIL_WATERMARK_IDLENESS_MS",
      longRange(1, MAX), "60000", "a reader without readings this long stops holding back event time").unit("ms");
  public static final Setting<Long> ANALYTICS_MAX_WAIT_MS = Setting.of("VIGIL_ANALYTICS_MAX_WAIT_MS",
      longRange(1, MAX), "5000", "a held reading of a sensor (a backfill, a replay, a reading that skips a `seq`)"
          + " waits this long after its arrival for older ones still on the other reader, then goes on with every"
          + " older held one, oldest first; keep it above the readers' skew (a checkpoint interval and its duration)")
      .unit("ms");
  public static final Setting<Long> ANALYTICS_BURST_GAP_MS = Setting.of("VIGIL_ANALYTICS_BURST_GAP_MS",
      longRange(0, MAX), "250", "a sensor's reading arriving at least this long after its previous one, with no more"
          + " lag (arrival minus device time) than it, goes on at once; closer ones are held").unit("ms");
  public static final Setting<Long> ANALYTICS_FRESH_MS = Setting.of("VIGIL_ANALYTICS_FRESH_MS", longRange(0, MAX),
      "3000", "a reading whose device time is within this of the job's clock goes on at once, however close to its"
          + " predecessor it arrives; also the lag growth the burst-gap rule allows (`0`: off)").unit("ms");
  public static final Setting<Duration> DERIVED_INTERVAL = Setting.of("VIGIL_DERIVED_INTERVAL", duration(), "5m",
      "device time between two stored `derived` points of one sensor (`0`: every reading); rules judge every reading"
          + " regardless");
  public static final Setting<Long> MAX_READING_AGE_MS = Setting.of("VIGIL_MAX_READING_AGE_MS", longRange(1, MAX),
      "2592000000", "readings older than this before the receiving clock (30 days, the raw retention) are rejected as"
          + " `timestamp_too_old`").unit("ms");
  public static final Setting<Integer> MAX_FRAME_BYTES = Setting.of("VIGIL_MAX_FRAME_BYTES",
      intRange(1, Integer.MAX_VALUE), "2097152", "largest camera frame accepted").unit("bytes");
  public static final Setting<String> INCLINOMETERS = Setting.of("VIGIL_INCLINOMETERS", text(), "",
      "inclinometer geometry, `<sensorId or site/sensorId>=<length m>[:<zero x°>:<zero y°>]`, comma-separated");

  public static final Setting<Long> CHECKPOINT_INTERVAL_MS = Setting.of("VIGIL_CHECKPOINT_INTERVAL_MS",
      longRange(1, MAX), "2000", "checkpoint interval: acknowledgements and InfluxDB flushes follow it").unit("ms");
  public static final Setting<Long> BUFFER_TIMEOUT_MS = Setting.of("VIGIL_BUFFER_TIMEOUT_MS", longRange(1, MAX), "25",
      "longest a record waits in a network buffer between operators; Flink's default 100 ms applies at each of the"
          + " four hops between a reading and its webhook").unit("ms");
  public static final Setting<Path> CHECKPOINT_DIR = Setting.of("VIGIL_CHECKPOINT_DIR", path(), ".vigil/checkpoints",
      "checkpoint storage of local runs");
  public static final Setting<Boolean> RESTORE = Setting.of("VIGIL_RESTORE", bool(), "true",
      "local runs resume from the newest completed checkpoint in `VIGIL_CHECKPOINT_DIR` (`false`: start empty)");
  public static final Setting<Integer> PARALLELISM = Setting.of("VIGIL_PARALLELISM", intRange(1, 1024), "2",
      "parallelism of local runs");

  private JobSettings() {}
}
