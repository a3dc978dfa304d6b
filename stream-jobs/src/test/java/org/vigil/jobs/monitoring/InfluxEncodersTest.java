package org.vigil.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.DeadLetter;
import org.vigil.core.Reading;
import org.vigil.core.SensorKind;
import org.vigil.jobs.influx.LineProtocol;

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
}
