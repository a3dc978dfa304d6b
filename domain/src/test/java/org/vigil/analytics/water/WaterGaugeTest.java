package org.vigil.analytics.water;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.core.settings.ConfigException;

class WaterGaugeTest {

  private static final long MIN = 60_000L;
  private static final long T0 = 1_780_000_000_000L;

  @Test
  void riseRateOfARampIsItsSlope() {
    WaterOptions o = WaterOptions.defaults(); // 1 h window
    WaterGauge g = new WaterGauge();
    // 2.00 m, rising 0.12 m/h = 0.01 m per 5 minutes, for 2 hours.
    for (int i = 0; i <= 24; i++) {
      g.add(T0 + i * 5 * MIN, 2.0 + 0.01 * i, o);
    }
    WaterSnapshot s = g.snapshot(o);
    assertThat(s.atMs()).isEqualTo(T0 + 120 * MIN);
    assertThat(s.levelM()).isCloseTo(2.24, within(1e-12)); // 2.00 + 24 * 0.01
    assertThat(s.riseMPerH()).isCloseTo(0.12, within(1e-9));
    // Only the 1 h window is kept: readings at 60, 65, ..., 120 min = 13.
    assertThat(g.size).isEqualTo(13);
  }

  @Test
  void aFallingLevelHasANegativeRate() {
    WaterOptions o = new WaterOptions(Duration.ofMinutes(30));
    WaterGauge g = new WaterGauge();
    for (int i = 0; i <= 6; i++) {
      g.add(T0 + i * 5 * MIN, 3.0 - 0.025 * i, o); // -0.025 m per 5 min = -0.3 m/h
    }
    assertThat(g.snapshot(o).riseMPerH()).isCloseTo(-0.3, within(1e-9));
  }

  @Test
  void oneSpikeMovesTheFitLessThanItWouldMoveADifference() {
    WaterOptions o = WaterOptions.defaults();
    WaterGauge g = new WaterGauge();
    // Flat at 1 m with a +0.13 m spike on the last of 13 readings 5 min apart.
    for (int i = 0; i <= 12; i++) {
      g.add(T0 + i * 5 * MIN, i == 12 ? 1.13 : 1.0, o);
    }
    // Slope = 0.13 * (x_12 - mean x) / Sxx with x in hours: x_12 - mean = 0.5 h, Sxx = 13 * 168 / 12 / 144 = 1.2639;
    // 0.13 * 0.5 / 1.2639 = 0.05143 m/h (a last-two-readings difference would say 1.56 m/h).
    assertThat(g.snapshot(o).riseMPerH()).isCloseTo(0.0514286, within(1e-6));
  }

  @Test
  void noRateUntilHalfTheWindowIsCoveredAndOldReadingsAreIgnored() {
    WaterOptions o = WaterOptions.defaults();
    WaterGauge g = new WaterGauge();
    assertThat(g.snapshot(o)).isNull();
    for (int i = 0; i < 6; i++) { // 0..25 min: less than 30 min
      g.add(T0 + i * 5 * MIN, 1.0 + i, o);
    }
    assertThat(g.snapshot(o).riseMPerH()).isNaN();
    assertThat(g.add(T0 + 25 * MIN, 9.0, o)).isFalse();
    assertThat(g.add(T0, 9.0, o)).isFalse();
    assertThat(g.add(T0 + 30 * MIN, 7.0, o)).isTrue(); // 1 m per 5 min = 12 m/h
    assertThat(g.snapshot(o).riseMPerH()).isCloseTo(12.0, within(1e-9));
  }

  @Test
  void aOneHertzGaugeKeepsThirtySecondMeansOverTheWindowOnly() {
    WaterOptions o = WaterOptions.defaults(); // 1 h window, 30 s resolution
    WaterGauge g = new WaterGauge();
    // 2.00 m rising 0.12 m/h, one reading a second for 2 hours: k = 0..7200 s.
    for (int k = 0; k <= 7200; k++) {
      assertThat(g.add(T0 + k * 1000L, 2.0 + 0.12 * k / 3600, o)).isTrue();
    }
    // Kept: the first reading, then one point per bin (30 (j - 1), 30 j] s at its mean time 30 j - 14.5 s, j = 1..240.
    // The window at the newest point (7185.5 s) reaches back to 3585.5 s: j = 120..240, 121 points (not 3,601).
    assertThat(g.size).isEqualTo(121);
    WaterSnapshot s = g.snapshot(o);
    assertThat(s.atMs()).isEqualTo(T0 + 7_200_000L); // the latest reading
    assertThat(s.levelM()).isCloseTo(2.24, within(1e-12)); // 2.00 + 0.12 * 2
    assertThat(s.riseMPerH()).isCloseTo(0.12, within(1e-9)); // bin means of a straight line lie on it
  }

  @Test
  void optionsFromLookup() {
    assertThat(WaterOptions.fromLookup(Map.<String, String>of()::get).resolution()).isEqualTo(Duration.ofSeconds(30));
    assertThat(WaterOptions.fromLookup(Map.of("VIGIL_WATER_RESOLUTION", "0s")::get).resolution())
        .isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> WaterOptions.fromLookup(Map.of("VIGIL_WATER_RESOLUTION", "PT10M")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIL_WATER_RESOLUTION: resolution must be zero to a tenth of the rise window");
    assertThat(WaterOptions.fromLookup(Map.<String, String>of()::get).riseWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(WaterOptions.fromLookup(Map.of("VIGIL_WATER_RISE_WINDOW", "PT30M")::get).riseWindow())
        .isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(() -> WaterOptions.fromLookup(Map.of("VIGIL_WATER_RISE_WINDOW", "soon")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIL_WATER_RISE_WINDOW='soon': not a duration");
    assertThatThrownBy(() -> WaterOptions.fromLookup(Map.of("VIGIL_WATER_RISE_WINDOW", "PT10S")::get))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("VIGIL_WATER_RISE_WINDOW: rise window must be at least 1 minute");
  }

  @Test
  void isAFlinkPojo() throws Exception {
    WaterOptions o = WaterOptions.defaults();
    WaterGauge g = new WaterGauge();
    Random r = new Random(3);
    for (int i = 0; i < 40; i++) {
      g.add(T0 + i * MIN, r.nextDouble(), o);
    }
    var ser = TypeInformation.of(WaterGauge.class).createSerializer(new SerializerConfigImpl());
    assertThat(ser).isInstanceOf(PojoSerializer.class);
    var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
    ser.serialize(g, out);
    WaterGauge back = ser.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).usingRecursiveComparison().isEqualTo(g);
    assertThat(back.snapshot(o)).isEqualTo(g.snapshot(o));
  }
}
