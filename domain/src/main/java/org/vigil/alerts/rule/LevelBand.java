package org.vigil.alerts.rule;

import java.io.Serializable;
import org.vigil.core.Level;

/**
 * One level of a threshold rule: the level is entered when the value reaches {@code raise} and left when it falls
 * below {@code clear} ({@code clear <= raise}; the gap is the hysteresis that stops an alert from flapping).
 */
public record LevelBand(Level level, double raise, double clear) implements Serializable {}
