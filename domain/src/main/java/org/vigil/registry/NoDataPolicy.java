package org.vigil.registry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.vigil.core.Level;

/**
 * When a registered device counts as silent: after its reporting interval times {@code factor} without a report
 * (counted from its last report, or, for one that never reported, from when the registry took effect or its
 * installation, whichever is later); the no-data alert opens at {@code level}.
 *
 * @param factor intervals of silence, at least 1
 * @param level the level of the no-data alert, not NONE
 */
public record NoDataPolicy(double factor, Level level) implements Serializable {

  /** Three missed reports, yellow. */
  public static final NoDataPolicy DEFAULT = new NoDataPolicy(3, Level.YELLOW);

  public NoDataPolicy {
    Objects.requireNonNull(level, "level");
  }

  /** The silence after which {@code d} is reported as sending no data. */
  public Duration silence(Device d) {
    return Duration.ofMillis(Math.round(d.interval().toMillis() * factor));
  }
}
