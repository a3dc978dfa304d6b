package org.vigil.alerts.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.vigil.alerts.notify.SiteRun.MIN;
import static org.vigil.alerts.notify.SiteRun.SEC;
import static org.vigil.alerts.notify.SiteRun.T0;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.EscalationPolicy;
import org.vigil.alerts.webhook.AlertJson;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

/**
 * Escalation when nobody answers, without Flink: {@link NoiseControl#refer} at wall times chosen by hand. Red waits
 * 5 min, orange 15 min (the example policy); the site {@code hill-a} lies in village v1 of township t1 of county c.
 */
class ReferralsTest {

  private static final EscalationPolicy POLICY = new EscalationPolicy(0, 0, 15 * MIN, 5 * MIN);

  private static final Registry TREE = RegistryLoader.parse("""
      regions:
        - {id: c, name: Hill County, level: county}
        - {id: t1, name: East Township, level: township, parent: c}
        - {id: v1, name: Low Village, level: village, parent: t1}
      sites:
        - {id: hill-a, region: v1, location: {lat: 30, lon: 103}}
        - {id: hill-t, region: t1, location: {lat: 30, lon: 103}}
      """, "tree.yaml");

  /** One site driven as the operator drives it: transitions and acks at device time = wall time, referrals by wall time. */
  private static final class Run {
    final SiteRun site = new SiteRun();
    final List<AlertEvent> referred = new ArrayList<>();
    EscalationPolicy policy = POLICY;
    Registry registry = TREE;

    Run event(AlertEvent e) {
      site.control.onEvent(site.state, e, site.silences, site.out::add, e.updatedAtMs());
      return this;
    }

    /** Refers what is due at each due time up to {@code wallMs}, in order (as processing-time timers would). */
    Run wall(long wallMs) {
      long due = site.control.nextReferralMs(site.state, policy);
      while (due != AlertTrack.UNSET && due <= wallMs) {
        site.control.refer(site.state, policy, registry, due, site.silences, site.out::add, referred::add);
        long next = site.control.nextReferralMs(site.state, policy);
        assertThat(next).as("refer(%s) left work due at the same time", due).isNotEqualTo(due);
        due = next;
      }
      return this;
    }
  }

  private static AlertEvent red(long t) {
    return SiteRun.opened("slope-v", "sv-1", Level.RED, t);
  }

