package org.vigil.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vigil.alerts.rules.HealthRule;
import org.vigil.alerts.rules.HealthRules;
import org.vigil.core.AlertEvent;

/**
 * The ruleset's health rules replayed over stored reports, as the job judges them live ({@link HealthBook} every
 * {@code everyMs}, then {@link HealthJudge}): for a backtest, with one registry in force throughout and every report
 * arriving at its device time (stored readings keep no arrival time, and the registry's history is not stored).
 * Flink-free.
 */
public final class HealthReplay {

  /**
   * One stored report of a device.
   *
   * @param subject the device, {@code site/kind/id}
   * @param atMs its device time, epoch ms (taken as its arrival)
   * @param batteryV battery voltage, NaN when absent
   * @param rssi signal strength, dBm, NaN when absent
   */
  public record Report(String subject, long atMs, double batteryV, double rssi) {}

  private HealthReplay() {}

  /**
   * The health alert transitions of {@code rules} from {@code startMs} (when the registry is taken to come into force:
   * reports are expected from then) to {@code endMs} (exclusive), judged every {@code everyMs} as the job does. Reports
   * of devices the registry does not list are ignored, as the job's gate turns them away.
   *
   * @param reports the reports, in any order
   */
  public static List<AlertEvent> run(Registry registry, HealthRules rules, List<Report> reports, long startMs,
      long endMs, long everyMs) {
    if (everyMs <= 0) {
      throw new IllegalArgumentException("the health interval must be positive, not " + everyMs + " ms");
    }
    List<AlertEvent> out = new ArrayList<>();
    if (rules.isEmpty() || registry.devices().isEmpty()) {
      return out;
    }
    List<Report> sorted = new ArrayList<>(reports);
    sorted.sort(Comparator.comparingLong(Report::atMs));
    Map<String, DeviceTally> tallies = new HashMap<>();
    registry.devices().keySet().forEach(subject -> tallies.put(subject, DeviceTally.since(startMs)));
    Map<String, HealthRuleState> states = new HashMap<>();
    int next = 0;
    while (next < sorted.size() && sorted.get(next).atMs() < startMs) {
      next++;
    }
    for (long now = startMs + everyMs; now < endMs; now += everyMs) {
      for (; next < sorted.size() && sorted.get(next).atMs() <= now; next++) {
        Report r = sorted.get(next);
        DeviceTally t = tallies.get(r.subject());
        if (t != null) {
          HealthBook.onReports(t, 1, r.atMs(), r.batteryV(), r.rssi());
        }
      }
      for (DeviceHealth h : HealthBook.all(registry, tallies, now)) {
        for (HealthRule rule : rules.rules()) {
          if (HealthJudge.applies(rule, h)) {
            HealthRuleState s = states.computeIfAbsent(rule.name() + "\u0000" + h.scope() + "/" + h.id(),
                k -> new HealthRuleState());
            HealthJudge.judge(rule, s, h).ifPresent(out::add);
          }
        }
      }
    }
    return out;
  }
}
