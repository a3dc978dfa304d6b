package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.DeadLetter;
import org.vigil.core.Level;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.core.SiteRisk;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.jobs.rules.RulesetStatus;

class InfluxEncodersTest {

  private static final long T0 = 1_795_852_800_000L;

  @Test
  void lateReadingsAreTheSamePointWithALateField() {
    Reading r = new Reading("hill-a", SensorKind.RAIN, "rg-1", T0, 7, Map.of("rain_mm", 0.4), 3.7, Double.NaN, null);
    LineProtocol.Builder on = new LineProtocol.Builder();
    InfluxEncoders.reading(r, on);
    LineProtocol.Builder late = new LineProtocol.Builder();
    InfluxEncoders.lateReading(r, late);
    assertThat(on.toString().trim()).isEqualTo("rain,site=hill-a,sensor=rg-1 rain_mm=0.4,battery_v=3.7,seq=7i " + T0);
    assertThat(late.toString().trim())
        .isEqualTo("rain,site=hill-a,sensor=rg-1 rain_mm=0.4,battery_v=3.7,seq=7i,late=true " + T0);
  }

  @Test
  void deadLettersInOneMillisecondDoNotOverwriteEachOther() {
    InfluxEncoders.DeadLetterEncoder enc = new InfluxEncoders.DeadLetterEncoder();
    DeadLetter a = new DeadLetter("vigil/x/rain/a/data", "malformed_json", "not JSON", "{", 1, T0);
    DeadLetter b = new DeadLetter("vigil/x/rain/b/data", "malformed_json", "not JSON", "{", 1, T0);
    LineProtocol.Builder out = new LineProtocol.Builder();
    enc.encode(a, out);
    enc.encode(a, out); // the very same letter again: same slot and millisecond, so it moves to the next one
    enc.encode(b, out);
    String[] lines = out.toString().trim().split("\n");
    int slotA = InfluxEncoders.DeadLetterEncoder.slot(a);
    assertThat(lines[0]).startsWith("deadletter,reason=malformed_json,slot=" + slotA + " ").endsWith(" " + T0);
    assertThat(lines[1]).startsWith("deadletter,reason=malformed_json,slot=" + slotA + " ").endsWith(" " + (T0 + 1));
    int slotB = InfluxEncoders.DeadLetterEncoder.slot(b);
    // b is in another slot (or, if the hashes met, the next free millisecond): never a point a or a' already has.
    String keyB = slotB + " " + lines[2].substring(lines[2].lastIndexOf(' ') + 1);
    assertThat(keyB).isNotIn(slotA + " " + T0, slotA + " " + (T0 + 1));
    assertThat(lines[2]).contains("topic=\"vigil/x/rain/b/data\"");
  }

  /** The series key of a line (measurement and tags) and its time, as InfluxDB identifies a point. */
  private static String point(String line) {
    return line.substring(0, line.indexOf(' ')) + " @" + line.substring(line.lastIndexOf(' ') + 1);
  }

  private static List<String> points(LineProtocol.Builder out) {
    return List.of(out.toString().trim().split("\n")).stream().map(InfluxEncodersTest::point).toList();
  }

  private static AlertEvent opened(String sensor, long at) {
    return new AlertEvent("alt_" + sensor, "rain-1h", "hill-a", "hill-a/rain/" + sensor, Level.YELLOW, Level.NONE,
        AlertState.OPENED, 21.0, 20.0, at, at, "rain");
  }

  @Test
  void transitionsOfTwoSubjectsAtOneInstantAreTwoPoints() {
    InfluxEncoders.AlertEncoder enc = new InfluxEncoders.AlertEncoder();
    LineProtocol.Builder out = new LineProtocol.Builder();
    enc.encode(opened("rg-1", T0), out);
    enc.encode(opened("rg-2", T0), out);
    // Same rule, site, level, state and time: before the subject tag these were one point, the second overwriting.
    assertThat(points(out)).containsExactly(
        "alerts,site=hill-a,rule=rain-1h,level=yellow,state=opened,subject=hill-a/rain/rg-1 @" + T0,
        "alerts,site=hill-a,rule=rain-1h,level=yellow,state=opened,subject=hill-a/rain/rg-2 @" + T0);
  }

