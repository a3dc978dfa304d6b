package org.vigil.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.Notification.Kind;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.notify.Silence;
import org.vigil.alerts.notify.SiteNotifyState;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

/**
 * The noise-control operator in Flink's keyed broadcast harness, with generic (Kryo) types disabled as in the job:
 * constructed streams, event-time timers driven by watermarks, snapshot and restore.
 */
class NotifyFunctionTest {

  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z
  private static final long SEC = 1000L;
  private static final long MIN = 60 * SEC;

  private static final NotifyOptions OPTIONS = NotifyOptions.defaults().withInhibitingRules(Set.of("offline"));

  private static KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> harness()
      throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NotifyFunction(OPTIONS), List.of(NotifyFunction.SILENCES, NotifyFunction.ESCALATION, NotifyFunction.REGISTRY,
                org.vigil.jobs.rules.ModesInForce.MODES)),
        NotifyInput::site, Types.STRING, 8, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    return h;
  }

  private static AlertEvent ev(String site, String rule, String sensor, AlertState state, Level level, Level prev,
      long start, long t) {
    String subject = site + "/rain/" + sensor;
    return new AlertEvent("alt_" + rule + "_" + sensor + "_" + start, rule, site, subject, level, prev, state, 31.5,
        30.0, start, t, rule + " " + state.wireName() + " on " + subject);
  }

  private static AlertEvent opened(String site, String rule, String sensor, Level level, long t) {
    return ev(site, rule, sensor, AlertState.OPENED, level, Level.NONE, t, t);
  }

  private static AlertEvent resolved(String site, String rule, String sensor, Level prev, long start, long t) {
    return ev(site, rule, sensor, AlertState.RESOLVED, Level.NONE, prev, start, t);
  }

  private static void send(KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h,
      AlertEvent e) throws Exception {
    h.processElement(NotifyInput.of(e), e.updatedAtMs());
  }

  private static void silence(KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h,
      Silence s, long t) throws Exception {
    h.processBroadcastElement(NotifyControl.of(s), t);
  }

  private static void watermark(KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h,
      long t) throws Exception {
    h.processWatermark(t);
    h.processBroadcastWatermark(t);
  }

  @Test
  void siteStateIsAFlinkPojoWithoutGenericTypes() {
    TypeInformation<SiteNotifyState> info = TypeInformation.of(SiteNotifyState.class);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    SerializerConfigImpl noKryo = new SerializerConfigImpl();
    noKryo.setGenericTypes(false);
    info.createSerializer(noKryo); // throws UnsupportedOperationException if anything inside needs Kryo
    TypeInformation.of(Silence.class).createSerializer(noKryo);
    TypeInformation.of(NotifyInput.class).createSerializer(noKryo);
    TypeInformation.of(Notification.class).createSerializer(noKryo);
  }

  @Test
  void aStormAcrossTwentyGaugesBecomesOneGroupedNotification() throws Exception {
    var h = harness();
    h.open();
    for (int i = 0; i < 20; i++) {
      // orange at most: red transitions go out at once, ahead of the group
      send(h, opened("hill-a", "rain-1h", "rg-" + i, i == 3 ? Level.ORANGE : Level.YELLOW, T0 + i * SEC));
    }
    watermark(h, T0 + 48 * SEC); // newest member at 19 s: the group closes at 49 s
    assertThat(h.extractOutputValues()).isEmpty();
    watermark(h, T0 + 49 * SEC);
    assertThat(h.extractOutputValues()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.GROUP);
      assertThat(n.members()).hasSize(20);
      assertThat(n.level()).isEqualTo(Level.ORANGE);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 49 * SEC);
    });
    h.close();
  }

  @Test
  void aFlappingSignalGivesOneFlappingNoticeInsteadOfOnePerCrossingThenItsFinalState() throws Exception {
    var h = harness();
    h.open();
    long openedAt = T0;
    for (int i = 0; i < 20; i++) { // 20 crossings, one every 10 s: open, resolve, open, …, resolve at 190 s
      long t = T0 + i * 10 * SEC;
      if (i % 2 == 0) {
        openedAt = t;
        send(h, opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, t));
      } else {
        send(h, resolved("hill-a", "rain-1h", "rg-1", Level.ORANGE, openedAt, t));
      }
      watermark(h, t);
    }
    watermark(h, T0 + 190 * SEC + 30 * MIN - 1);
    assertThat(h.extractOutputValues()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.FLAPPING);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 30 * SEC); // the 4th crossing; the first 3 were still grouped
      assertThat(n.members()).hasSize(4);
    });
    watermark(h, T0 + 190 * SEC + 30 * MIN);
    assertThat(h.extractOutputValues()).extracting(Notification::kind).containsExactly(Kind.FLAPPING, Kind.SETTLED);
    assertThat(h.extractOutputValues().get(1).members().get(0).state()).isEqualTo(AlertState.RESOLVED);
    h.close();
  }

  @Test
  void aSilenceAndAnOfflineAlertSuppressWhatTheyMatchAndNothingElse() throws Exception {
    var h = harness();
    h.open();
    silence(h, new Silence("works", List.of("hill-a"), List.of(), List.of("rain-*"), T0,
        T0 + 30 * MIN, "ops", "gauge service"), T0);
    silence(h, new Silence("bad", List.of(), List.of(), List.of(), T0, T0, "", ""), T0); // refused
    AlertEvent silenced = opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, T0 + MIN);
    AlertEvent otherSite = opened("hill-b", "rain-1h", "rg-1", Level.ORANGE, T0 + MIN);
    AlertEvent offline = opened("hill-a", "offline", "ts-1", Level.YELLOW, T0 + MIN);
    AlertEvent inhibited = opened("hill-a", "tilt", "ts-1", Level.RED, T0 + 2 * MIN);
    AlertEvent tiltElsewhere = opened("hill-a", "tilt", "ts-2", Level.RED, T0 + 2 * MIN);
    for (AlertEvent e : List.of(silenced, otherSite, offline, inhibited, tiltElsewhere)) {
      send(h, e);
    }
    watermark(h, T0 + 29 * MIN);
    List<List<AlertEvent>> sent = new ArrayList<>();
    h.extractOutputValues().forEach(n -> sent.add(n.members()));
    // offline's group (from 1 min) closed at 1:30, before tilt on ts-2 at 2 min: two notifications at hill-a
    assertThat(sent).containsExactlyInAnyOrder(List.of(otherSite), List.of(offline), List.of(tiltElsewhere));
    watermark(h, T0 + 31 * MIN); // the silence ended at 30 min with the rain alert still open: sent once at 30:30
    assertThat(h.extractOutputValues()).hasSize(4);
    assertThat(h.extractOutputValues().get(3).members()).containsExactly(silenced);
    assertThat(h.extractOutputValues().get(3).createdAtMs()).isEqualTo(T0 + 30 * MIN + 30 * SEC);
    h.close();
  }

  @Test
  void anAckBecomesAnAcknowledgedTransitionAndAnAckOfAnUnknownAlertIsRefused() throws Exception {
    var h = harness();
    h.open();
    AlertEvent open = opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, T0);
    send(h, open);
    h.processElement(NotifyInput.of(new Ack(open.id(), "hill-a", "A. Operator", T0 + MIN, "on it")), T0 + MIN);
    h.processElement(NotifyInput.of(new Ack("alt_unknown", "hill-a", "A. Operator", T0 + MIN, "")), T0 + MIN);
    watermark(h, T0 + 5 * MIN);
    List<AckDecision> decisions = h.getSideOutput(NotifyFunction.ACK_DECISIONS).stream().map(StreamRecord::getValue)
        .toList();
    assertThat(decisions).extracting(AckDecision::isAccepted).containsExactly(true, false);
    assertThat(decisions.get(0).event()).extracting(AlertEvent::id, AlertEvent::state, AlertEvent::level,
        AlertEvent::updatedAtMs).containsExactly(open.id(), AlertState.ACKNOWLEDGED, Level.ORANGE, T0 + MIN);
    assertThat(decisions.get(1).reason()).contains("alt_unknown");
    assertThat(h.extractOutputValues()).extracting(Notification::eventType)
        .containsExactly("alert.opened", "alert.acknowledged");
    h.close();
  }

  @Test
  void openGroupsFlappingAndSilencesSurviveASnapshotAndRestore() throws Exception {
    var h = harness();
    h.open();
    silence(h, new Silence("m", List.of(), List.of("rg-9"), List.of(), T0, T0 + 60 * MIN, "ops", ""),
        T0);
    send(h, opened("hill-a", "rain-1h", "rg-1", Level.YELLOW, T0));
    send(h, opened("hill-a", "rain-1h", "rg-2", Level.ORANGE, T0 + SEC));
    long openedAt = T0;
    for (int i = 0; i < 5; i++) { // tilt on ts-1 flaps: 4th change at 40 s starts it, the 5th (50 s) is held
      long t = T0 + (10 + i * 10) * SEC;
      if (i % 2 == 0) {
        openedAt = t;
        send(h, opened("hill-a", "tilt", "ts-1", Level.BLUE, t));
      } else {
        send(h, resolved("hill-a", "tilt", "ts-1", Level.BLUE, openedAt, t));
      }
    }
    watermark(h, T0 + 5 * SEC);
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    List<Notification> before = new ArrayList<>(h.extractOutputValues());
    h.close();

    var r = harness();
    r.initializeState(snapshot);
    r.open();
    send(r, opened("hill-a", "rain-1h", "rg-9", Level.RED, T0 + 20 * SEC)); // muted by the restored silence
    watermark(r, T0 + 3 * 60 * MIN);
    List<Notification> all = new ArrayList<>(before);
    all.addAll(r.extractOutputValues());
    assertThat(all).extracting(Notification::kind, n -> n.members().size(), Notification::createdAtMs)
        .containsExactly(
            tuple(Kind.FLAPPING, 4, T0 + 40 * SEC), // emitted before the snapshot
            // rg-1 and rg-2, restored: the tilt changes at 10, 20, 30 s had joined the group before the flapping
            // notice took them over, so it closes 30 s after the one at 30 s
            tuple(Kind.GROUP, 2, T0 + 60 * SEC),
            tuple(Kind.SETTLED, 1, T0 + 50 * SEC + 30 * MIN), // the final state: opened at 50 s
            tuple(Kind.ALERT, 1, T0 + 60 * MIN + 30 * SEC)); // rg-9 once the silence is over
    r.close();
  }

  @Test
  void aGroupIsSentAfterTheWallClockBoundWhenEventTimeLagsAndNotTwice() throws Exception {
    var h = harness();
    h.open();
    h.setProcessingTime(1_000);
    send(h, opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, T0));
    send(h, opened("hill-a", "rain-1h", "rg-2", Level.YELLOW, T0 + 5 * SEC));
    watermark(h, T0 + 5 * SEC); // event time is behind the group's close (T0 + 35 s)
    h.setProcessingTime(1_000 + 9_999);
    assertThat(h.extractOutputValues()).isEmpty();
    h.setProcessingTime(1_000 + 10_000); // the default bound, 10 s after the first member arrived
    assertThat(h.extractOutputValues()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.GROUP);
      assertThat(n.members()).hasSize(2);
      assertThat(n.createdAtMs()).isEqualTo(T0 + 35 * SEC); // stamped with the group's due time as usual
    });
    watermark(h, T0 + 10 * MIN); // the event-time timer of the sent group finds nothing left
    h.setProcessingTime(1_000_000);
    assertThat(h.extractOutputValues()).hasSize(1);
    h.close();
  }

  @Test
  void aDeletedSilenceReleasesWhatItHeldAtTheNextRecheck() throws Exception {
    var h = harness();
    h.open();
    silence(h, new Silence("s1", List.of("hill-a"), List.of(), List.of(), T0, T0 + 24 * 60 * MIN,
        "ops", ""), T0);
    send(h, opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, T0 + SEC));
    watermark(h, T0 + 5 * MIN);
    assertThat(h.extractOutputValues()).isEmpty();
    silence(h, Silence.deletion("s1"), T0 + 5 * MIN);
    // The re-check runs at the next whole minute of event time after the last one was registered (T0 + 6 min).
    watermark(h, T0 + 6 * MIN);
    watermark(h, T0 + 7 * MIN);
    assertThat(h.extractOutputValues()).singleElement().satisfies(n -> {
      assertThat(n.kind()).isEqualTo(Kind.ALERT);
      assertThat(n.members().get(0).subject()).isEqualTo("hill-a/rain/rg-1");
    });
    h.close();
  }

  @Test
  @org.junit.jupiter.api.Timeout(value = 20, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
  void heldTransitionsDoNotReArmTheirReCheckForeverAtTheEndOfTime() throws Exception {
    var h = harness();
    h.open();
    silence(h, new Silence("s1", List.of("hill-a"), List.of(), List.of(), T0, T0 + 60 * MIN, "ops",
        ""), T0);
    send(h, opened("hill-a", "rain-1h", "rg-1", Level.ORANGE, T0 + SEC));
    watermark(h, Long.MAX_VALUE); // a bounded input finished: every timer fires once, then nothing is left
    assertThat(h.numEventTimeTimers()).isZero();
    h.close();
  }
}
