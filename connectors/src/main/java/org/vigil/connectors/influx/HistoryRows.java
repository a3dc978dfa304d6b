package org.vigil.connectors.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;

/**
 * Turns the rows InfluxDB returns for a reading measurement back into {@link Reading}s: the inverse of
 * {@code InfluxEncoders.reading}. Measurement = kind, tags {@code site} and {@code sensor}, time = device time; every
 * numeric field is a measured value except the bookkeeping fields {@code battery_v}, {@code rssi} (put back in their
 * own places), {@code seq} and {@code late}. A row stored with {@code late=true} was left out of the live analytics,
 * so it is left out here too (counted by the caller as {@link Batch#lateSkipped()}).
 */
public final class HistoryRows {

  /** Fields that are not measured values. */
  public static final Set<String> BOOKKEEPING = Set.of("battery_v", "rssi", "seq", "late");

  /**
   * Readings of one query response.
   *
   * @param readings the readings, in the order InfluxDB returned them (per series, by time)
   * @param lateSkipped rows stored as late readings and left out
   */
  public record Batch(List<Reading> readings, long lateSkipped) {}

  private HistoryRows() {}

  /** Where a chunk of history is read from. */
  public enum Source {
    /** The raw points, retention policy {@code raw} (the default policy): every reading as stored. */
    RAW,
    /**
     * The 1-minute rollups, retention policy {@code rollup_1m}: one reading per sensor and minute, stamped at the
     * minute's start, with each field's mean ({@code mean_<field>}), and for rain the minute's sum ({@code
     * sum_rain_mm}).
     */
    ROLLUP_1M;

    /**
     * The source for a chunk starting at {@code fromMs}: the rollups when the raw points of that time are gone, i.e.
     * the chunk starts before {@code nowMs - rawRetention} (a chunk straddling that edge is read whole from the
     * rollups, which have it all); else the raw points.
     */
    public static Source forChunk(long fromMs, long nowMs, java.time.Duration rawRetention) {
      return fromMs < nowMs - rawRetention.toMillis() ? ROLLUP_1M : RAW;
    }
  }

  /** The query for one kind and time chunk of the raw points, grouped by site and sensor. */
  public static String query(SensorKind kind, long fromMs, long toMs) {
    return query(kind, fromMs, toMs, Source.RAW);
  }

  /** The query for one kind and time chunk from {@code source}, grouped by site and sensor. */
  public static String query(SensorKind kind, long fromMs, long toMs, Source source) {
    String from = source == Source.RAW ? "\"" + kind.wireName() + "\""
        : "\"" + org.vigil.connectors.influx.Retention.ROLLUP + "\".\"" + kind.wireName() + "\"";
    return "SELECT * FROM " + from + " WHERE time >= " + fromMs + "ms AND time < " + toMs
        + "ms GROUP BY \"site\", \"sensor\"";
  }

  /**
   * Converts a response of the rollups to readings: {@code sum_rain_mm} for rain and {@code mean_<field>} for every
   * other field become the reading's fields ({@code mean_battery_v} and {@code mean_rssi} its battery and signal);
   * the min, max and count columns and the rollup of {@code seq} and {@code late} are left out.
   */
  public static Batch rollupReadings(SensorKind kind, JsonNode response) {
    List<Reading> out = new ArrayList<>();
    for (JsonNode result : response.path("results")) {
      for (JsonNode series : result.path("series")) {
        String site = series.path("tags").path("site").asText("");
        String sensor = series.path("tags").path("sensor").asText("");
        if (site.isEmpty() || sensor.isEmpty()) {
          continue;
        }
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        for (JsonNode row : series.path("values")) {
          long time = 0;
          double battery = Double.NaN;
          double rssi = Double.NaN;
          Map<String, Double> values = new HashMap<>();
          for (int i = 0; i < columns.size(); i++) {
            String c = columns.get(i);
            JsonNode v = row.path(i);
            if (c.equals("time")) {
              time = v.asLong();
              continue;
            }
            if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
              continue;
            }
            String field = kind == SensorKind.RAIN && c.equals("sum_rain_mm") ? "rain_mm"
                : kind != SensorKind.RAIN && c.startsWith("mean_") ? c.substring(5) : null;
            if (field == null) {
              continue;
            }
            switch (field) {
              case "battery_v" -> battery = v.doubleValue();
              case "rssi" -> rssi = v.doubleValue();
              case "seq", "late" -> { }
              default -> values.put(field, v.doubleValue());
            }
          }
          if (!values.isEmpty()) {
            out.add(new Reading(site, kind, sensor, time, -1, values, battery, rssi, Map.of()));
          }
        }
      }
    }
    return new Batch(out, 0);
  }

  /** Converts a {@code /query} response ({@code epoch=ms}) of {@link #query} for this kind. */
  public static Batch readings(SensorKind kind, JsonNode response) {
    List<Reading> out = new ArrayList<>();
    long late = 0;
    for (JsonNode result : response.path("results")) {
      for (JsonNode series : result.path("series")) {
        String site = series.path("tags").path("site").asText("");
        String sensor = series.path("tags").path("sensor").asText("");
        if (site.isEmpty() || sensor.isEmpty()) {
          continue; // not written by Vigil: a reading always has both tags
        }
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        for (JsonNode row : series.path("values")) {
          Reading r = reading(kind, site, sensor, columns, row);
          if (r == null) {
            late++;
          } else if (!r.values().isEmpty()) {
            out.add(r);
          }
        }
      }
    }
    return new Batch(out, late);
  }

  /** One row as a reading; null when it was stored as a late reading. */
  static Reading reading(SensorKind kind, String site, String sensor, List<String> columns, JsonNode row) {
    long time = 0;
    long seq = -1;
    double battery = Double.NaN;
    double rssi = Double.NaN;
    Map<String, Double> values = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      String c = columns.get(i);
      JsonNode v = row.path(i);
      if (c.equals("time")) {
        time = v.asLong();
      } else if (c.equals("late")) {
        if (v.isBoolean() && v.booleanValue()) {
          return null;
        }
      } else if (v.isNumber()) {
        switch (c) {
          case "battery_v" -> battery = v.doubleValue();
          case "rssi" -> rssi = v.doubleValue();
          case "seq" -> seq = v.asLong();
          case "site", "sensor" -> { }
          default -> {
            if (Double.isFinite(v.doubleValue())) {
              values.put(c, v.doubleValue());
            }
          }
        }
      }
    }
    return new Reading(site, kind, sensor, time, seq, values, battery, rssi, Map.of());
  }
}
