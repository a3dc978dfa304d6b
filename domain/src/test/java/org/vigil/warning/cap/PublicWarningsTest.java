package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

class PublicWarningsTest {

  static final long T0 = 1_780_000_000_000L; // 2026-05-28T20:26:40Z
  static final List<double[]> RING = List.of(new double[] {30.10, 103.20}, new double[] {30.10, 103.30},
      new double[] {30.20, 103.30}, new double[] {30.20, 103.20}, new double[] {30.10, 103.20});
  static final CapArea VILLAGE = new CapArea("Shanxia Village", List.of(RING),
      List.of(new CapArea.Geocode("ADM-CODE", "511822101201")));

  final PublicWarningPolicy policy = new PublicWarningPolicy("monitoring@county.example", "County Monitoring Center",
      Level.ORANGE, Duration.ofHours(12), ZoneOffset.ofHours(8), "https://vigil.county.example/warnings");
  static final WarningAreas AREAS = new WarningAreas() {
    @Override
    public CapArea site(String siteId) {
      return VILLAGE;
    }

    @Override
    public CapArea region(String regionId) {
      return VILLAGE;
    }
  };
  final WarningBook warnings = new WarningBook(new PublicWarnings(policy, WarningTexts.defaults(), AREAS));

  static AlertEvent event(AlertState state, Level level, Level previous, long atMs) {
    return new AlertEvent("alt_0123456789abcdef0123", "slope-forecast", "hillside", "hillside/gnss/g1", level,
        previous, state, 4.2, 3.0, T0, atMs, "GNSS g1 accelerating: failure forecast in 30 h", Map.of(
            "velocity_mm_d", 4.2), T0 + 30 * 3_600_000L);
  }

  static AlertEvent referred(Level level, int step, long atMs) {
    return event(AlertState.OPENED, level, Level.NONE, T0).referred(
        new AlertEvent.Referral(step, step == 1 ? "township-1" : "county-1", step == 1 ? "township" : "county",
            false), atMs, "not acknowledged within 5m");
  }

  @Test
  void aReferralUpTheCommandChainIssuesNoUpdateAndNeverAnAlert() {
    CapAlert red = valid(warnings.onTransition(event(AlertState.OPENED, Level.RED, Level.NONE, T0)));
    assertThat(warnings.onTransition(referred(Level.RED, 1, T0 + 300_000))).isEmpty();
    assertThat(warnings.onTransition(referred(Level.RED, 2, T0 + 600_000))).isEmpty();
    assertThat(warnings.inForce()).containsExactly(red);
    // A referral of an alert whose warning is not in force (e.g. the job started after it opened) starts none.
    WarningBook fresh = new WarningBook(new PublicWarnings(policy, WarningTexts.defaults(), AREAS));
    assertThat(fresh.onTransition(referred(Level.RED, 1, T0 + 300_000))).isEmpty();
    assertThat(fresh.inForce()).isEmpty();
  }

  static CapAlert valid(Optional<CapAlert> a) {
    assertThat(a).isPresent();
    assertThat(CapSchema.problems(CapXml.write(a.get()))).isEmpty();
    return a.get();
  }

