package org.vigil.analytics.rain;

import java.util.List;

/**
 * What one gauge's rain amounts to at a moment: trailing accumulations over {@code (atMs - window, atMs]}, the
 * effective antecedent rainfall, and the current rain event judged against the configured I–D curves. Amounts are
 * rounded to 1e-6 mm.
 *
 * @param atMs the moment, epoch ms
 * @param mm10m rain in the last 10 minutes
 * @param mm1h rain in the last hour
 * @param mm3h rain in the last 3 hours
 * @param mm24h rain in the last 24 hours (R_0)
 * @param mm72h rain in the last 72 hours
 * @param effectiveMm {@code R_0 + antecedentMm}
 * @param antecedentMm {@code R_a = sum_{i=1..n} k^i R_i}
 * @param event the current event, or null when no rain fell within the dry gap before {@code atMs}
 * @param idChecks one per configured curve for the current event; empty when there is no event
 */
public record RainSnapshot(
    long atMs,
    double mm10m,
    double mm1h,
    double mm3h,
    double mm24h,
    double mm72h,
    double effectiveMm,
    double antecedentMm,
    RainEvent event,
    List<IdCheck> idChecks) {

  public RainSnapshot {
    idChecks = List.copyOf(idChecks);
  }
}
