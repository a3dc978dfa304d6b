package org.vigil.alerts.rules;

import java.io.Serializable;
import org.vigil.core.Level;

/**
 * One level of a rule: the level is entered when the judged value reaches {@code raise} and left when it no longer
 * reaches {@code clear}, "reaching" taken in the condition's {@link Direction} ({@code clear <= raise} for
 * {@code above}, {@code clear >= raise} for {@code below}; the gap is the hysteresis that stops an alert from
 * flapping). {@link LevelsParser} checks the bands of a rule when the ruleset is read; {@link Levels} judges with them.
 */
public record LevelBand(Level level, double raise, double clear) implements Serializable {}