  @Test
  void aWarningsLifeIsAlertUpdateCancelWithReferencesToWhatItReplaces() {
    assertThat(warnings.onTransition(event(AlertState.OPENED, Level.YELLOW, Level.NONE, T0))).isEmpty();

    CapAlert alert = valid(warnings.onTransition(event(AlertState.ESCALATED, Level.ORANGE, Level.YELLOW, T0 + 60_000)));
    assertThat(alert.identifier()).isEqualTo("alt_0123456789abcdef0123.1");
    assertThat(alert.msgType()).isEqualTo(Cap.MsgType.Alert);
    assertThat(alert.incidents()).isEqualTo("alt_0123456789abcdef0123.1");
    assertThat(CapTime.format(alert.sent())).isEqualTo("2026-05-29T04:27:40+08:00");
    assertThat(alert.infos()).extracting(CapInfo::language).containsExactly("en-US", "zh-CN");
    CapInfo en = alert.infos().get(0);
    assertThat(en.headline()).isEqualTo("Orange landslide warning for Shanxia Village");
    assertThat(alert.infos().get(1).headline()).isEqualTo("Shanxia Village滑坡橙色预警");
    assertThat(en.severity()).isEqualTo(Cap.Severity.Severe);
    assertThat(en.urgency()).isEqualTo(Cap.Urgency.Expected);
    assertThat(en.responseTypes()).containsExactly(Cap.ResponseType.Prepare);
    assertThat(en.categories()).containsExactly(Cap.Category.Geo);
    assertThat(CapTime.format(en.expires())).isEqualTo("2026-05-29T16:27:40+08:00");
    assertThat(en.parameters()).containsEntry("vigil:forecastFailureAt", "2026-05-30T02:26:40Z")
        .containsEntry("vigil:velocity_mm_d", "4.200");
    assertThat(en.areas()).containsExactly(VILLAGE);

    CapAlert red = valid(warnings.onTransition(event(AlertState.ESCALATED, Level.RED, Level.ORANGE, T0 + 120_000)));
    assertThat(red.identifier()).isEqualTo("alt_0123456789abcdef0123.2");
    assertThat(red.msgType()).isEqualTo(Cap.MsgType.Update);
    assertThat(red.references()).containsExactly(alert.asReference());
    assertThat(red.infos().get(0).severity()).isEqualTo(Cap.Severity.Extreme);
    assertThat(red.infos().get(0).responseTypes()).containsExactly(Cap.ResponseType.Evacuate);

    assertThat(warnings.onTransition(event(AlertState.ACKNOWLEDGED, Level.RED, Level.RED, T0 + 130_000))).isEmpty();
    assertThat(warnings.inForce()).containsExactly(red);

    CapAlert cancel = valid(warnings.onTransition(event(AlertState.RESOLVED, Level.NONE, Level.RED, T0 + 180_000)));
    assertThat(cancel.identifier()).isEqualTo("alt_0123456789abcdef0123.3");
    assertThat(cancel.msgType()).isEqualTo(Cap.MsgType.Cancel);
    assertThat(cancel.references()).containsExactly(alert.asReference(), red.asReference());
    assertThat(cancel.note()).startsWith("the alert is resolved");
    assertThat(cancel.infos().get(0).responseTypes()).containsExactly(Cap.ResponseType.AllClear);
    assertThat(cancel.infos().get(0).headline()).isEqualTo("The landslide warning for Shanxia Village is lifted.");
    assertThat(warnings.inForce()).isEmpty();
  }

  @Test
  void fallingBelowThePublicLevelLiftsTheWarning() {
    valid(warnings.onTransition(event(AlertState.OPENED, Level.ORANGE, Level.NONE, T0)));
    CapAlert cancel = valid(warnings.onTransition(event(AlertState.DE_ESCALATED, Level.YELLOW, Level.ORANGE,
        T0 + 60_000)));
    assertThat(cancel.msgType()).isEqualTo(Cap.MsgType.Cancel);
    assertThat(cancel.note()).contains("yellow, below the public warning level");
    assertThat(warnings.inForce()).isEmpty();
    // Rising again is a new incident with the chain's next number, referencing nothing of the lifted one.
    CapAlert again = valid(warnings.onTransition(event(AlertState.ESCALATED, Level.ORANGE, Level.YELLOW,
        T0 + 120_000)));
    assertThat(again.identifier()).isEqualTo("alt_0123456789abcdef0123.3");
    assertThat(again.msgType()).isEqualTo(Cap.MsgType.Alert);
    assertThat(again.incidents()).isEqualTo("alt_0123456789abcdef0123.3");
    assertThat(again.references()).isEmpty();
    CapAlert lifted = valid(warnings.onTransition(event(AlertState.RESOLVED, Level.NONE, Level.ORANGE,
        T0 + 180_000)));
    assertThat(lifted.references()).extracting(CapAlert.Reference::identifier)
        .containsExactly("alt_0123456789abcdef0123.3");
    // Its resolution after a lowering is no news to the public.
    valid(warnings.onTransition(event(AlertState.OPENED, Level.ORANGE, Level.NONE, T0 + 240_000)));
    valid(warnings.onTransition(event(AlertState.DE_ESCALATED, Level.YELLOW, Level.ORANGE, T0 + 300_000)));
    assertThat(warnings.onTransition(event(AlertState.RESOLVED, Level.NONE, Level.YELLOW, T0 + 360_000))).isEmpty();
  }

