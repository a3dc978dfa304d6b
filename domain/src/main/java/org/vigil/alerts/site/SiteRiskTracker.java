package org.vigil.alerts.site;

import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.HealthAlerts;
import org.vigil.core.Level;
import org.vigil.core.SiteRisk;

/**
 * Keeps a site's open alerts and derives the site's risk level from them: the highest level of any open alert,
 * driven by the highest alert (ties: the one opened first, then by rule and subject, so the choice is
 * deterministic). Flink-free: the caller owns the map (keyed state in the job).
 */
public final class SiteRiskTracker {

  private static final Comparator<ActiveAlert> DRIVER =
      Comparator.comparing(ActiveAlert::level)
          .reversed()
          .thenComparingLong(ActiveAlert::startedAtMs)
          .thenComparing(ActiveAlert::rule)
          .thenComparing(ActiveAlert::subject);

  private SiteRiskTracker() {}

  /**
   * Applies one alert transition to the site's open alerts ({@code open}, keyed by {@link ActiveAlert#key}) and
   * returns the site's risk when the level or its driving alert changed, else null. Health alerts ({@link
   * HealthAlerts}: the monitoring network's own state) never count towards a site's risk.
   *
   * @param previous the site's risk before, or null when none was published yet (counts as NONE)
   */
  public static SiteRisk apply(Map<String, ActiveAlert> open, AlertEvent e, SiteRisk previous) {
    if (e.state() == AlertState.ACKNOWLEDGED || HealthAlerts.isHealth(e)) {
      return null; // an acknowledgement changes no level; a health alert is about the network, not the ground
    }
    String key = ActiveAlert.key(e.rule(), e.subject());
    if (e.level() == Level.NONE) {
      open.remove(key);
    } else {
      open.put(key, new ActiveAlert(e.rule(), e.subject(), e.level(), e.startedAtMs()));
    }
    SiteRisk now = riskOf(e.site(), open.values(), previous, e.updatedAtMs());
    if (previous != null && previous.level() == now.level() && previous.rule().equals(now.rule())
        && previous.subject().equals(now.subject())) {
      return null;
    }
    if (previous == null && now.level() == Level.NONE) {
      return null;
    }
    return now;
  }

  /** The risk of a site with these open alerts. */
  static SiteRisk riskOf(String site, Collection<ActiveAlert> open, SiteRisk previous, long timestampMs) {
    Level before = previous == null ? Level.NONE : previous.level();
    ActiveAlert driver = open.stream().min(DRIVER).orElse(null);
    if (driver == null) {
      return new SiteRisk(site, Level.NONE, before, "", "", 0, timestampMs);
    }
    return new SiteRisk(site, driver.level(), before, driver.rule(), driver.subject(), open.size(), timestampMs);
  }
}
