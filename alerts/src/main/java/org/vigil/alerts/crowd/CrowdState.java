package org.vigil.alerts.crowd;

import java.util.HashMap;
import java.util.Map;
import org.vigil.alerts.rule.OpenAlert;

/**
 * Where {@link CrowdRules} keeps one camera's series and open alerts between frames. The Flink job backs it with keyed
 * state; {@link #inMemory()} is for tests and single-process use.
 */
public interface CrowdState {

  /** The open alert under {@code key} ({@code rule|subject}), or null. */
  OpenAlert open(String key);

  /** Stores ({@code alert != null}) or removes the open alert under {@code key}. */
  void setOpen(String key, OpenAlert alert);

  /** The series under {@code key}, empty when there is none yet. */
  Samples series(String key);

  void setSeries(String key, Samples samples);

  /** State in two hash maps. */
  static CrowdState inMemory() {
    Map<String, OpenAlert> open = new HashMap<>();
    Map<String, Samples> series = new HashMap<>();
    return new CrowdState() {
      @Override
      public OpenAlert open(String key) {
        return open.get(key);
      }

      @Override
      public void setOpen(String key, OpenAlert alert) {
        if (alert == null) {
          open.remove(key);
        } else {
          open.put(key, alert);
        }
      }

      @Override
      public Samples series(String key) {
        return series.getOrDefault(key, Samples.empty());
      }

      @Override
      public void setSeries(String key, Samples samples) {
        series.put(key, samples);
      }
    };
  }
}
