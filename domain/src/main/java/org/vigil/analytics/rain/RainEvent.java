package org.vigil.analytics.rain;

/**
 * A rain event: wet reports separated by dry spells shorter than the dry gap ({@link RainOptions#dryGapMs()}).
 *
 * @param startMs start of the first wet report's interval (its timestamp minus its interval), epoch ms
 * @param lastRainMs timestamp (end) of the last wet report, epoch ms
 * @param totalMm rain of the event, mm
 * @param durationH {@code (lastRainMs - startMs)} in hours
 * @param meanIntensityMmH {@code totalMm / durationH}
 */
public record RainEvent(long startMs, long lastRainMs, double totalMm, double durationH, double meanIntensityMmH) {}
