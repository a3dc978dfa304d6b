package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * A slope sensor's state is bounded whatever its reporting rate, and a fast sensor's readings, averaged per
 * resolution, still give the right velocity. Expected values follow from the resolution rule by hand.
 */
class SlopeSensorBoundTest {

  private static final long S = 1_000L;
  private static final long HOUR = 3_600 * S;
  private static final long DAY = 24 * HOUR;
  private static final long T0 = 1_780_000_000_000L;

  private static final TypeSerializer<SlopeSensor> SERIALIZER =
      TypeInformation.of(SlopeSensor.class).createSerializer(new SerializerConfigImpl());

  /** 2 mm/d of noiseless creep, d(k s) = 2 k / 86400 mm. */
  private static double creep(long k) {
    return 2.0 * k / 86_400;
  }

  @Test
  void aOneHertzSensorIsAveragedPerFiveMinutesAndKeepsItsExactVelocity() {
    SlopeOptions o = SlopeOptions.defaults(); // resolution 5 min, 24 h windows, 3 d calibration, 3 d IV window
    SlopeSensor s = new SlopeSensor();
    for (long k = 0; k <= 2 * 86_400; k++) {
      assertThat(s.add(T0 + k * S, creep(k), o)).isTrue();
    }
    // Kept points: the first reading (0 s) as it is, then one per bin of readings (300 (j - 1), 300 j] s, j = 1..576,
    // at their mean time 300 j - 149.5 s: 577 points, all still kept because the 3-day calibration is open.
    assertThat(s.size).isEqualTo(577);
    assertThat(s.times[1]).isEqualTo(T0 + 150_500);
    assertThat(s.displacements[1]).isCloseTo(creep(150) + 2.0 * 0.5 / 86_400, within(1e-12)); // on the line
    // Velocity points from the first kept point whose window covers 12 h: 300 j - 149.5 >= 43200 s, j >= 145: 432.
    assertThat(s.velocityCount).isEqualTo(432);
    // Details over the 24 h acceleration window: velocity points j >= 288 (for j >= 289 a window of 289 points refers
    // to t_j - 12 h; j = 288 still holds the 0 s point and refers to 43051.02 s, just inside; j = 287 to 42900.99 s,
    // just outside the window's start 43050.5 s): 576 - 288 + 1 = 289.
    assertThat(s.detailCount).isEqualTo(289);
    SlopeSnapshot snap = s.snapshot(o);
    assertThat(snap.atMs()).isEqualTo(T0 + 2 * DAY); // the latest reading, not the latest kept point
    assertThat(snap.displacementMm()).isCloseTo(4.0, within(1e-12));
    assertThat(snap.velocityMmD()).isCloseTo(2.0, within(1e-9));
    // 0 up to rounding: the square root of a residual variance of about 1e-17 mm^2 from the 300-reading means.
    assertThat(snap.velocityStdErrMmD()).isCloseTo(0.0, within(1e-7));
    // Last window: points j = 288..576 (t >= 172650.5 - 86400 = 86250.5 s), mean time 300 * 432 - 149.5 = 129450.5 s.
    assertThat(snap.velocityAtMs()).isEqualTo(T0 + 129_450_500);
    // 0 up to the rounding of 300-reading means (a few 1e-9 mm/d^2).
    assertThat(snap.accelerationMmD2()).isCloseTo(0.0, within(1e-7));
    assertThat(snap.accelerating()).isFalse();
  }

  @Test
  void theSerializedStateStaysUnderFiftyKilobytesAtOneHertz() throws Exception {
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    int maxBytes = 0;
    for (long k = 0; k <= 5 * 86_400; k++) {
      s.add(T0 + k * S, creep(k), o);
      if (k % 3_600 == 0) {
        maxBytes = Math.max(maxBytes, serialize(s).length);
      }
    }
    // Kept points: 48 h (velocity window + the acceleration window's oldest window) = 576 + 1 after calibration;
    // velocity points 72 h = 864 + 1; details 24 h = 288 + 1.
    assertThat(s.size).isLessThanOrEqualTo(578);
    assertThat(s.velocityCount).isLessThanOrEqualTo(865);
    assertThat(s.detailCount).isLessThanOrEqualTo(290);
    assertThat(s.snapshot(o).steadyVelocityMmD()).isCloseTo(2.0, within(1e-9)); // calibrated over the first 3 days
    // Peak: at the end of the calibration, 865 kept points (16 B) + 721 velocity points (32 B: time, value, and the
    // window spread and length that weight and select them for the failure forecast) + 289 details (48 B) = 49.6 KB,
    // plus array slack: below 64 KB (a 1 Hz sensor used to keep megabytes).
    assertThat(maxBytes).isLessThan(64 * 1024);
  }

  @Test
  void aSensorWithAnOpenBinRoundTripsThroughThePojoSerializer() throws Exception {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(2.0);
    SlopeSensor s = new SlopeSensor();
    for (long k = 0; k <= 86_400 + 100; k++) { // the last bin holds 100 pending readings
      s.add(T0 + k * S, creep(k), o);
    }
    assertThat(s.bin.pendingCount).isEqualTo(100);
    assertThat(SERIALIZER).isInstanceOf(PojoSerializer.class);
    SlopeSensor back = SERIALIZER.deserialize(new DataInputDeserializer(serialize(s)));
    assertThat(back).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(s);
    assertThat(back.snapshot(o)).isEqualTo(s.snapshot(o));
    // Both carry on alike: 200 more readings close the bin (86400 + 300 s) and make a point at its mean time.
    for (long k = 86_401 + 100; k <= 86_400 + 300; k++) {
      s.add(T0 + k * S, creep(k), o);
      back.add(T0 + k * S, creep(k), o);
    }
    assertThat(back.bin.pendingCount).isZero();
    assertThat(back.times[back.size - 1]).isEqualTo(T0 + 86_400 * S + 150_500); // mean of 86401..86700 s
    assertThat(back).usingRecursiveComparison().withComparatorForType(Double::compare, Double.class).isEqualTo(s);
  }

  @Test
  void readingsAResolutionApartAreKeptAsTheyAre() {
    SlopeOptions o = SlopeOptions.defaults().withResolution(Duration.ofMinutes(5));
    SlopeSensor s = new SlopeSensor();
    for (int i = 0; i < 10; i++) {
      s.add(T0 + i * 5 * 60 * S, i, o); // exactly 5 minutes apart
    }
    assertThat(s.size).isEqualTo(10);
    assertThat(s.displacements[9]).isEqualTo(9.0);
    // With resolution zero every reading is kept, even a second apart.
    SlopeOptions every = o.withResolution(Duration.ZERO);
    SlopeSensor t = new SlopeSensor();
    for (int i = 0; i < 10; i++) {
      t.add(T0 + i * S, i, every);
    }
    assertThat(t.size).isEqualTo(10);
  }

  private static byte[] serialize(SlopeSensor s) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(4096);
    SERIALIZER.serialize(s, out);
    return out.getCopyOfBuffer();
  }
}
