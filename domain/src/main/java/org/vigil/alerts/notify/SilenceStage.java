package org.vigil.alerts.notify;

import java.util.Collection;
import org.vigil.core.AlertEvent;

/**
 * Silences: a transition that a {@link Silence} in force at its device time matches (site, subject or rule globs) is
 * held until the silence ends; of several, the one with the smallest id is named. The stored history and the live
 * feed are not silenced, only notifications.
 */
public final class SilenceStage implements MuteStage {

  @Override
  public NotifyDecision.Mute muteOf(SiteNotifyState site, AlertEvent e, long atMs, Collection<Silence> silences) {
    Silence muting = null;
    for (Silence silence : silences) {
      if (silence.mutes(e, atMs) && (muting == null || silence.id().compareTo(muting.id()) < 0)) {
        muting = silence;
      }
    }
    return muting == null ? null : new NotifyDecision.Mute("silence " + muting.id(), muting.endsAtMs());
  }
}
