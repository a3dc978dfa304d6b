package org.vigil.jobs.backtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.vigil.connectors.influx.InfluxCredentials;
import org.vigil.jobs.monitoring.AnalyticsOptions;
import org.vigil.jobs.registry.DeviceHealthFunction;
import org.vigil.registry.HealthReplay;
import org.vigil.registry.Registry;

/**
 * What a backtest reads and how it compares.
 *
 * @param influxUrl InfluxDB 1.x HTTP API holding the readings (VIGIL_INFLUX_URL)
 * @param database its database (VIGIL_INFLUX_DB)
 * @param influx the InfluxDB user and where its password is ({@link InfluxCredentials#NONE}: none); the password is
 *     read when a client is made
 * @param fromMs start of the period reported, inclusive, epoch ms
 * @param toMs end of the period, exclusive, epoch ms
 * @param warmup history read before {@code fromMs} so that rolling windows and antecedent rain are primed; alerts
 *     that open in it are not reported (default 11 days: the antecedent-rain window of 10 days plus a day)
 * @param chunk length of one InfluxDB query per sensor kind (default 1 day)
 * @param parallelism of the local Flink job (default 1)
 * @param matchWithin how far apart the openings of two alerts of the same rule, subject and level may be for them
 *     to count as the same alert fired earlier or later, when they do not overlap (default 24 h)
 * @param analytics the analytics settings (from the same VIGIL_* environment as the job)
 * @param mode the command mode the proposed rules are judged in ({@link BacktestMode}), or null: daily (the rules
 *     compared against are always judged in daily mode)
 * @param registry the registry the health rules are replayed against ({@link HealthReplay}), or null: health rules
 *     are not replayed
 * @param healthEvery how often the health rules judge, in device time, as {@code VIGIL_DEVICE_HEALTH_INTERVAL} has the
 *     job judge them (default {@link DeviceHealthFunction#EVERY_MS})
 */
public record BacktestOptions(String influxUrl, String database, InfluxCredentials influx,
    long fromMs, long toMs, Duration warmup, Duration chunk, int parallelism, Duration matchWithin,
    AnalyticsOptions analytics, BacktestMode mode, Registry registry, Duration healthEvery) {

  /** Options of a backtest in daily mode, without a registry. */
  public BacktestOptions(String influxUrl, String database, InfluxCredentials influx,
      long fromMs, long toMs, Duration warmup, Duration chunk, int parallelism, Duration matchWithin,
      AnalyticsOptions analytics) {
    this(influxUrl, database, influx, fromMs, toMs, warmup, chunk, parallelism, matchWithin, analytics, null, null,
        Duration.ofMillis(DeviceHealthFunction.EVERY_MS));
  }

  /** The same options with the proposed rules judged in {@code m} (null: daily). */
  public BacktestOptions inMode(BacktestMode m) {
    return new BacktestOptions(influxUrl, database, influx, fromMs, toMs, warmup, chunk, parallelism, matchWithin,
        analytics, m, registry, healthEvery);
  }

  /** The same options with the health rules replayed against {@code r} (null: not replayed). */
  public BacktestOptions withRegistry(Registry r) {
    return new BacktestOptions(influxUrl, database, influx, fromMs, toMs, warmup, chunk, parallelism, matchWithin,
        analytics, mode, r, healthEvery);
  }

  /** The same options with the health rules judged every {@code every} (the job's VIGIL_DEVICE_HEALTH_INTERVAL). */
  public BacktestOptions withHealthInterval(Duration every) {
    return new BacktestOptions(influxUrl, database, influx, fromMs, toMs, warmup, chunk, parallelism, matchWithin,
        analytics, mode, registry, every);
  }

  /** Default warm-up. */
  public static final Duration DEFAULT_WARMUP = Duration.ofDays(11);

  /** Default query chunk. */
  public static final Duration DEFAULT_CHUNK = Duration.ofDays(1);

  /** Default matching window. */
  public static final Duration DEFAULT_MATCH_WITHIN = Duration.ofHours(24);

  /** Checks every field; throws {@link IllegalArgumentException} naming every problem. */
  public BacktestOptions validate() {
    List<String> p = new ArrayList<>();
    if (influxUrl == null || influxUrl.isBlank()) {
      p.add("no InfluxDB URL (--influx-url or VIGIL_INFLUX_URL)");
    }
    if (database == null || database.isBlank()) {
      p.add("no database (--db or VIGIL_INFLUX_DB)");
    }
    if (toMs <= fromMs) {
      p.add("--to must be after --from");
    }
    if (warmup == null || warmup.isNegative()) {
      p.add("--warmup must be 0 or more");
    }
    if (chunk == null || chunk.isNegative() || chunk.isZero()) {
      p.add("--chunk must be positive");
    }
    if (parallelism < 1) {
      p.add("--parallelism must be at least 1");
    }
    if (matchWithin == null || matchWithin.isNegative()) {
      p.add("--match-within must be 0 or more");
    }
    if (analytics == null) {
      p.add("no analytics settings");
    }
    if (healthEvery == null || healthEvery.toMillis() <= 0) {
      p.add("the health interval (VIGIL_DEVICE_HEALTH_INTERVAL) must be positive");
    }
    if (!p.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", p));
    }
    return this;
  }
}
