package org.vigil.jobs.modes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.rules.RuleSetLoader;
import org.vigil.connectors.mqtt.source.MqttRecord;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.DeadLetter;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;
import org.vigil.core.SensorMetrics;
import org.vigil.jobs.audit.CommandAudit;
import org.vigil.jobs.notify.EscalationUpdate;
import org.vigil.jobs.notify.NotifyControl;
import org.vigil.jobs.notify.NotifyFunction;
import org.vigil.jobs.notify.NotifyInput;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.LiveRulesFunction;
import org.vigil.jobs.rules.RulesInput;
import org.vigil.jobs.rules.RulesetUpdate;
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;

/**
 * Command modes in Flink's harnesses: the mode operator's state (switches, repeated and refused requests, a restore,
 * a region returning to its parent's mode), a rule judged with the mode's levels, and the mode's escalation time.
 */
class ModesHarnessTest {

  private static final long SEC = 1000L;
  private static final long MIN = 60 * SEC;
  private static final long T0 = 1_795_852_800_000L; // 2026-11-28T08:00:00Z
  private static final long W0 = 1_795_852_810_000L;

  private static final RegistryUpdate REGISTRY = new RegistryUpdate(0, "ops", "", """
      regions:
        - {id: county, name: Hill County, level: county}
        - {id: east-town, name: East Township, level: township, parent: county}
        - {id: low-village, name: Low Village, level: village, parent: east-town}
        - {id: west-town, name: West Township, level: township, parent: county}
      sites:
        - {id: hill-a, region: low-village, location: {lat: 30, lon: 103}, tags: [tourist]}
        - {id: square-b, region: west-town, location: {lat: 30.1, lon: 103.1}}
      """, "", "test");

  /** rain-1h: yellow from 20 mm daily, from 10 mm in holiday mode; escalation red 5 min, halved in emergency. */
  private static final String RULES = """
      escalation: {red: 5m}
      rules:
        - id: rain-1h
          scope: {kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            yellow: {raise: 20, clear: 15}
            red:    {raise: 50, clear: 40}
      modes:
        holiday:
          rules:
            rain-1h:
              levels:
                yellow: {raise: 10, clear: 8}
                red:    {raise: 40, clear: 30}
        emergency:
          escalation: {factor: 0.5}
      """;

  private static MqttRecord request(String id, String region, String mode, String operator, String operatorRegion) {
    String json = "{\"request\":\"" + id + "\",\"region\":\"" + region + "\",\"mode\":\"" + mode
        + "\",\"reason\":\"festival week\",\"operator\":\"" + operator + "\",\"operatorRegion\":\"" + operatorRegion
        + "\",\"requestedAtMs\":" + T0 + "}";
    return new MqttRecord("vigil/control/mode/vigil-console", json.getBytes(StandardCharsets.UTF_8), W0);
  }

