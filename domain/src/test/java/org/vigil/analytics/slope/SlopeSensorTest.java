package org.vigil.analytics.slope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;

class SlopeSensorTest {

  private static final long MIN = 60_000L;
  private static final long HOUR = 60 * MIN;
  private static final long DAY = 24 * HOUR;
  private static final long STEP = 10 * MIN;
  private static final long T0 = 1_780_000_000_000L; // an epoch-ms origin in 2026

  /** Feeds d(t) = v t every 10 minutes for t in [0, days]. */
  private static SlopeSensor linear(double vMmD, double days, SlopeOptions o) {
    SlopeSensor s = new SlopeSensor();
    for (long t = 0; t <= days * DAY; t += STEP) {
      s.add(T0 + t, vMmD * t / (double) DAY, o);
    }
    return s;
  }

  @Test
  void noiselessLinearCreepHasItsExactVelocityAndNoError() {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(0.5);
    SlopeSensor s = linear(0.5, 2, o);
    SlopeSnapshot snap = s.snapshot(o);
    assertThat(snap.atMs()).isEqualTo(T0 + 2 * DAY);
    assertThat(snap.displacementMm()).isCloseTo(1.0, within(1e-12)); // 0.5 mm/d * 2 d
    assertThat(snap.velocityMmD()).isCloseTo(0.5, within(1e-9));
    assertThat(snap.velocityStdErrMmD()).isCloseTo(0.0, within(1e-9));
    // The 24 h window [1 d, 2 d] holds 145 evenly spaced readings; their mean time is 1.5 d.
    assertThat(snap.velocityAtMs()).isEqualTo(T0 + 36 * HOUR);
    // The velocity is constant, so its slope is 0 and never significant.
    assertThat(snap.accelerationMmD2()).isCloseTo(0.0, within(1e-9));
    assertThat(snap.accelerating()).isFalse();
    assertThat(snap.accelerationOnsetMs()).isEqualTo(-1);
    // v = v_steady: atan(1) = 45 degrees, steady.
    assertThat(snap.tangentAngleDeg()).isCloseTo(45.0, within(1e-9));
    assertThat(snap.tangentAngleLowDeg()).isCloseTo(45.0, within(1e-9));
    assertThat(snap.tangentLevel()).isEqualTo(Level.NONE);
    assertThat(snap.forecast()).isNull();
  }

  @Test
  void noSnapshotUntilHalfTheVelocityWindowIsCovered() {
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    // Readings at 0, 10, ..., 710 min span 11 h 50 min: less than half of 24 h.
    for (long t = 0; t < 12 * HOUR; t += STEP) {
      s.add(T0 + t, 0.001 * t / MIN, o);
    }
    assertThat(s.snapshot(o)).isNull();
    s.add(T0 + 12 * HOUR, 0.72, o); // now 12 h are covered: 73 readings
    assertThat(s.snapshot(o)).isNotNull();
    // 0.001 mm/min = 1.44 mm/d; the window holds 0..12 h, mean time 6 h.
    assertThat(s.snapshot(o).velocityMmD()).isCloseTo(1.44, within(1e-9));
    assertThat(s.snapshot(o).velocityAtMs()).isEqualTo(T0 + 6 * HOUR);
  }

