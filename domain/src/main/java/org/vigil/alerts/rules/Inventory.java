package org.vigil.alerts.rules;

import java.util.Set;
import java.util.TreeSet;
import org.vigil.core.SensorKind;

/**
 * The subjects known to exist, {@code site/kind/sensorId}, so that validation can tell a scope that matches no
 * sensor (a typo in a site or a pattern). Read from a text file with one subject per line ({@code #} comments).
 *
 * @param subjects known subjects, sorted
 */
public record Inventory(Set<String> subjects) {

  public Inventory {
    subjects = Set.copyOf(new TreeSet<>(subjects));
  }

  /** Parses one {@code site/kind/sensorId} per line; blank lines and {@code #} comments are skipped. */
  public static Inventory parse(String text) {
    Set<String> s = new TreeSet<>();
    for (String line : text.split("\n")) {
      String l = line.strip();
      int hash = l.indexOf('#');
      if (hash >= 0) {
        l = l.substring(0, hash).strip();
      }
      if (!l.isEmpty()) {
        s.add(l);
      }
    }
    return new Inventory(s);
  }

  /** True when some known subject is in the scope and is of a kind that counts. */
  public boolean anyMatch(Scope scope, Set<SensorKind> kindsThatCount) {
    for (String subject : subjects) {
      String[] p = subject.split("/", 3);
      if (p.length < 3) {
        continue;
      }
      SensorKind kind = SensorKind.fromWire(p[1]).orElse(null);
      if (kind != null && (kindsThatCount.isEmpty() || kindsThatCount.contains(kind))
          && scope.matches(p[0], kind, p[2])) {
        return true;
      }
    }
    return false;
  }
}
