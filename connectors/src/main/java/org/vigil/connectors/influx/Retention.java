package org.vigil.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigil's retention in InfluxDB 1.x: retention policy {@code raw} (default 30 days, the DEFAULT policy, so every write
 * without a policy lands there) and {@code rollup_1m} (default 104 weeks) filled by continuous queries with 1-minute
 * rollups, every tag kept ({@code GROUP BY time(1m), *}):
 *
 * <ul>
 *   <li>readings of {@code tilt}, {@code gnss}, {@code crack}, {@code pore}, {@code level}, and {@code derived} and
 *       {@code crowd}: {@code mean_<field>}, {@code min_<field>}, {@code max_<field>} of every numeric field;
 *   <li>{@code rain}: {@code sum_rain_mm} (the rain that fell in the minute), {@code max_rain_mm},
 *       {@code count_rain_mm};
 *   <li>{@code site_risk}: {@code max_level_rank}, {@code min_level_rank}, {@code max_open_alerts}.
 * </ul>
 *
 * The continuous queries run every minute over the last {@value #RESAMPLE_FOR} ({@code RESAMPLE EVERY 1m FOR 10m}),
 * so points that arrive up to ten minutes late are still rolled up; older backfills need {@link #backfill}.
 * {@link #apply} is idempotent: it creates what is missing and changes what differs (a policy's duration is altered,
 * a continuous query with another definition is dropped and created again); alerts, rule changes, webhook deliveries
 * and dead letters are not rolled up (their rows are the record; keep them with a longer raw retention if needed).
 */
public final class Retention {

  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  public static final String RAW = "raw";
  public static final String ROLLUP = "rollup_1m";
  static final String RESAMPLE_FOR = "10m";

  /** Measurements rolled up with mean/min/max of every numeric field. */
  public static final List<String> STATS_MEASUREMENTS =
      List.of("tilt", "gnss", "crack", "pore", "level", "derived", "crowd");

  private Retention() {}

  /** One rollup: a continuous query's name and its {@code SELECT ... INTO ... GROUP BY} (without a time range). */
  public record Rollup(String name, String select) {

    /** The same query over [{@code fromMs}, {@code toMs}): what the continuous query would have written. */
    public String over(long fromMs, long toMs) {
      int at = select.indexOf(" GROUP BY ");
      return select.substring(0, at) + " WHERE time >= " + fromMs + "ms AND time < " + toMs + "ms"
          + select.substring(at);
    }

    String createStatement(String db) {
      return "CREATE CONTINUOUS QUERY " + q(name) + " ON " + q(db) + " RESAMPLE EVERY 1m FOR " + RESAMPLE_FOR
          + " BEGIN " + select + " END";
    }
  }

  /** The rollups of database {@code db}. */
  public static List<Rollup> rollups(String db) {
    String into = q(db) + "." + q(ROLLUP);
    String from = q(db) + "." + q(RAW);
    return List.of(
        new Rollup("vigil_rollup_1m_stats", "SELECT mean(*), min(*), max(*) INTO " + into + ".:MEASUREMENT FROM "
            + from + "./^(" + String.join("|", STATS_MEASUREMENTS) + ")$/ GROUP BY time(1m), *"),
        new Rollup("vigil_rollup_1m_rain", "SELECT sum(rain_mm) AS sum_rain_mm, max(rain_mm) AS max_rain_mm,"
            + " count(rain_mm) AS count_rain_mm INTO " + into + ".\"rain\" FROM " + from + ".\"rain\""
            + " GROUP BY time(1m), *"),
        new Rollup("vigil_rollup_1m_site_risk", "SELECT max(level_rank) AS max_level_rank, min(level_rank) AS"
            + " min_level_rank, max(open_alerts) AS max_open_alerts INTO " + into + ".\"site_risk\" FROM " + from
            + ".\"site_risk\" GROUP BY time(1m), *"));
  }

  /**
   * Creates the database, both retention policies and the continuous queries, or brings them to {@code options}.
   *
   * @throws InfluxException when InfluxDB refuses (e.g. the user may not manage the database)
   */
  public static void apply(InfluxClient client, String db, RetentionOptions options) throws InterruptedException {
    client.createDatabase(db);
    policy(client, db, RAW, options.raw(), true);
    policy(client, db, ROLLUP, options.rollup(), false);
    for (Rollup r : rollups(db)) {
      String create = r.createStatement(db);
      try {
        client.query(null, create);
      } catch (InfluxQueryException e) {
        if (!alreadyExists(e)) {
          throw e;
        }
        client.query(null, "DROP CONTINUOUS QUERY " + q(r.name()) + " ON " + q(db));
        client.query(null, create);
        LOG.info("continuous query {} on '{}' replaced by the current definition", r.name(), db);
      }
    }
    LOG.info("InfluxDB '{}': retention policy {} ({}, default) and {} ({}), {} continuous queries with 1-minute"
        + " rollups", db, RAW, options.raw(), ROLLUP, options.rollup(), rollups(db).size());
  }

  /**
   * How long the raw points of {@code db} are kept, as the database says: the duration of its default retention
   * policy when that is {@code raw} with a finite duration and {@code rollup_1m} exists; empty otherwise (nothing is
   * ever rolled away: a database without Vigil's policies, or one that does not exist).
   */
  public static Optional<Duration> rawRetentionOf(InfluxClient client, String db)
      throws InterruptedException {
    JsonNode values;
    try {
      values = client.query(null, "SHOW RETENTION POLICIES ON " + q(db)).path("results").path(0).path("series")
          .path(0).path("values");
    } catch (InfluxException e) {
      return Optional.empty();
    }
    Duration raw = null;
    boolean rollup = false;
    for (JsonNode v : values) {
      String name = v.path(0).asText();
      rollup |= name.equals(ROLLUP);
      if (name.equals(RAW) && v.path(4).asBoolean()) {
        raw = goDuration(v.path(1).asText());
      }
    }
    return rollup && raw != null && !raw.isZero() ? Optional.of(raw) : Optional.empty();
  }

  /** InfluxDB's rendering of a duration, e.g. {@code 720h0m0s}; {@code 0s} is infinite (returned as zero). */
  static Duration goDuration(String s) {
    Matcher m = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not an InfluxDB duration: '" + s + "'");
    }
    return Duration.ofHours(m.group(1) == null ? 0 : Long.parseLong(m.group(1)))
        .plusMinutes(m.group(2) == null ? 0 : Long.parseLong(m.group(2)))
        .plusSeconds(m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
  }

  /** Runs every rollup over [{@code fromMs}, {@code toMs}) now (after a backfill of old readings, or in tests). */
  public static long backfill(InfluxClient client, String db, long fromMs, long toMs) throws InterruptedException {
    long written = 0;
    for (Rollup r : rollups(db)) {
      written += client.count(db, r.over(fromMs, toMs));
    }
    return written;
  }

  private static void policy(InfluxClient client, String db, String name, String duration, boolean isDefault)
      throws InterruptedException {
    String spec = " ON " + q(db) + " DURATION " + duration + " REPLICATION 1" + (isDefault ? " DEFAULT" : "");
    try {
      client.query(null, "CREATE RETENTION POLICY " + q(name) + spec);
    } catch (InfluxQueryException e) {
      if (!alreadyExists(e)) {
        throw e;
      }
      client.query(null, "ALTER RETENTION POLICY " + q(name) + spec);
      LOG.info("retention policy {} on '{}' altered to {}{}", name, db, duration, isDefault ? ", default" : "");
    }
  }

  private static boolean alreadyExists(InfluxQueryException e) {
    return e.getMessage() != null && e.getMessage().toLowerCase(Locale.ROOT).contains("already exists");
  }

  private static String q(String identifier) {
    return InfluxClient.quoteIdentifier(identifier);
  }

  /** The statements {@link #apply} would run on an empty server, for documentation and operators' scripts. */
  public static List<String> statements(String db, RetentionOptions options) {
    List<String> out = new ArrayList<>();
    out.add("CREATE DATABASE " + q(db));
    out.add("CREATE RETENTION POLICY " + q(RAW) + " ON " + q(db) + " DURATION " + options.raw() + " REPLICATION 1"
        + " DEFAULT");
    out.add("CREATE RETENTION POLICY " + q(ROLLUP) + " ON " + q(db) + " DURATION " + options.rollup()
        + " REPLICATION 1");
    rollups(db).forEach(r -> out.add(r.createStatement(db)));
    return out;
  }
}