  @Test
  void anUnansweredRedAlertClimbsTheTreeEveryFiveMinutesThenRemindsTheCounty() {
    Run r = new Run().event(red(T0));
    r.wall(T0 + 5 * MIN - 1);
    assertThat(r.referred).isEmpty();
    // 5 min: township; 10 min: county (the root); 15 and 20 min: reminders to the county.
    r.wall(T0 + 20 * MIN);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs, e -> e.referral().step(), e -> e.referral().regionId(),
            e -> e.referral().regionLevel(), e -> e.referral().reminder())
        .containsExactly(
            tuple(T0 + 5 * MIN, 1, "t1", "township", false),
            tuple(T0 + 10 * MIN, 2, "c", "county", false),
            tuple(T0 + 15 * MIN, 3, "c", "county", true),
            tuple(T0 + 20 * MIN, 4, "c", "county", true));
    AlertEvent first = r.referred.get(0);
    assertThat(first.state()).isEqualTo(AlertState.REFERRED);
    assertThat(first.level()).isEqualTo(Level.RED);
    assertThat(first.previousLevel()).isEqualTo(Level.RED);
    assertThat(first.id()).isEqualTo(red(T0).id());
    assertThat(first.message()).endsWith("not acknowledged within 5m: referred to East Township (township t1)");
    assertThat(r.referred.get(2).message()).endsWith("reminder to Hill County (county c), referral 3");
    // Each is sent at once as the plain event alert.referred, with its own id.
    List<Notification> sent = r.site.out.stream().filter(n -> n.eventType().equals("alert.referred")).toList();
    assertThat(sent).extracting(Notification::id)
        .containsExactlyElementsOf(r.referred.stream().map(AlertEvent::eventId).toList());
    assertThat(sent).extracting(Notification::kind).containsOnly(Notification.Kind.ALERT);
  }

  @Test
  void anAcknowledgementStopsIt() {
    Run r = new Run().event(red(T0));
    r.wall(T0 + 5 * MIN); // the township was told
    AckDecision d = r.site.control.onAck(r.site.state, new Ack(red(T0).id(), SiteRun.SITE, "duty-t1", T0 + 6 * MIN,
        "on it"), r.site.silences, r.site.out::add);
    assertThat(d.isAccepted()).isTrue();
    r.wall(T0 + 60 * MIN);
    assertThat(r.referred).extracting(e -> e.referral().step()).containsExactly(1);
    assertThat(r.site.control.nextReferralMs(r.site.state, POLICY)).isEqualTo(AlertTrack.UNSET);
  }

  @Test
  void anAlertAcknowledgedInTimeIsNeverReferred() {
    Run r = new Run().event(red(T0));
    r.site.control.onAck(r.site.state, new Ack(red(T0).id(), SiteRun.SITE, "duty-v1", T0 + 4 * MIN, ""),
        r.site.silences, r.site.out::add);
    r.wall(T0 + 60 * MIN);
    assertThat(r.referred).isEmpty();
  }

  @Test
  void aResolvedAlertIsNotReferred() {
    Run r = new Run().event(red(T0));
    r.wall(T0 + 5 * MIN);
    r.event(SiteRun.resolved("slope-v", "sv-1", Level.RED, T0, T0 + 7 * MIN));
    r.wall(T0 + 60 * MIN);
    assertThat(r.referred).hasSize(1);
  }

  @Test
  void orangeWaitsFifteenMinutesAndARiseToRedKeepsTheStepButTakesRedsPeriod() {
    AlertEvent orange = SiteRun.opened("slope-v", "sv-1", Level.ORANGE, T0);
    Run r = new Run().event(orange);
    r.wall(T0 + 15 * MIN); // township at 15 min
    // Rises to red at 17 min, unacknowledged: the next referral is 5 min (red) after the last one, at 20 min.
    r.event(SiteRun.ev("slope-v", "sv-1", AlertState.ESCALATED, Level.RED, Level.ORANGE, T0, T0 + 17 * MIN));
    r.wall(T0 + 25 * MIN);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs, e -> e.referral().regionId(), AlertEvent::level)
        .containsExactly(tuple(T0 + 15 * MIN, "t1", Level.ORANGE), tuple(T0 + 20 * MIN, "c", Level.RED),
            tuple(T0 + 25 * MIN, "c", Level.RED));
  }

  @Test
  void aRiseAfterAnAcknowledgementStartsOverFromTheSitesRegion() {
    AlertEvent orange = SiteRun.opened("slope-v", "sv-1", Level.ORANGE, T0);
    Run r = new Run().event(orange);
    r.site.control.onAck(r.site.state, new Ack(orange.id(), SiteRun.SITE, "duty", T0 + MIN, ""), r.site.silences,
        r.site.out::add);
    r.event(SiteRun.ev("slope-v", "sv-1", AlertState.ESCALATED, Level.RED, Level.ORANGE, T0, T0 + 30 * MIN));
    r.wall(T0 + 35 * MIN);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs, e -> e.referral().step(), e -> e.referral().regionId())
        .containsExactly(tuple(T0 + 35 * MIN, 1, "t1"));
  }

  @Test
  void aLevelWithoutAPeriodIsNotReferred() {
    Run r = new Run().event(SiteRun.opened("rain-1h", "rg-1", Level.YELLOW, T0));
    r.wall(T0 + 24 * 60 * MIN);
    assertThat(r.referred).isEmpty();
  }

  @Test
  void aChangedPeriodAppliesFromTheChange() {
    Run r = new Run().event(red(T0));
    r.wall(T0 + 5 * MIN); // referral 1 at 5 min under 5m
    // At 6 min the period becomes 2 min: the next is due at 5 + 2 = 7 min.
    r.policy = new EscalationPolicy(0, 0, 0, 2 * MIN);
    r.wall(T0 + 6 * MIN);
    assertThat(r.referred).hasSize(1);
    r.wall(T0 + 9 * MIN);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + 5 * MIN, T0 + 7 * MIN,
        T0 + 9 * MIN);
    // Lengthened to 30 min at 10 min: the next is due at 9 + 30 = 39 min; removed: none.
    r.policy = new EscalationPolicy(0, 0, 0, 30 * MIN);
    assertThat(r.site.control.nextReferralMs(r.site.state, r.policy)).isEqualTo(T0 + 39 * MIN);
    assertThat(r.site.control.nextReferralMs(r.site.state, EscalationPolicy.NONE)).isEqualTo(AlertTrack.UNSET);
  }

  @Test
  void aReferralOverdueByAWholePeriodIsMadeOnceAndTheNextPeriodStartsThen() {
    Run r = new Run().event(red(T0));
    // The job was down from 4 min to 17 min: one referral (stamped 5 min, when it was due), the next at 22 min.
    r.site.control.refer(r.site.state, POLICY, TREE, T0 + 17 * MIN, r.site.silences, r.site.out::add,
        r.referred::add);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + 5 * MIN);
    assertThat(r.site.control.nextReferralMs(r.site.state, POLICY)).isEqualTo(T0 + 22 * MIN);
  }

  @Test
  void aSiteInATownshipGoesStraightToTheCountyAndWithoutARegistryStepsAreCounted() {
    assertThat(Referrals.target(TREE, "hill-t", 1)).isEqualTo(new AlertEvent.Referral(1, "c", "county", false));
    assertThat(Referrals.target(TREE, "hill-t", 2)).isEqualTo(new AlertEvent.Referral(2, "c", "county", true));
    assertThat(Referrals.target(null, "hill-a", 3)).isEqualTo(new AlertEvent.Referral(3, "", "", false));
    assertThat(Referrals.target(TREE, "not-registered", 1)).isEqualTo(new AlertEvent.Referral(1, "", "", false));
    // A region's health alert (pseudo-site _region-<id>) goes up from its own region: v1 -> t1 -> c.
    assertThat(Referrals.target(TREE, "_region-v1", 1)).isEqualTo(new AlertEvent.Referral(1, "t1", "township", false));
    assertThat(Referrals.target(TREE, "_region-v1", 2)).isEqualTo(new AlertEvent.Referral(2, "c", "county", false));
    assertThat(Referrals.target(TREE, "_region-c", 1)).isEqualTo(new AlertEvent.Referral(1, "c", "county", true));
    assertThat(Referrals.target(TREE, "_region-gone", 1)).isEqualTo(new AlertEvent.Referral(1, "", "", false));

    Run r = new Run().event(red(T0));
    r.registry = null;
    r.wall(T0 + 10 * MIN);
    assertThat(r.referred).extracting(e -> e.referral().step(), e -> e.referral().regionId())
        .containsExactly(tuple(1, ""), tuple(2, ""));
    assertThat(r.referred.get(1).message()).endsWith("referral 2 (no region: no registry)");
  }

  @Test
  void aSilencedAlertIsNotReferredItsWaitStartsOver() {
    Run r = new Run();
    r.site.silences.add(new Silence("works", List.of(SiteRun.SITE), List.of(), List.of(), T0 - MIN, T0 + 8 * MIN,
        "ops", "maintenance"));
    r.event(red(T0)); // held by the silence
    r.wall(T0 + 5 * MIN);
    assertThat(r.referred).isEmpty();
    // Silence ends at 8 min and releases it (device time); the wait restarted at 5 min: referral at 10 min.
    r.site.advanceTo(T0 + 8 * MIN);
    r.wall(T0 + 10 * MIN);
    assertThat(r.referred).extracting(AlertEvent::updatedAtMs).containsExactly(T0 + 10 * MIN);
  }

  @Test
  void aReferralRoundTripsThroughJson() {
    Run r = new Run().event(red(T0));
    r.wall(T0 + 10 * MIN);
    AlertEvent e = r.referred.get(1);
    String body = AlertJson.toWebhookBody(e);
    assertThat(body).startsWith("{\"type\":\"alert.referred\"")
        .contains("\"referral\":2,\"referredTo\":\"c\",\"referredToLevel\":\"county\",\"reminder\":false");
    assertThat(AlertJson.fromWebhookBody(body)).isEqualTo(e);
    assertThat(AlertJson.toJson(red(T0))).doesNotContain("referral");
  }
}