  @Test
  void anOpenWarningIsRenewedBeforeItExpires() {
    CapAlert alert = valid(warnings.onTransition(event(AlertState.OPENED, Level.RED, Level.NONE, T0)));
    assertThat(warnings.renewalsDue(T0 + Duration.ofHours(6).toMillis() - 1_000)).isEmpty();
    List<CapAlert> due = warnings.renewalsDue(T0 + Duration.ofHours(6).toMillis());
    assertThat(due).hasSize(1);
    CapAlert renewal = due.get(0);
    assertThat(renewal.msgType()).isEqualTo(Cap.MsgType.Update);
    assertThat(renewal.references()).containsExactly(alert.asReference());
    assertThat(CapTime.format(renewal.infos().get(0).expires())).isEqualTo("2026-05-29T22:26:40+08:00");
    assertThat(CapSchema.problems(CapXml.write(renewal))).isEmpty();
    assertThat(warnings.renewalsDue(T0 + Duration.ofHours(7).toMillis())).isEmpty();
  }

  @Test
  void theHazardFollowsTheSubjectsKind() {
    AlertEvent level = new AlertEvent("alt_flood000000000000000", "river", "ford", "ford/level/l1", Level.RED,
        Level.NONE, AlertState.OPENED, 3.1, 2.5, T0, T0, "river above 2.5 m");
    CapAlert flood = valid(warnings.onTransition(level));
    assertThat(flood.infos().get(0).event()).isEqualTo("Flood");
    assertThat(flood.infos().get(0).categories()).containsExactly(Cap.Category.Met);
    AlertEvent crowd = new AlertEvent("alt_crowd000000000000000", "square", "plaza", "plaza/camera/c1", Level.RED,
        Level.NONE, AlertState.OPENED, 5.0, 4.0, T0, T0, "4 persons/m2");
    assertThat(valid(warnings.onTransition(crowd)).infos().get(0).categories()).containsExactly(Cap.Category.Safety);
  }

  @Test
  void anOperatorIssuesAndLiftsByHand() {
    CapAlert manual = warnings.issue(new PublicWarnings.Manual("village-3", Hazard.FLOOD, Level.RED,
        "duty-officer", "Dam spillway opened upstream."), T0);
    assertThat(CapSchema.problems(CapXml.write(manual))).isEmpty();
    assertThat(manual.identifier()).isEqualTo("manual_village-3_1780000000.1");
    assertThat(manual.infos().get(0).parameters()).containsEntry("vigil:issuedBy", "duty-officer");
    assertThat(manual.infos().get(0).description()).isEqualTo("Dam spillway opened upstream.");
    assertThatThrownBy(() -> warnings.issue(new PublicWarnings.Manual("village-3", Hazard.FLOOD, Level.RED,
        "duty-officer", null), T0)).hasMessageContaining("this very second");
    CapAlert lifted = valid(warnings.lift(manual.incidents(), T0 + 60_000, "spillway closed"));
    assertThat(lifted.msgType()).isEqualTo(Cap.MsgType.Cancel);
    assertThat(lifted.references()).containsExactly(manual.asReference());
    assertThat(warnings.lift(manual.incidents(), T0 + 120_000, "again")).isEmpty();
  }

  @Test
  void theSameTransitionsIssueTheSameIdentifiers() {
    WarningBook replay = new WarningBook(new PublicWarnings(policy, WarningTexts.defaults(), AREAS));
    AlertEvent open = event(AlertState.OPENED, Level.RED, Level.NONE, T0);
    assertThat(replay.onTransition(open)).isEqualTo(warnings.onTransition(open));
  }

  @Test
  void aChainSurvivesFlinksPojoSerializerAndCarriesOn() throws Exception {
    PublicWarnings policyOnly = new PublicWarnings(policy, WarningTexts.defaults(), AREAS);
    PublicWarnings.Step opened = policyOnly.onTransition(null, event(AlertState.OPENED, Level.ORANGE, Level.NONE, T0));
    TypeSerializer<WarningChain> ser =
        TypeInformation.of(WarningChain.class).createSerializer(new SerializerConfigImpl());
    assertThat(ser).isInstanceOf(PojoSerializer.class);
    DataOutputSerializer out = new DataOutputSerializer(512);
    ser.serialize(opened.chain(), out);
    WarningChain back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).usingRecursiveComparison().isEqualTo(opened.chain());
    CapAlert red = policyOnly.onTransition(back, event(AlertState.ESCALATED, Level.RED, Level.ORANGE, T0 + 60_000))
        .message();
    assertThat(red.identifier()).isEqualTo("alt_0123456789abcdef0123.2");
    assertThat(red.references()).containsExactly(opened.message().asReference());
    assertThat(red.infos().get(0).parameters()).isEqualTo(opened.message().infos().get(0).parameters());
  }
}
