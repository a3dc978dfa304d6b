package org.vigil.jobs.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertState;
import org.vigil.core.DeadLetter;
import org.vigil.core.Level;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.warning.cap.CapSchema;

/**
 * Warnings issued and lifted by hand: re-checked against the registry in force, carried out once per request id,
 * refused ones dead-lettered; a lifted rule's warning rises again as a new incident.
 */
class ManualWarningTest {

  static final long T0 = PublicWarningFunctionTest.T0; // 1_780_000_000_000: whole seconds
  static final String TOPIC = "vigil/control/warning/vigil-console";
  static final RegistryUpdate REG = new RegistryUpdate(0, "", "", PublicWarningFunctionTest.registry(0, "Upper Village")
      .replace("sites:", """
            - {id: t2, level: township, parent: c}
            - {id: v2, level: village, parent: t2}
          sites:"""), "", "file");

  static WarningInput issue(String request, String region, String level, String operatorRegion, long at) {
    return WarningInput.of(WarningRequest.parse(TOPIC, ("{\"request\":\"" + request + "\",\"action\":\"issue\","
        + "\"region\":\"" + region + "\",\"hazard\":\"flood\",\"level\":\"" + level + "\",\"description\":\"dam"
        + " spillway opened\",\"operator\":\"maria\",\"operatorRegion\":\"" + operatorRegion + "\",\"requestedAtMs\":"
        + at + "}").getBytes(StandardCharsets.UTF_8), at + 50));
  }

  static WarningInput lift(String request, String incident, String operatorRegion, long at) {
    return WarningInput.of(WarningRequest.parse(TOPIC, ("{\"request\":\"" + request + "\",\"action\":\"lift\","
        + "\"incident\":\"" + incident + "\",\"description\":\"\",\"operator\":\"maria\",\"operatorRegion\":\""
        + operatorRegion + "\",\"requestedAtMs\":" + at + "}").getBytes(StandardCharsets.UTF_8), at + 50));
  }

  @Test
  void anIssuedWarningIsCarriedOutOnceAndLiftedByItsIncident() throws Exception {
    try (var h = PublicWarningFunctionTest.harness(REG)) {
      h.open();
      h.setProcessingTime(T0);
      h.processElement(issue("r-1", "v", "red", "t", T0 + 700), T0 + 700);
      h.processElement(issue("r-1", "v", "red", "t", T0 + 700), T0 + 900); // the broker's redelivery
      String incident = "manual_v_" + (T0 / 1000) + ".1";
      List<IssuedWarning> out = h.extractOutputValues();
      assertThat(out).extracting(IssuedWarning::identifier, IssuedWarning::msgType, IssuedWarning::level,
          IssuedWarning::region).containsExactly(tuple(incident, "Alert", "red", "v"));
      IssuedWarning w = out.get(0);
      assertThat(w.sentMs()).isEqualTo(T0); // the request's time, whole seconds
      assertThat(CapSchema.problems(w.xml())).isEmpty();
      assertThat(w.xml()).contains("<valueName>vigil:issuedBy</valueName>", "<value>maria</value>",
          "dam spillway opened");
      assertThat(w.languages()).containsExactly("en-US", "zh-CN");
      assertThat(w.headlines()[0]).contains("Upper Village");
      assertThat(w.instructions()[0]).isNotBlank();

      h.processElement(lift("r-2", incident, "t", T0 + 60_000), T0 + 60_000);
      h.processElement(lift("r-2", incident, "t", T0 + 60_000), T0 + 60_100); // again: once
      h.processElement(lift("r-3", incident, "t", T0 + 61_000), T0 + 61_000); // lifted already: refused
      out = h.extractOutputValues();
      assertThat(out).extracting(IssuedWarning::identifier, IssuedWarning::msgType, IssuedWarning::level)
          .containsExactly(tuple(incident, "Alert", "red"), tuple("manual_v_" + (T0 / 1000) + ".2", "Cancel", "red"));
      assertThat(out.get(1).instructions()[0]).isEmpty();
      assertThat(out.get(1).xml()).contains("lifted by maria");
      assertThat(deadLetters(h)).extracting(DeadLetter::reason, DeadLetter::detail).containsExactly(
          tuple("warning_request_refused", "incident '" + incident + "' is not a warning in force"));
      // The two carried out are in the command audit, once each, under the console's identity.
      assertThat(h.getSideOutput(PublicWarningFunction.AUDIT).stream().map(StreamRecord::getValue).toList())
          .extracting(org.vigil.jobs.audit.CommandAudit::kind, org.vigil.jobs.audit.CommandAudit::identity,
              org.vigil.jobs.audit.CommandAudit::user, org.vigil.jobs.audit.CommandAudit::subject)
          .containsExactly(tuple("warning-issue", "vigil-console", "maria", incident),
              tuple("warning-lift", "vigil-console", "maria", incident));
    }
  }

