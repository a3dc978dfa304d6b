package org.vigil.registry;

/**
 * What the health judge keeps per health rule and judged device, site or region (a Flink POJO, kept in keyed state):
 * the level in force, when its alert opened, since when a higher level has been pending, and enough of the newest
 * judgement to resolve the alert when the rule or the subject goes away.
 */
public final class HealthRuleState {
  /** {@link org.vigil.core.Level} ordinal of the level in force; 0 (none) when no alert is open. */
  public int level;
  /** When the open alert opened, epoch ms; {@link Long#MIN_VALUE} when none is open. */
  public long openedMs = Long.MIN_VALUE;
  /** Since when the figure has been below a higher level's threshold, epoch ms; {@link Long#MIN_VALUE}: not. */
  public long pendingSinceMs = Long.MIN_VALUE;
  /** The newest figure judged (NaN: none yet). */
  public double lastValue = Double.NaN;
  /** When the newest figure was judged, epoch ms. */
  public long lastAtMs = Long.MIN_VALUE;
  /** The alert's site field (a site, or the region's pseudo-site). */
  public String site = "";
  /** The alert's subject. */
  public String subject = "";
  /** What people call the subject (region or site name, device subject). */
  public String label = "";

  public HealthRuleState() {}

  /** Whether an alert is open. */
  public boolean isOpen() {
    return level != 0;
  }
}
