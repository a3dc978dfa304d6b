package org.vigil.jobs.backtest;

import org.vigil.core.AlertEvent;

/**
 * An alert transition found by a backtest, with the ruleset that produced it.
 *
 * @param run which ruleset: {@link #NEW} or {@link #AGAINST}
 * @param event the transition, exactly as the live job would have emitted it
 */
public record BacktestAlert(String run, AlertEvent event) {

  /** The proposed rules. */
  public static final String NEW = "new";

  /** The rules compared with (the active ruleset). */
  public static final String AGAINST = "against";
}
