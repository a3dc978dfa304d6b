package org.vigil.warning.cap;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vigil.core.AlertEvent;

/**
 * Chains kept in memory, by alert id or manual key, with the latest message of each: for a single process (the
 * console's manual warnings, tests). Not thread-safe.
 */
public final class WarningBook {

  private final PublicWarnings warnings;
  private final Map<String, WarningChain> chains = new LinkedHashMap<>();
  private final Map<String, CapAlert> latest = new LinkedHashMap<>();

  public WarningBook(PublicWarnings warnings) {
    this.warnings = warnings;
  }

  /** The message an alert transition issues, if any. */
  public Optional<CapAlert> onTransition(AlertEvent e) {
    return apply(e.id(), warnings.onTransition(chains.get(e.id()), e));
  }

  /** Issues a warning by hand. */
  public CapAlert issue(PublicWarnings.Manual m, long nowMs) {
    String key = m.key(nowMs);
    if (chains.containsKey(key)) {
      throw new IllegalArgumentException("a manual warning for " + m.regionId() + " was issued this very second");
    }
    return apply(key, warnings.issue(m, nowMs)).orElseThrow();
  }

  /** Lifts the warning in force whose incident (first identifier) is given; empty when none is. */
  public Optional<CapAlert> lift(String incident, long nowMs, String reason) {
    for (Map.Entry<String, WarningChain> en : chains.entrySet()) {
      if (en.getValue().inForce && en.getValue().firstId.equals(incident)) {
        return apply(en.getKey(), warnings.lift(en.getValue(), nowMs, reason));
      }
    }
    return Optional.empty();
  }

  /** Renewals due at {@code nowMs}. */
  public List<CapAlert> renewalsDue(long nowMs) {
    List<CapAlert> out = new ArrayList<>();
    for (String key : List.copyOf(chains.keySet())) {
      apply(key, warnings.renew(chains.get(key), nowMs)).ifPresent(out::add);
    }
    return out;
  }

  /** The latest message of every warning in force, newest first. */
  public List<CapAlert> inForce() {
    List<CapAlert> out = new ArrayList<>();
    chains.forEach((key, c) -> {
      if (c.inForce) {
        out.add(latest.get(key));
      }
    });
    out.sort(Comparator.comparing(CapAlert::sent).reversed().thenComparing(CapAlert::identifier));
    return out;
  }

  private Optional<CapAlert> apply(String key, PublicWarnings.Step step) {
    if (step.chain() == null) {
      chains.remove(key);
      latest.remove(key);
    } else {
      chains.put(key, step.chain());
    }
    if (step.message() != null && step.chain() != null) {
      latest.put(key, step.message());
    }
    return Optional.ofNullable(step.message());
  }
}
