package org.vigil.alerts.rules;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.vigil.core.Level;

/**
 * The {@code deadman} option of a rule: when a subject in scope has sent no reading for {@code after} (device time of
 * its last reading against the time the caller passes to {@link RuleEngine#onTime}), the rule's alert for that
 * subject is raised to at least {@code level}; the next reading judges it again as usual.
 *
 * @param after silence that counts as a dead sensor, positive
 * @param level the level it raises, not NONE
 */
public record Deadman(Duration after, Level level) implements Serializable {
  public Deadman {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(level, "level");
  }
}
