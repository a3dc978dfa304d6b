package org.vigil.jobs.backtest;

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

  /** The query for one kind and time chunk, grouped by the tags so each series names its site and sensor. */
  public static String query(SensorKind kind, long fromMs, long toMs) {
    return "SELECT * FROM \"" + kind.wireName() + "\" WHERE time >= " + fromMs + "ms AND time < " + toMs
        + "ms GROUP BY \"site\", \"sensor\"";
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
