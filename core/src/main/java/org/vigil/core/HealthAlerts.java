package org.vigil.core;

import java.util.Set;

/**
 * How alerts about the monitoring network's own health (the ruleset's {@code health:} rules, and the registry's no-data
 * watch of each device) are told apart and addressed. They are ops alerts: they go through the normal alert path (feed,
 * InfluxDB, webhooks, console, acknowledgement, escalation) but never count towards a site's or a region's risk and
 * never issue a public warning: a silent gauge says the network needs a visit, not that the slope moves.
 *
 * <ul>
 *   <li>A registered device that stopped reporting raises rule {@value #NO_DATA_RULE} (subject {@code site/kind/id}),
 *       which a ruleset may not use as a rule id.
 *   <li>Their rule is {@value #RULE_PREFIX}{@code <name>}: a ruleset's own rule ids are {@code [a-z0-9-]+}, so the
 *       dot keeps the two apart.
 *   <li>A device's alert is addressed to its site (subject: the device, {@code site/kind/id}); a site's to the site
 *       (subject: the site id); a region's to the pseudo-site {@value #REGION_SITE_PREFIX}{@code <region id>}
 *       (subject: the same), which no registry site may be called. It is one topic level of the site alphabet, so a
 *       region's alerts go out on {@code vigil/_region-<id>/alerts/<level>} and its acknowledgements work like a
 *       site's; the console scopes it by the region itself.
 * </ul>
 */
public final class HealthAlerts {

  /** Rule of the no-data alert of a registered device that stopped reporting. */
  public static final String NO_DATA_RULE = "no-data";

  /**
   * Rule ids the job raises alerts under itself, which a ruleset's rules may not take: an alert of such an id would be
   * read as the built-in one (an ops alert, without site risk or public warning).
   */
  public static final Set<String> RESERVED_RULE_IDS = Set.of(NO_DATA_RULE);

  /** Rule of every health alert: this, then the health rule's name. */
  public static final String RULE_PREFIX = "health.";

  /** The site field (and subject) of a region-scoped alert: this, then the region id. */
  public static final String REGION_SITE_PREFIX = "_region-";

  private HealthAlerts() {}

  /** The alert rule of the health rule {@code name}. */
  public static String rule(String name) {
    return RULE_PREFIX + name;
  }

  /** Whether an alert of this rule is a health alert: a health rule's, or a device's no-data alert. */
  public static boolean isHealthRule(String rule) {
    return rule != null && (rule.startsWith(RULE_PREFIX) || rule.equals(NO_DATA_RULE));
  }

  /** Whether this alert is a health alert (an ops alert: no site or region risk, no public warning). */
  public static boolean isHealth(AlertEvent e) {
    return isHealthRule(e.rule());
  }

  /** The pseudo-site a region's alerts are addressed to. */
  public static String regionSite(String regionId) {
    return REGION_SITE_PREFIX + regionId;
  }

  /** The region a pseudo-site addresses, or null when {@code site} is an ordinary site. */
  public static String regionOf(String site) {
    return site != null && site.startsWith(REGION_SITE_PREFIX) && site.length() > REGION_SITE_PREFIX.length()
        ? site.substring(REGION_SITE_PREFIX.length()) : null;
  }
}