  @Test
  void aRegionOutsideTheOperatorsOrUnknownIsRefused() throws Exception {
    try (var h = PublicWarningFunctionTest.harness(REG)) {
      h.open();
      h.processElement(issue("r-1", "v2", "orange", "t", T0), T0);
      h.processElement(issue("r-2", "v9", "orange", "c", T0), T0);
      h.processElement(issue("r-3", "v", "orange", "t9", T0), T0);
      h.processElement(issue("r-1", "v2", "orange", "t", T0), T0); // the same refused request again: once
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(deadLetters(h)).extracting(DeadLetter::topic, DeadLetter::reason, DeadLetter::detail).containsExactly(
          tuple(TOPIC, "warning_request_refused", "region 'v2' is not inside the operator's region 't'"),
          tuple(TOPIC, "warning_request_refused", "region 'v9' is not a region of the registry in force"),
          tuple(TOPIC, "warning_request_refused",
              "the operator's region 't9' is not a region of the registry in force"));
      // A county operator may: the county holds every region.
      h.processElement(issue("r-4", "v2", "orange", "c", T0 + 2_000), T0 + 2_000);
      assertThat(h.extractOutputValues()).extracting(IssuedWarning::identifier)
          .containsExactly("manual_v2_" + (T0 / 1000 + 2) + ".1");
    }
  }

  @Test
  void aLiftedRulesWarningRisesAgainAsANewIncident() throws Exception {
    try (var h = PublicWarningFunctionTest.harness(REG)) {
      h.open();
      h.processElement(PublicWarningFunctionTest.event("alt_x", AlertState.OPENED, Level.RED, Level.NONE, T0), T0);
      h.processElement(lift("r-1", "alt_x.1", "t2", T0 + 1_000), T0 + 1_000); // ford is in v, not under t2
      h.processElement(lift("r-2", "alt_x.1", "t", T0 + 2_000), T0 + 2_000);
      h.processElement(PublicWarningFunctionTest.event("alt_x", AlertState.DE_ESCALATED, Level.ORANGE, Level.RED,
          T0 + 3_000), T0 + 3_000);
      assertThat(h.extractOutputValues()).extracting(IssuedWarning::identifier, IssuedWarning::msgType,
          IssuedWarning::incident).containsExactly(tuple("alt_x.1", "Alert", "alt_x.1"),
          tuple("alt_x.2", "Cancel", "alt_x.1"), tuple("alt_x.3", "Alert", "alt_x.3"));
      assertThat(deadLetters(h)).extracting(DeadLetter::detail).containsExactly(
          "incident 'alt_x.1' (region 'v') is not inside the operator's region 't2'");
    }
  }

  @Test
  void malformedRequestsAreNamedAtOnce() {
    assertThatThrownBy(() -> WarningRequest.parse(TOPIC, "{\"request\":\"r\",\"action\":\"issue\",\"region\":\"v\","
        .concat("\"hazard\":\"fire\",\"level\":\"purple\",\"operator\":\"m\",\"operatorRegion\":\"c\",\"x\":1}")
        .getBytes(StandardCharsets.UTF_8), 0))
        .hasMessage("unknown field 'x'; requestedAtMs must be a positive whole number of epoch milliseconds; hazard"
            + " must be landslide, flood, crowd or other, not 'fire'; level must be yellow, orange or red, not"
            + " 'purple'");
    assertThatThrownBy(() -> WarningRequest.parse(TOPIC, "not json".getBytes(StandardCharsets.UTF_8), 0))
        .hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> WarningRequest.parse(TOPIC, ("{\"request\":\"r\",\"action\":\"lift\",\"operator\":\"m\","
        + "\"operatorRegion\":\"c\",\"incident\":\"nodot\",\"requestedAtMs\":5}").getBytes(StandardCharsets.UTF_8), 0))
        .hasMessage("incident 'nodot' is not an incident's identifier (<base>.<n>)");
  }

  private static List<DeadLetter> deadLetters(
      org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<String, WarningInput, RegistryUpdate,
          IssuedWarning> h) {
    var q = h.getSideOutput(WarningRequestDecoder.DEAD_LETTERS);
    return q == null ? List.of() : q.stream().map(StreamRecord::getValue).toList();
  }
}
