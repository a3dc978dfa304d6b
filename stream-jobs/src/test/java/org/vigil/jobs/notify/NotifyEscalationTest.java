package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.rules.EscalationPolicy;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;
import org.vigil.jobs.registry.RegistryUpdate;

/**
 * Escalation when nobody answers in the noise-control operator: referrals on processing-time timers, a pending one
 * that still comes after a snapshot and restore, a policy hot-reloaded over the broadcast side, an ack that stops it.
 */
class NotifyEscalationTest {

  private static final long T0 = 1_795_852_800_000L; // device time of the opening, 2026-11-28T08:00:00Z
  private static final long W0 = 1_795_852_810_000L; // wall time noise control takes it
  private static final long SEC = 1000L;
  private static final long MIN = 60 * SEC;

  private static final RegistryUpdate REGISTRY = new RegistryUpdate(0, "ops", "", """
      regions:
        - {id: hill-county, name: Hill County, level: county}
        - {id: east-town, name: East Township, level: township, parent: hill-county}
        - {id: low-village, name: Low Village, level: village, parent: east-town}
      sites:
        - {id: hill-a, region: low-village, location: {lat: 30, lon: 103}}
      """, "", "test");

  private static final EscalationUpdate RED_5M = new EscalationUpdate(0, new EscalationPolicy(0, 0, 15 * MIN, 5 * MIN));

  private static KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> harness(
      EscalationUpdate policy) throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NotifyFunction(NotifyOptions.defaults(), policy, REGISTRY),
            List.of(NotifyFunction.SILENCES, NotifyFunction.ESCALATION, NotifyFunction.REGISTRY,
                org.vigil.jobs.rules.ModesInForce.MODES)),
        NotifyInput::site, Types.STRING, 8, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    return h;
  }

  private static AlertEvent red() {
    return new AlertEvent("alt_slope_sv1", "slope-v", "hill-a", "hill-a/gnss/sv-1", Level.RED, Level.NONE,
        AlertState.OPENED, 12.0, 10.0, T0, T0, "slope-v opened on hill-a/gnss/sv-1");
  }

  /** Moves the wall clock to {@code t} in 10 s steps, as time passes for a running job. */
  private static void wallTo(KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h,
      long t) throws Exception {
    for (long now = h.getProcessingTime(); now < t; ) {
      now = Math.min(t, now + 10 * SEC);
      h.setProcessingTime(now);
    }
  }

  private static List<AlertEvent> referrals(
      KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h) {
    Queue<StreamRecord<AlertEvent>> q = h.getSideOutput(NotifyFunction.REFERRALS);
    List<AlertEvent> out = new ArrayList<>();
    if (q != null) {
      q.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  @Test
  void aPendingReferralStillComesAfterARestoreAndAnAckStopsTheNext() throws Exception {
    var h = harness(RED_5M);
    h.open();
    h.setProcessingTime(W0);
    h.processElement(NotifyInput.of(red()), T0);
    wallTo(h, W0 + 4 * MIN);
    assertThat(referrals(h)).isEmpty();
    assertThat(h.extractOutputValues()).extracting(Notification::eventType).containsExactly("alert.opened");
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var r = harness(RED_5M);
    r.initializeState(snapshot);
    r.open();
    r.setProcessingTime(W0 + 4 * MIN);
    wallTo(r, W0 + 5 * MIN - SEC);
    assertThat(referrals(r)).isEmpty();
    wallTo(r, W0 + 10 * MIN);
    // 5 min after the opening was taken: East Township; 5 min later: Hill County (the root).
    assertThat(referrals(r)).extracting(AlertEvent::updatedAtMs, e -> e.referral().step(),
            e -> e.referral().regionId(), e -> e.referral().regionLevel())
        .containsExactly(tuple(W0 + 5 * MIN, 1, "east-town", "township"),
            tuple(W0 + 10 * MIN, 2, "hill-county", "county"));
    assertThat(r.extractOutputValues()).extracting(Notification::eventType, Notification::id)
        .containsExactly(tuple("alert.referred", "alt_slope_sv1_referred_" + (W0 + 5 * MIN)),
            tuple("alert.referred", "alt_slope_sv1_referred_" + (W0 + 10 * MIN)));

    r.processElement(NotifyInput.of(new Ack("alt_slope_sv1", "hill-a", "county-duty", W0 + 11 * MIN, "")),
        W0 + 11 * MIN);
    wallTo(r, W0 + 60 * MIN);
    assertThat(referrals(r)).hasSize(2);
    r.close();
  }

  @Test
  void aHotReloadedPeriodAppliesToTheOpenAlertAndRemovingItStopsReferrals() throws Exception {
    var h = harness(RED_5M);
    h.open();
    h.setProcessingTime(W0);
    h.processElement(NotifyInput.of(red()), T0);
    wallTo(h, W0 + MIN);
    // Ruleset v1 at 1 min: red waits 2 min. The wait started at W0, so the first referral is due at W0 + 2 min;
    // the operator sees it at its next re-check (within 30 s) and refers at the due time.
    h.processBroadcastElement(NotifyControl.of(new EscalationUpdate(1, new EscalationPolicy(0, 0, 0, 2 * MIN))),
        W0 + MIN);
    wallTo(h, W0 + 4 * MIN);
    assertThat(referrals(h)).extracting(AlertEvent::updatedAtMs).containsExactly(W0 + 2 * MIN, W0 + 4 * MIN);
    // An older ruleset version arriving late changes nothing; v2 without a section stops referrals.
    h.processBroadcastElement(NotifyControl.of(RED_5M), W0 + 4 * MIN);
    wallTo(h, W0 + 6 * MIN);
    assertThat(referrals(h)).hasSize(3);
    h.processBroadcastElement(NotifyControl.of(new EscalationUpdate(2, EscalationPolicy.NONE)), W0 + 6 * MIN);
    wallTo(h, W0 + 60 * MIN);
    assertThat(referrals(h)).extracting(AlertEvent::updatedAtMs)
        .containsExactly(W0 + 2 * MIN, W0 + 4 * MIN, W0 + 6 * MIN);
    h.close();
  }

  @Test
  void withoutAPolicyNothingIsReferredUntilARulesetBringsOne() throws Exception {
    var h = harness(null);
    h.open();
    h.setProcessingTime(W0);
    h.processElement(NotifyInput.of(red()), T0);
    wallTo(h, W0 + 60 * MIN);
    assertThat(referrals(h)).isEmpty();
    assertThat(h.extractOutputValues()).extracting(Notification::eventType).containsExactly("alert.opened");
    // A ruleset with red 5m at 60 min: the alert has waited an hour; it is referred at the next re-check.
    h.processBroadcastElement(NotifyControl.of(RED_5M), W0 + 60 * MIN);
    wallTo(h, W0 + 61 * MIN);
    assertThat(referrals(h)).singleElement().satisfies(e -> {
      assertThat(e.referral().regionId()).isEqualTo("east-town");
      assertThat(e.updatedAtMs()).isEqualTo(W0 + 5 * MIN); // stamped when it was due
    });
    h.close();
  }
}
