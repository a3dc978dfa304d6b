package org.vigil.alerts.rule;

import org.vigil.core.Level;

/**
 * The open alert of one rule and subject, as kept in state between readings.
 *
 * @param id the alert id (see {@link AlertIds})
 * @param level current level, never NONE
 * @param startedAtMs device time of the reading that opened it
 */
public record OpenAlert(String id, Level level, long startedAtMs) {}