  private static KeyedBroadcastOperatorTestHarness<String, MqttRecord, RegistryUpdate, ModeStatus> modes()
      throws Exception {
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new ModeFunction(REGISTRY), List.of(RegistryGateFunction.REGISTRY)),
        (MqttRecord r) -> ModeFunction.KEY, Types.STRING, 1, 1, 0);
    return h;
  }

  private static <T> List<T> side(KeyedBroadcastOperatorTestHarness<?, ?, ?, ?> h,
      org.apache.flink.util.OutputTag<T> tag) {
    Queue<StreamRecord<T>> q = h.getSideOutput(tag);
    List<T> out = new ArrayList<>();
    if (q != null) {
      q.forEach(r -> out.add(r.getValue()));
    }
    return out;
  }

  private static Map<String, String> table(SiteModes m) {
    Map<String, String> out = new java.util.TreeMap<>();
    for (int i = 0; i < m.sites().length; i++) {
      out.put(m.sites()[i], m.modes()[i] + (m.tags()[i].isEmpty() ? "" : " " + m.tags()[i]));
    }
    return out;
  }

  @Test
  void switchesAreKeptAcrossARestoreRepeatsIgnoredAndOutOfRegionRequestsRefused() throws Exception {
    var h = modes();
    h.open();
    h.setProcessingTime(W0);
    h.processElement(request("r1", "east-town", "holiday", "ann", "east-town"), W0);
    h.processElement(request("r1", "east-town", "holiday", "ann", "east-town"), W0); // redelivered: ignored
    // West's operator may not switch East Township.
    h.processElement(request("r2", "east-town", "daily", "bob", "west-town"), W0);
    assertThat(h.extractOutputValues()).extracting(ModeStatus::region, ModeStatus::mode, ModeStatus::setBy)
        .containsExactly(tuple("east-town", "holiday", "ann"));
    assertThat(side(h, ModeFunction.AUDIT)).extracting(CommandAudit::kind, CommandAudit::identity, CommandAudit::user,
            CommandAudit::subject)
        .containsExactly(tuple("mode", "vigil-console", "ann", "east-town"));
    assertThat(side(h, ModeFunction.DEAD_LETTERS)).extracting(DeadLetter::reason, DeadLetter::detail)
        .containsExactly(tuple(ModeFunction.REFUSED,
            "region 'east-town' is not inside the operator's region 'west-town'"));
    // hill-a lies in low-village below east-town: holiday, with its tag; square-b stays daily (not listed).
    assertThat(side(h, ModeFunction.SITE_MODES)).extracting(ModesHarnessTest::table)
        .containsExactly(Map.of("hill-a", "holiday tourist"));
    OperatorSubtaskState snapshot = h.snapshot(1, 1);
    h.close();

    var r = modes();
    r.initializeState(snapshot);
    r.open();
    r.setProcessingTime(W0 + MIN);
    r.processElement(request("r1", "east-town", "holiday", "ann", "east-town"), W0 + MIN); // still seen: ignored
    // The county in emergency: east-town's own holiday is nearer to hill-a than the county's mode.
    r.processElement(request("r3", "county", "emergency", "chief", "county"), W0 + MIN);
    r.processElement(request("r4", "east-town", "inherit", "ann", "east-town"), W0 + 2 * MIN);
    assertThat(r.extractOutputValues()).extracting(ModeStatus::region, ModeStatus::mode)
        .containsExactly(tuple("county", "emergency"), tuple("east-town", null));
    assertThat(side(r, ModeFunction.SITE_MODES)).extracting(ModesHarnessTest::table).containsExactly(
        Map.of("hill-a", "holiday tourist", "square-b", "emergency"),
        Map.of("hill-a", "emergency tourist", "square-b", "emergency"));
    assertThat(side(r, ModeFunction.SITE_MODES)).extracting(SiteModes::seq)
        .isSortedAccordingTo(Long::compare).doesNotHaveDuplicates();
    r.close();
  }

  @Test
  void unreadableRequestsAndUnknownRegionsAreDeadLetters() throws Exception {
    var h = modes();
    h.open();
    h.processElement(new MqttRecord("vigil/control/mode/vigil-console", "{\"region\":\"county\"}"
        .getBytes(StandardCharsets.UTF_8), W0), W0);
    h.processElement(request("r5", "nowhere", "holiday", "ann", "county"), W0);
    h.processElement(request("r6", "county", "festive", "ann", "county"), W0);
    assertThat(h.extractOutputValues()).isEmpty();
    assertThat(side(h, ModeFunction.DEAD_LETTERS)).extracting(DeadLetter::detail).satisfiesExactly(
        d -> assertThat(d).startsWith("missing request; missing mode; missing reason"),
        d -> assertThat(d).isEqualTo("region 'nowhere' is not a region of the registry in force"),
        d -> assertThat(d).isEqualTo("mode must be daily, holiday, emergency or inherit, not 'festive'"));
    h.close();
  }

  private static SensorMetrics rain(String site, long ts, double mm1h) {
    return new SensorMetrics(site, SensorKind.RAIN, "rg-1", ts, Map.of("rain_mm", 1.0), Map.of("rain_1h", mm1h));
  }

  @Test
  void aRuleIsJudgedWithTheLevelsOfItsSitesModeAndTheTransitionSaysWhich() throws Exception {
    RulesetUpdate v0 = new RulesetUpdate(0, "test", "", RULES, "", "test");
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new LiveRulesFunction(LiveRulesFunction.Scope.SENSOR, v0),
            List.of(LiveRulesFunction.RULESET, ModesInForce.MODES)),
        SensorMetrics::subject, Types.STRING, 1, 1, 0);
    h.open();
    h.setProcessingTime(W0);
    // 12 mm in an hour at both sites, daily: below yellow's 20 mm.
    h.processElement(rain("hill-a", T0, 12), W0);
    h.processElement(rain("square-b", T0, 12), W0);
    assertThat(h.extractOutputValues()).isEmpty();
    // hill-a switched to holiday: the same 12 mm reaches yellow's 10 mm there; square-b stays daily.
    h.processBroadcastElement(RulesInput.of(new SiteModes(1, new String[] {"hill-a"}, new String[] {"holiday"},
        new String[] {"tourist"})), W0 + SEC);
    h.processElement(rain("hill-a", T0 + MIN, 12), W0 + MIN);
    h.processElement(rain("square-b", T0 + MIN, 12), W0 + MIN);
    assertThat(h.extractOutputValues()).extracting(AlertEvent::site, AlertEvent::level, AlertEvent::threshold,
            AlertEvent::mode)
        .containsExactly(tuple("hill-a", Level.YELLOW, 10.0, "holiday"));
    // An older table arriving late changes nothing; back to daily (a newer, empty table): 12 mm is below daily
    // yellow's clear of 15, so the alert resolves, judged in daily mode.
    h.processBroadcastElement(RulesInput.of(SiteModes.NONE), W0 + MIN);
    h.processElement(rain("hill-a", T0 + 2 * MIN, 12), W0 + 2 * MIN);
    assertThat(h.extractOutputValues()).hasSize(1);
    h.processBroadcastElement(RulesInput.of(new SiteModes(2, new String[0], new String[0], new String[0])), W0);
    h.processElement(rain("hill-a", T0 + 3 * MIN, 12), W0 + 3 * MIN);
    assertThat(h.extractOutputValues()).extracting(AlertEvent::state, AlertEvent::mode)
        .containsExactly(tuple(AlertState.OPENED, "holiday"), tuple(AlertState.RESOLVED, "daily"));
    h.close();
  }

  private static List<AlertEvent> referrals(
      KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h) {
    return side(h, NotifyFunction.REFERRALS);
  }

  private static void wallTo(KeyedBroadcastOperatorTestHarness<String, NotifyInput, NotifyControl, Notification> h,
      long t) throws Exception {
    for (long now = h.getProcessingTime(); now < t; ) {
      now = Math.min(t, now + 10 * SEC);
      h.setProcessingTime(now);
    }
  }

  @Test
  void anEmergencyHalvesTheEscalationTimeOfItsSitesAndASwitchAppliesToTheWaitingAlert() throws Exception {
    EscalationUpdate policy = EscalationUpdate.of(0, RuleSetLoader.parse(RULES, "rules.yaml"));
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(new NotifyFunction(NotifyOptions.defaults(), policy, REGISTRY),
            List.of(NotifyFunction.SILENCES, NotifyFunction.ESCALATION, NotifyFunction.REGISTRY, ModesInForce.MODES)),
        NotifyInput::site, Types.STRING, 8, 1, 0);
    ((SerializerConfigImpl) h.getExecutionConfig().getSerializerConfig()).setGenericTypes(false);
    h.open();
    h.setProcessingTime(W0);
    h.processBroadcastElement(NotifyControl.of(new SiteModes(1, new String[] {"hill-a"},
        new String[] {"emergency"}, new String[] {"tourist"})), W0);
    h.processElement(NotifyInput.of(new AlertEvent("alt_rain_a", "rain-1h", "hill-a", "hill-a/rain/rg-1", Level.RED,
        Level.NONE, AlertState.OPENED, 55, 50, T0, T0, "rain-1h opened")), T0);
    h.processElement(NotifyInput.of(new AlertEvent("alt_rain_b", "rain-1h", "square-b", "square-b/rain/rg-1",
        Level.RED, Level.NONE, AlertState.OPENED, 55, 50, T0, T0, "rain-1h opened")), T0);
    // Red waits 5 min daily; in emergency 5 min x 0.5 = 2 min 30 s: hill-a is referred at W0 + 150 s.
    wallTo(h, W0 + 5 * MIN);
    assertThat(referrals(h)).extracting(AlertEvent::site, AlertEvent::updatedAtMs).containsExactlyInAnyOrder(
        tuple("hill-a", W0 + 150 * SEC), tuple("hill-a", W0 + 300 * SEC), tuple("square-b", W0 + 300 * SEC));
    // hill-a back to daily (a newer table without it): its next referral waits the daily 5 min after the last.
    h.processBroadcastElement(NotifyControl.of(new SiteModes(2, new String[0], new String[0], new String[0])),
        W0 + 5 * MIN);
    wallTo(h, W0 + 10 * MIN);
    assertThat(referrals(h)).extracting(AlertEvent::site, AlertEvent::updatedAtMs).containsExactlyInAnyOrder(
        tuple("hill-a", W0 + 150 * SEC), tuple("hill-a", W0 + 300 * SEC), tuple("square-b", W0 + 300 * SEC),
        tuple("hill-a", W0 + 600 * SEC), tuple("square-b", W0 + 600 * SEC));
    h.close();
  }
}