  @Test
  void quadraticVelocityIsTheDerivativeAtTheWindowMidTime() {
    // d = c t^2 / 2 with c = 0.2 mm/d^2, so v(t) = c t and a = c.
    double c = 0.2;
    // The fixed 24 h window under test: the adaptive one would shrink it once the sensor counts as accelerating.
    SlopeOptions o = SlopeOptions.defaults().withAdaptiveVelocityWindow(java.time.Duration.ofHours(2), 0);
    SlopeSensor s = new SlopeSensor();
    for (long t = 0; t <= 3 * DAY; t += STEP) {
      double days = t / (double) DAY;
      s.add(T0 + t, c * days * days / 2, o);
    }
    SlopeSnapshot snap = s.snapshot(o);
    // For evenly spaced times symmetric about m, the least-squares slope of t^2 is exactly 2m:
    // window [2 d, 3 d], m = 2.5 d, v = c * 2.5 = 0.5 mm/d (the window's end, 3 d, would say 0.6).
    assertThat(snap.velocityAtMs()).isEqualTo(T0 + 60 * HOUR);
    assertThat(snap.velocityMmD()).isCloseTo(0.5, within(1e-9));
    // Every velocity point is then c times its mid time, so their slope is c = 0.2 mm/d^2.
    assertThat(snap.accelerationMmD2()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void tangentAngleAndLevelFromAConfiguredSteadyVelocity() {
    double vs = 0.5;
    // The 24 h window under test: a velocity constantly above the steady one passes the short onset test, which
    // would shorten the window to 6 h (whose rounding errors put the lower bound a hair under the exact angles).
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(vs)
        .withOnsetShortTest(Duration.ZERO, Duration.ofHours(2));
    // v = tan(60 deg) v_s = 0.8660 mm/d -> 60 degrees: between 45 and 80, yellow.
    assertAngle(linear(vs * Math.tan(Math.toRadians(60)), 2, o).snapshot(o), 60.0, Level.YELLOW);
    // v = tan(80 deg) v_s = 2.8356 mm/d -> 80 degrees: orange from 80.
    assertAngle(linear(vs * Math.tan(Math.toRadians(80)), 2, o).snapshot(o), 80.0, Level.ORANGE);
    // v = tan(85 deg) v_s = 5.7150 mm/d -> 85 degrees: red from 85.
    assertAngle(linear(vs * Math.tan(Math.toRadians(85)), 2, o).snapshot(o), 85.0, Level.RED);
    // v = 0.25 mm/d = v_s / 2 -> atan(0.5) = 26.565 degrees: steady.
    assertAngle(linear(0.25, 2, o).snapshot(o), 26.56505117707799, Level.NONE);
    // v = 0: 0 degrees.
    assertAngle(linear(0.0, 2, o).snapshot(o), 0.0, Level.NONE);
  }

  private static void assertAngle(SlopeSnapshot snap, double deg, Level level) {
    assertThat(snap.tangentAngleDeg()).isCloseTo(deg, within(1e-9));
    // Noiseless: the standard error is 0, so the lower bound is the angle itself.
    assertThat(snap.tangentAngleLowDeg()).isCloseTo(deg, within(1e-9));
    assertThat(snap.tangentLevel()).isEqualTo(level);
  }

  @Test
  void steadyVelocityIsCalibratedFromTheFirstPeriod() {
    SlopeOptions o = SlopeOptions.defaults(); // calibration P3D, no configured steady velocity
    SlopeSensor s = new SlopeSensor();
    // 0.5 mm/d for 3 days (d(3 d) = 1.5 mm), then 1.5 mm/d.
    for (long t = 0; t <= 5 * DAY; t += STEP) {
      double days = t / (double) DAY;
      s.add(T0 + t, days <= 3 ? 0.5 * days : 1.5 + 1.5 * (days - 3), o);
      if (t == 2 * DAY) {
        SlopeSnapshot early = s.snapshot(o);
        assertThat(early.steadyVelocityMmD()).isNaN();
        assertThat(early.tangentAngleDeg()).isNaN();
        assertThat(early.tangentLevel()).isEqualTo(Level.NONE);
      }
    }
    SlopeSnapshot snap = s.snapshot(o);
    // The calibration fit over [0, 3 d] is the straight line of slope 0.5.
    assertThat(snap.steadyVelocityMmD()).isCloseTo(0.5, within(1e-9));
    // Window [4 d, 5 d] is all at 1.5 mm/d: atan(1.5 / 0.5) = atan(3) = 71.5651 degrees, yellow.
    assertThat(snap.velocityMmD()).isCloseTo(1.5, within(1e-9));
    assertThat(snap.tangentAngleDeg()).isCloseTo(71.56505117707799, within(1e-9));
    assertThat(snap.tangentLevel()).isEqualTo(Level.YELLOW);
  }

  @Test
  void onsetOfAConstructedAcceleration() {
    // 2 h windows and 1 h persistence keep the hand bounds tight.
    SlopeOptions o =
        SlopeOptions.defaults()
            .withSteadyVelocityMmD(0.5)
            .withVelocityWindow(Duration.ofHours(2))
            .withAccelerationWindow(Duration.ofHours(2))
            .withOnsetPersistence(Duration.ofHours(1));
    long onset = 3 * DAY;
    double c = 1.0; // mm/d^2 after the onset
    SlopeSensor s = new SlopeSensor();
    for (long t = 0; t <= onset + 6 * HOUR; t += STEP) {
      double days = t / (double) DAY;
      double after = Math.max(0, (t - onset) / (double) DAY);
      s.add(T0 + t, 0.5 * days + c * after * after / 2, o);
      SlopeSnapshot snap = s.snapshot(o);
      if (snap == null) {
        assertThat(t).isLessThan(HOUR); // no velocity until half the 2 h window is covered
        continue;
      }
      if (t <= onset) {
        // Constant velocity: the acceleration is 0 (to rounding), below the 0.01 mm/d^2 floor.
        assertThat(snap.accelerating()).as("at %d min", t / MIN).isFalse();
        assertThat(snap.accelerationOnsetMs()).isEqualTo(-1);
      }
      if (t == onset + 5 * HOUR) {
        // By reading time onset + 4 h every velocity point in the acceleration window (mid times >= onset + 1 h,
        // windows starting >= onset) is on the parabola, so a = c exactly and significant; that estimate refers to
        // onset + 2 h, and by onset + 5 h (estimate time onset + 3 h) the run has lasted the 1 h persistence.
        assertThat(snap.accelerating()).isTrue();
        assertThat(snap.accelerationMmD2()).isCloseTo(c, within(1e-6));
      }
    }
    SlopeSnapshot snap = s.snapshot(o);
    assertThat(snap.accelerating()).isTrue();
    // Earliest: the first velocity point that differs from 0.5 has its window end at onset + 10 min and refers to
    // about onset + 10 min - 1 h; an acceleration estimate containing it refers to about 1 h before that.
    // Latest: the run that holds from onset + 4 h on started at the latest at onset + 2 h (see above).
    assertThat(snap.accelerationOnsetMs()).isBetween(T0 + onset - 2 * HOUR + STEP, T0 + onset + 2 * HOUR);
  }

  @Test
  void noisySteadyCreepHasTheHandComputedVelocityErrorAndNoForecast() {
    // 0.5 mm/d with Gaussian noise of sd 1 mm (GNSS-like), readings every 10 min for 10 days, default options.
    SlopeOptions o = SlopeOptions.defaults();
    Random noise = new Random(7);
    SlopeSensor s = new SlopeSensor();
    int snapshots = 0;
    int pointAngleAbove45 = 0;
    int levelAboveNone = 0;
    int falselyAccelerating = 0;
    double seSum = 0;
    for (long t = 0; t <= 10 * DAY; t += STEP) {
      s.add(T0 + t, 0.5 * t / (double) DAY + noise.nextGaussian(), o);
      SlopeSnapshot snap = s.snapshot(o);
      if (t >= 4 * DAY) { // full windows and calibrated
        snapshots++;
        seSum += snap.velocityStdErrMmD();
        pointAngleAbove45 += snap.tangentAngleDeg() > 45 ? 1 : 0;
        levelAboveNone += snap.tangentLevel() != Level.NONE ? 1 : 0;
        falselyAccelerating += snap.accelerating() ? 1 : 0;
        assertThat(snap.forecast()).as("forecast at %d min", t / MIN).isNull();
      }
    }
    // se = sigma / sqrt(Sxx); 145 readings 1/144 d apart: Sxx = n (n^2 - 1) / 12 * (1/144)^2
    //    = 145 * 21024 / 12 / 20736 = 12.2512 d^2, so se = 1 / 3.5002 = 0.2857 mm/d.
    assertThat(seSum / snapshots).isCloseTo(0.2857, within(0.2857 * 0.1));
    // About half the point angles exceed 45 degrees (v scatters around v_steady) ...
    assertThat(pointAngleAbove45).isBetween(snapshots / 4, 3 * snapshots / 4);
    // ... but the lower bound v - 1.96 se exceeds v_steady only in the ~2.5% upper tail.
    assertThat(levelAboveNone).isLessThan(snapshots / 10);
    // A 2-standard-error excursion of the acceleration that then stays positive for 6 h is rare, not impossible.
    assertThat(falselyAccelerating).as("of %d", snapshots).isLessThan(snapshots / 10);
  }

  @Test
  void aReadingNotNewerIsIgnoredAndReported() {
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = new SlopeSensor();
    assertThat(s.add(T0 + HOUR, 1.0, o)).isTrue();
    assertThat(s.add(T0 + HOUR, 2.0, o)).isFalse(); // same time
    assertThat(s.add(T0, 3.0, o)).isFalse(); // older
    assertThat(s.add(T0 + 2 * HOUR, Double.NaN, o)).isFalse();
    assertThat(s.size).isEqualTo(1);
    assertThat(s.displacements[0]).isEqualTo(1.0);
  }

  @Test
  void historyIsKeptOnlyAsLongAsTheWindowsNeed() {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(0.5);
    SlopeSensor s = linear(0.5, 10, o);
    // Latest velocity point refers to t - 12 h; the acceleration window reaches back to t - 36 h, whose velocity
    // window began at t - 48 h: 48 h of 10-min readings = 289 readings. Velocity points: the larger of the 24 h
    // acceleration and 72 h inverse-velocity windows, 433 points.
    assertThat(s.size).isEqualTo(289);
    assertThat(s.velocityCount).isEqualTo(433);
  }

  @Test
  void aPopulatedSensorRoundTripsThroughFlinksPojoSerializer() throws Exception {
    SlopeOptions o = SlopeOptions.defaults();
    SlopeSensor s = linear(0.5, 4, o);
    TypeSerializer<SlopeSensor> ser =
        TypeInformation.of(SlopeSensor.class).createSerializer(new SerializerConfigImpl());
    assertThat(ser).isInstanceOf(PojoSerializer.class);
    DataOutputSerializer out = new DataOutputSerializer(1024);
    ser.serialize(s, out);
    SlopeSensor back = ser.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(back).usingRecursiveComparison().isEqualTo(s);
    assertThat(back.snapshot(o)).isEqualTo(s.snapshot(o));
    // And it carries on from where it was.
    assertThat(back.add(T0 + 4 * DAY + STEP, 0.5 * (4 * DAY + STEP) / DAY, o)).isTrue();
  }

  @Test
  void shortOnsetTestFindsAVelocityStepWithinItsWindowAndPersistence() {
    // 1 mm/d (the configured steady velocity) for 4 days, then 3 mm/d; the long test is kept out of the way.
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(1).withOnsetPersistence(Duration.ofDays(100));
    SlopeSensor s = new SlopeSensor();
    long step = 4 * DAY;
    for (long t = 0; t <= step; t += STEP) {
      s.add(T0 + t, t / (double) DAY, o);
      assertThat(s.accelerating).as("steady creep at %d min", t / MIN).isFalse();
    }
    for (long t = step + STEP; t <= step + 8 * HOUR; t += STEP) {
      s.add(T0 + t, 4 + 3 * (t - step) / (double) DAY, o);
    }
    // By step + 6 h the 6 h window lies wholly after the step: 3 mm/d, exact, 2 mm/d above steady with no error, so
    // a run has begun by its mean time, step + 3 h, and lasted the 2 h persistence when the window's mean time is
    // step + 5 h, i.e. at step + 8 h at the latest. A window whose mean time is before step - 3 h lies wholly before
    // the step (1 mm/d, no excess), so the run cannot have begun earlier.
    assertThat(s.accelerating).isTrue();
    assertThat(s.accelerationConfirmed).isFalse();
    SlopeSnapshot snap = s.snapshot(o);
    assertThat(snap.accelerationOnsetMs()).isBetween(T0 + step - 3 * HOUR, T0 + step + 3 * HOUR);
  }

  @Test
  void shortOnsetTestIsOffWithAZeroWindow() {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(1).withOnsetPersistence(Duration.ofDays(100))
        .withOnsetShortTest(Duration.ZERO, Duration.ofHours(2));
    SlopeSensor s = new SlopeSensor();
    for (long t = 0; t <= 5 * DAY; t += STEP) {
      s.add(T0 + t, t <= 4 * DAY ? t / (double) DAY : 4 + 3 * (t - 4 * DAY) / (double) DAY, o);
    }
    assertThat(s.accelerating).isFalse();
  }

  @Test
  void preciseWindowGivesTheVelocityToFivePercent() {
    SlopeOptions o = SlopeOptions.defaults().withSteadyVelocityMmD(1);
    SlopeSensor s = new SlopeSensor();
    // Kept points every 10 minutes over 24 h: dt = 1/144 d.
    s.times = new long[145];
    s.displacements = new double[145];
    for (int i = 0; i < 145; i++) {
      s.times[i] = T0 + i * STEP;
    }
    s.size = 145;
    s.velocityCount = 1;
    s.detailCount = 2;
    // Pooled residual variance (0.003 + 0.005) / 2 = 0.004 mm^2.
    s.residualVariances[0] = 0.003;
    s.residualVariances[1] = 0.005;
    // v = 1 mm/d: T = cbrt(12 * (1/144) * 0.004 * 20^2 / 1^2) = cbrt(0.133333) = 0.510873 d = 12.2610 h.
    s.velocities[0] = 1;
    assertThat(s.preciseWindowMs(DAY, o) / (double) HOUR).isCloseTo(12.2610, within(0.001));
    // v = 2 mm/d: cbrt(0.133333 / 4) = 0.321830 d = 7.7239 h.
    s.velocities[0] = 2;
    assertThat(s.preciseWindowMs(DAY, o) / (double) HOUR).isCloseTo(7.7239, within(0.001));
    // v = 4 mm/d: cbrt(0.133333 / 16) = 0.202740 d = 4.866 h, below the 6 h short window: 6 h.
    s.velocities[0] = 4;
    assertThat(s.preciseWindowMs(DAY, o)).isEqualTo(6 * HOUR);
    // A velocity below the steady one counts as the steady one: v = 0.5 -> 1 mm/d, 12.2610 h.
    s.velocities[0] = 0.5;
    assertThat(s.preciseWindowMs(DAY, o) / (double) HOUR).isCloseTo(12.2610, within(0.001));
    // 1 mm^2 at v = 1 mm/d: cbrt(12 / 144 * 400) = 3.2183 d, above the 24 h window: 24 h.
    s.residualVariances[0] = 1;
    s.residualVariances[1] = 1;
    s.velocities[0] = 1;
    assertThat(s.preciseWindowMs(DAY, o)).isEqualTo(DAY);
  }
}