  @Test
  void aSecondTransitionOfOneSeriesInOneMillisecondMovesToTheNext() {
    InfluxEncoders.AlertEncoder enc = new InfluxEncoders.AlertEncoder();
    LineProtocol.Builder out = new LineProtocol.Builder();
    enc.encode(opened("rg-1", T0), out);
    enc.encode(opened("rg-1", T0), out);
    enc.encode(opened("rg-1", T0 + 5), out);
    assertThat(points(out)).extracting(p -> p.substring(p.indexOf('@') + 1))
        .containsExactly(Long.toString(T0), Long.toString(T0 + 1), Long.toString(T0 + 5));
  }

  @Test
  void acknowledgementsCarryTheSubjectTagAndNeverShareAPoint() {
    InfluxEncoders.AckEncoder enc = new InfluxEncoders.AckEncoder();
    LineProtocol.Builder out = new LineProtocol.Builder();
    for (String sensor : new String[] {"rg-1", "rg-2", "rg-2"}) {
      AlertEvent a = new AlertEvent("alt_" + sensor, "rain-1h", "hill-a", "hill-a/rain/" + sensor, Level.YELLOW,
          Level.YELLOW, AlertState.ACKNOWLEDGED, 21.0, 20.0, T0, T0 + 60_000, "acknowledged by maria");
      enc.encode(AckDecision.accepted(new Ack(a.id(), "hill-a", "maria", T0 + 60_000, "crew"), a), out);
    }
    assertThat(points(out)).containsExactly(
        "alerts,site=hill-a,rule=rain-1h,level=yellow,state=acknowledged,subject=hill-a/rain/rg-1 @" + (T0 + 60_000),
        "alerts,site=hill-a,rule=rain-1h,level=yellow,state=acknowledged,subject=hill-a/rain/rg-2 @" + (T0 + 60_000),
        "alerts,site=hill-a,rule=rain-1h,level=yellow,state=acknowledged,subject=hill-a/rain/rg-2 @" + (T0 + 60_001));
  }

  @Test
  void twoRiskChangesOfASiteInOneMillisecondAreKeptInOrder() {
    InfluxEncoders.SiteRiskEncoder enc = new InfluxEncoders.SiteRiskEncoder();
    LineProtocol.Builder out = new LineProtocol.Builder();
    // Two gauges at one instant: none -> yellow (rg-1), then yellow -> orange (rg-2); another site at the same time.
    enc.encode(new SiteRisk("hill-a", Level.YELLOW, Level.NONE, "rain-1h", "hill-a/rain/rg-1", 1, T0), out);
    enc.encode(new SiteRisk("hill-a", Level.ORANGE, Level.YELLOW, "rain-1h", "hill-a/rain/rg-2", 2, T0), out);
    enc.encode(new SiteRisk("hill-b", Level.YELLOW, Level.NONE, "rain-1h", "hill-b/rain/rg-1", 1, T0), out);
    assertThat(points(out)).containsExactly("site_risk,site=hill-a @" + T0, "site_risk,site=hill-a @" + (T0 + 1),
        "site_risk,site=hill-b @" + T0);
    assertThat(out.toString().split("\n")[1]).contains("level=\"orange\"");
  }

  @Test
  void twoRuleDecisionsWithOneStatusInOneMillisecondAreTwoPoints() {
    InfluxEncoders.RuleChangeEncoder enc = new InfluxEncoders.RuleChangeEncoder();
    LineProtocol.Builder out = new LineProtocol.Builder();
    enc.encode(new RulesetStatus(-1, false, 3, "a", "", "refused: x", List.of("x"), T0), out);
    enc.encode(new RulesetStatus(-1, false, 3, "b", "", "refused: y", List.of("y"), T0), out);
    enc.encode(new RulesetStatus(4, true, 4, "c", "", "1 rule changed", List.of(), T0), out);
    assertThat(points(out)).containsExactly("rule_changes,status=rejected @" + T0,
        "rule_changes,status=rejected @" + (T0 + 1), "rule_changes,status=accepted @" + T0);
  }
}
