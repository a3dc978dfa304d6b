package org.vigil.alerts.site;

import org.vigil.core.Level;

/**
 * One open alert as the site's risk sees it.
 *
 * @param rule rule id
 * @param subject the alert's subject
 * @param level its current level, never NONE
 * @param startedAtMs when it opened
 */
public record ActiveAlert(String rule, String subject, Level level, long startedAtMs) {

  /** The key of an alert in a site's set: one open alert per rule and subject. */
  public static String key(String rule, String subject) {
    return rule + "|" + subject;
  }
}
