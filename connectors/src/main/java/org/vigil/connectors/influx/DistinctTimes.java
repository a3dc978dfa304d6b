package org.vigil.connectors.influx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gives every point of one writer a timestamp no earlier point of the same series took: InfluxDB keeps one point per
 * series and timestamp (millisecond precision here), so two events of one series in one millisecond would overwrite
 * each other. {@link #claim} returns the wanted time when it is free, else the next free millisecond after it. Memory
 * is bounded (the most recent {@code remembered} claims); a clash with a point older than that is not seen.
 *
 * <p>Sound only where one writer writes a series: the sink subtask that receives all of a key's records (a forward
 * connection from a keyed operator, or a sink of parallelism 1). Not thread-safe; one per sink subtask.
 */
public final class DistinctTimes {

  private final Map<String, Boolean> used;

  /** Remembers the last {@code remembered} claims. */
  public DistinctTimes(int remembered) {
    if (remembered < 1) {
      throw new IllegalArgumentException("remembered must be at least 1, got " + remembered);
    }
    this.used = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > remembered;
      }
    };
  }

  /** The time to store a point of {@code series} that happened at {@code wantedMs}: {@code wantedMs} or later. */
  public long claim(String series, long wantedMs) {
    long ts = wantedMs;
    while (used.putIfAbsent(series + '\u0000' + ts, Boolean.TRUE) != null) {
      ts++;
    }
    return ts;
  }
}
