package org.vigil.alerts.crowd;

import java.util.HashMap;
import java.util.Map;
import org.vigil.alerts.rules.RuleState;

/**
 * Where {@link CrowdRules} keeps one camera's series and its rules' states between frames. The Flink job backs it
 * with keyed state; {@link #inMemory()} is for tests, the backtest's replay and single-process use.
 */
public interface CrowdState {

  /** The rule state under {@code key} ({@code ruleId|subject}), or null. */
  RuleState rule(String key);

  /** Stores the rule state under {@code key}. */
  void setRule(String key, RuleState state);

  /** The series under {@code key}, empty when there is none yet. */
  Samples series(String key);

  void setSeries(String key, Samples samples);

  /** State in two hash maps. */
  static CrowdState inMemory() {
    Map<String, RuleState> rules = new HashMap<>();
    Map<String, Samples> series = new HashMap<>();
    return new CrowdState() {
      @Override
      public RuleState rule(String key) {
        return rules.get(key);
      }

      @Override
      public void setRule(String key, RuleState state) {
        rules.put(key, state);
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
