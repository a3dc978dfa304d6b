package org.vigil.alerts.notify;

import java.io.Serializable;

/**
 * One stage of noise control ({@link NoiseControl} composes them in order: acknowledge, flap, silence, inhibit,
 * group): takes the decision about a transition so far and returns it, changed or not. Deterministic in device time;
 * the site's state is the caller's.
 */
public interface NotifyStage extends Serializable {

  /** Judges one transition of the site. */
  NotifyDecision apply(SiteNotifyState site, NotifyDecision decision);
}
