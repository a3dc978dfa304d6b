package org.vigil.alerts.notify;

import java.util.Collection;
import org.vigil.core.AlertEvent;

/**
 * A stage that holds transitions back while something is in force ({@link SilenceStage}, {@link InhibitStage}): a
 * transition it mutes is {@link NotifyDecision.Outcome#HELD} whatever the stages before decided (a silence wins over
 * flapping), and {@link NoiseControl} asks {@link #muteOf} again when a held alert may be released.
 */
public interface MuteStage extends NotifyStage {

  /** What holds back {@code e} at device time {@code atMs}; null when nothing does. */
  NotifyDecision.Mute muteOf(SiteNotifyState site, AlertEvent e, long atMs, Collection<Silence> silences);

  @Override
  default NotifyDecision apply(SiteNotifyState site, NotifyDecision d) {
    if (d.outcome() == NotifyDecision.Outcome.HELD) {
      return d; // held by an earlier stage already
    }
    NotifyDecision.Mute m = muteOf(site, d.event(), d.atMs(), d.silences());
    return m == null ? d : d.hold(m);
  }
}
