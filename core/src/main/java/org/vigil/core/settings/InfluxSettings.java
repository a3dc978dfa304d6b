package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.longRange;
import static org.vigil.core.settings.SettingType.path;
import static org.vigil.core.settings.SettingType.text;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** InfluxDB: where it is, who writes, how writes are buffered and how long data is kept. */
public final class InfluxSettings {

  /** The database of local runs and the default of every part that reads or writes one. */
  public static final String DEFAULT_URL = "http://127.0.0.1:18086";

  public static final Setting<URI> URL = Setting.of("VIGIL_INFLUX_URL", SettingType.url("http", "https"), DEFAULT_URL,
      "InfluxDB 1.x HTTP API (or 2.x/3.x v1-compatible API)");
  public static final Setting<String> DB = Setting.of("VIGIL_INFLUX_DB", SettingType.text(), "vigil",
      "database (letters, digits, `_` or `-`), set up by `vigil influx setup` (`./vigil run` runs it first); the"
          + " job and the console do not create it");
  public static final Setting<String> USERNAME = Setting.of("VIGIL_INFLUX_USERNAME", text(), "",
      "InfluxDB user; empty: no authentication").formerly("VIGIL_INFLUX_USER")
      .shownDefault("empty (`./vigil run` with its own services: `vigil-job`)");
  public static final Setting<Path> PASSWORD_FILE = Setting.of("VIGIL_INFLUX_PASSWORD_FILE", path(), "",
      "a file whose first line is that user's password (the local services' are in"
          + " `.vigil/<instance>/secrets/influx-<user>.password`)");
  public static final Setting<String> PASSWORD = Setting.of("VIGIL_INFLUX_PASSWORD", text(), "",
      "the password itself, from the environment only, when there is no file; never a program argument (refused"
          + " there, since the process list shows arguments)").asSecret();

  public static final Setting<Duration> MAX_OUTAGE = Setting.of("VIGIL_INFLUX_MAX_OUTAGE", SettingType.duration(), "10m",
      "InfluxDB failing this long without one success fails the job; until then writes are retried with backoff");
  public static final Setting<Long> MAX_BUFFERED_LINES = Setting.of("VIGIL_INFLUX_MAX_BUFFERED_LINES",
      longRange(1, Long.MAX_VALUE), "500000",
      "per sink subtask: unwritten lines kept (memory and checkpoints) before input is slowed");
  public static final Setting<Duration> FLUSH_WAIT = Setting.of("VIGIL_INFLUX_FLUSH_WAIT", SettingType.duration(), "2s",
      "how long a checkpoint waits for a healthy InfluxDB to confirm what is buffered");
  public static final Setting<Long> CHECKPOINT_BACKLOG = Setting.of("VIGIL_INFLUX_CHECKPOINT_BACKLOG",
      longRange(0, Long.MAX_VALUE), "5000", "per sink subtask: lines a checkpoint may carry unconfirmed instead of"
          + " waiting for InfluxDB (about one batch in flight); `0`: wait until all are stored, which stalls the"
          + " per-sensor chain, and its alerts, for an InfluxDB round trip at every checkpoint");

  public static final Setting<Boolean> RETENTION = Setting.of("VIGIL_INFLUX_RETENTION", SettingType.bool(), "on",
      "`vigil influx setup` (run by `./vigil run` before the job, as `vigil-admin` for the local services; the job"
          + " itself runs no such statements) creates or updates the retention policies `raw` (default) and"
          + " `rollup_1m` and the 1-minute rollup continuous queries (run by a user that is not an admin, it checks"
          + " they exist and leaves them); `off` leaves the database's policies alone");
  /**
   * A retention as InfluxQL writes it ({@code 30d}, {@code 104w}, {@code INF}), from a duration of {@link Durations}'
   * syntax of at least an hour (InfluxDB's minimum) or {@code INF} (kept for ever).
   */
  public static final SettingType<String> RETENTION_DURATION = SettingType.of("duration or INF",
      "a duration of at least 1h such as 30d or 104w, or INF", s -> {
        if (s.equalsIgnoreCase("INF")) {
          return "INF";
        }
        Duration d = SettingType.duration(Duration.ofHours(1)).parse(s);
        long minutes = d.toMinutes();
        return minutes % (7 * 1440) == 0 ? minutes / (7 * 1440) + "w" : minutes % 1440 == 0 ? minutes / 1440 + "d"
            : minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
      });

  public static final Setting<String> RAW_RETENTION = Setting.of("VIGIL_INFLUX_RAW_RETENTION",
      RETENTION_DURATION, "30d", "how long raw points are kept (retention policy `raw`)");
  public static final Setting<String> ROLLUP_RETENTION = Setting.of("VIGIL_INFLUX_ROLLUP_RETENTION",
      RETENTION_DURATION, "104w", "how long the 1-minute rollups are kept (`rollup_1m`)");

  private InfluxSettings() {}
}
