package org.vigil.alerts.notify;

import static org.vigil.alerts.notify.AlertTrack.UNSET;

import java.util.List;
import org.vigil.alerts.rules.EscalationPolicy;
import org.vigil.core.AlertEvent;
import org.vigil.core.HealthAlerts;
import org.vigil.core.AlertState;
import org.vigil.registry.Region;
import org.vigil.registry.Registry;
import org.vigil.registry.Site;

/**
 * Escalation when nobody answers: an open alert that stays unacknowledged for its level's period ({@link
 * EscalationPolicy}) is referred to the region above the site's, then, a period later, to the one above that, up to
 * the root of the region tree, which is then reminded every period, until the alert is acknowledged or resolves.
 * Each referral is a {@link AlertState#REFERRED} transition with its {@link AlertEvent.Referral}.
 *
 * <p>Times are wall-clock (people answer in wall-clock time, whatever the devices' clocks say): the wait starts when
 * noise control takes the opening (or the level rise that re-arms the acknowledgement) and each referral starts the
 * next one. A referral is stamped with the time it was due, not the time it was made, so that one made again after a
 * restore from a checkpoint has the same event id. The period is looked up in the policy in force each time, so a
 * changed period applies to open alerts from the change (one already overdue under the new period is referred at
 * once). A rise in level does not restart an unacknowledged alert's referrals (the new level's period applies to the
 * next); a fall to a level without a period stops them until it rises again. One overdue by a whole period or more
 * (the job was down) is referred once and the next period starts then: no burst of referrals on a restart. An alert
 * whose notifications are held (silenced, inhibited, flapping) is not referred: nobody was asked; its wait starts
 * over.
 *
 * <p>Without a registry (or for a site the registry does not know) referrals are counted (step 1, 2, ...) without a
 * region, and none is a reminder.
 */
public final class Referrals {

  private Referrals() {}

  /** A state change of {@code t} (its newest transition {@code e}) taken by noise control at wall time {@code nowMs}. */
  static void onChange(AlertTrack t, AlertEvent e, long nowMs) {
    if (!t.open()) {
      t.referralBaseMs = UNSET;
      t.referrals = 0;
      return;
    }
    if (t.ackedBy != null) {
      t.referralBaseMs = UNSET; // acknowledged and not re-armed (a fall in level)
      return;
    }
    if (e.state() == AlertState.OPENED || t.referralBaseMs == UNSET) {
      t.referrals = 0; // a new alert, or an acknowledged one whose rise needs an acknowledgement again
      t.referralBaseMs = nowMs;
    }
  }

  /** An accepted acknowledgement: nothing waits any more. */
  static void onAck(AlertTrack t) {
    t.referralBaseMs = UNSET;
  }

  /** Wall time the next referral of {@code t} is due under {@code policy}; UNSET when none is. */
  public static long dueMs(AlertTrack t, EscalationPolicy policy) {
    if (policy == null || !t.open() || t.ackedBy != null || t.referralBaseMs == UNSET) {
      return UNSET;
    }
    long period = policy.periodMs(t.last.level);
    return period == 0 ? UNSET : t.referralBaseMs + period;
  }

  /**
   * The referral of {@code t} due by wall time {@code nowMs}, recorded on the track; null when none is due (or it is
   * held, when its wait starts over).
   *
   * @param registry the registry in force, or null
   */
  public static AlertEvent refer(AlertTrack t, EscalationPolicy policy, Registry registry, long nowMs) {
    long due = dueMs(t, policy);
    if (due == UNSET || due > nowMs) {
      return null;
    }
    long period = policy.periodMs(t.last.level);
    long nextBase = nowMs - due >= period ? nowMs : due;
    if (t.held || t.flapping) {
      t.referralBaseMs = nextBase;
      return null;
    }
    t.referrals++;
    t.referralBaseMs = nextBase;
    AlertEvent last = t.last.toEvent();
    AlertEvent.Referral r = target(registry, last.site(), t.referrals);
    return last.referred(r, due, text(last, r, registry, period));
  }

  /**
   * To whom referral {@code step} of an alert of {@code site} goes: the {@code step}-th region above the site's, or
   * the root (a reminder) when the tree is not that tall; no region without a registry or for an unknown site. A
   * region's health alert ({@link HealthAlerts#regionSite}) goes to the regions above its own in the same way.
   */
  public static AlertEvent.Referral target(Registry registry, String site, int step) {
    Site s = registry == null ? null : registry.sites().get(site);
    String region = s != null ? s.region() : HealthAlerts.regionOf(site); // a region's health alert: its region
    List<Region> chain = registry == null || region == null || !registry.regions().containsKey(region) ? List.of()
        : registry.chain(region);
    if (chain.isEmpty()) {
      return new AlertEvent.Referral(step, "", "", false);
    }
    int top = chain.size() - 1;
    Region to = chain.get(Math.min(step, top));
    return new AlertEvent.Referral(step, to.id(), to.level().wireName(), step > top);
  }

  private static String text(AlertEvent last, AlertEvent.Referral r, Registry registry, long periodMs) {
    String why = "not acknowledged within " + EscalationPolicy.human(periodMs) + ": ";
    String what;
    if (r.regionId().isEmpty()) {
      what = "referral " + r.step() + " (no region: " + (registry == null ? "no registry" : "site not in the registry")
          + ")";
    } else {
      Region to = registry.regions().get(r.regionId());
      String name = to.name() + " (" + to.level().wireName() + " " + to.id() + ")";
      what = r.reminder() ? "reminder to " + name + ", referral " + r.step() : "referred to " + name;
    }
    return last.message() + "; " + why + what;
  }
}
