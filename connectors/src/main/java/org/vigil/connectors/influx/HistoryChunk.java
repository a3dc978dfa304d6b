package org.vigil.connectors.influx;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.vigil.core.SensorKind;

/**
 * One query's worth of history: one sensor kind over [{@code fromMs}, {@code toMs}). The backtest reads the period
 * (with its warm-up) as kinds x chunks so that no single response holds the whole history and progress can be told.
 *
 * @param kind sensor kind (the InfluxDB measurement)
 * @param fromMs start, inclusive, epoch ms
 * @param toMs end, exclusive, epoch ms
 */
public record HistoryChunk(SensorKind kind, long fromMs, long toMs) implements Serializable {

  /** The chunks covering [fromMs, toMs) for every kind, {@code chunkMs} long (the last one shorter), time first. */
  public static List<HistoryChunk> split(long fromMs, long toMs, long chunkMs) {
    if (toMs <= fromMs || chunkMs <= 0) {
      throw new IllegalArgumentException("need from < to and a positive chunk length: from " + fromMs + ", to "
          + toMs + ", chunk " + chunkMs + " ms");
    }
    List<HistoryChunk> out = new ArrayList<>();
    for (long start = fromMs; start < toMs; start += chunkMs) {
      long end = Math.min(toMs, start + chunkMs);
      for (SensorKind k : SensorKind.values()) {
        out.add(new HistoryChunk(k, start, end));
      }
    }
    return out;
  }
}
