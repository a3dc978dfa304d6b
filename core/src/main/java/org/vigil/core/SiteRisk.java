package org.vigil.core;

import java.util.Objects;

/**
 * A site's current risk level: the highest level among the site's open alerts, and the alert that drives it.
 * Published when it changes (retained on {@code vigil/{site}/risk}, stored in InfluxDB {@code site_risk}).
 *
 * @param site site id
 * @param level the highest open level, {@link Level#NONE} when no alert is open
 * @param previousLevel the level before this change
 * @param rule the rule of the driving alert (the highest, and of those the earliest opened), empty when none
 * @param subject the subject of the driving alert, empty when none
 * @param openAlerts number of open alerts at the site
 * @param timestampMs device time of the alert transition that caused the change, epoch ms
 */
public record SiteRisk(
    String site, Level level, Level previousLevel, String rule, String subject, int openAlerts, long timestampMs) {

  public SiteRisk {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(previousLevel, "previousLevel");
    rule = rule == null ? "" : rule;
    subject = subject == null ? "" : subject;
  }
}
