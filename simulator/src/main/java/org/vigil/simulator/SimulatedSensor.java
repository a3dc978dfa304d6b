package org.vigil.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.vigil.core.SensorKind;
import org.vigil.core.topics.Topics;

/**
 * One simulated field device producing realistic readings.
 *
 * <ul>
 *   <li>rain: a tipping-bucket gauge with 0.2 mm resolution; rain between tips is carried over, so the reported
 *       totals equal the simulated rainfall to within one tip;
 *   <li>gnss: displacement in mm, slow creep (about 0.5 mm/day) plus 1.5 mm of receiver noise, creeping faster
 *       while it rains hard;
 *   <li>tilt: two axes in degrees with 0.002° noise;
 *   <li>crack: crack opening in mm with 0.02 mm noise;
 *   <li>pore: pore-water pressure in kPa, rising with recent rain.
 * </ul>
 *
 * Battery voltage drifts down slowly from about 3.9 V (about 4 mV a day, not below 3.3 V); RSSI wanders around -75 dBm.
 */
final class SimulatedSensor {

  static final double TIP_MM = 0.2;

  final String site;
  final SensorKind kind;
  final String id;
  /** This gauge's share of the storm (gauges at one site do not see the same rain). */
  final double rainFactor;

  private final SplittableRandom random;
  private long seq;
  private double rainCarry;
  private double displacement;
  private double crack;
  private double wetness;
  private double battery;

  SimulatedSensor(String site, SensorKind kind, String id, double rainFactor, long seed) {
    this.site = site;
    this.kind = kind;
    this.id = id;
    this.rainFactor = rainFactor;
    this.random = new SplittableRandom(seed);
    this.displacement = 10 + random.nextDouble() * 20;
    this.crack = 2 + random.nextDouble() * 3;
    this.battery = 3.8 + random.nextDouble() * 0.15;
  }

  String topic() {
    return Topics.reading(site, kind.wireName(), id);
  }

  /**
   * The payload for a report at {@code ts} covering the last {@code intervalMs}, with rain falling at
   * {@code rainMmPerHour} (before this gauge's factor).
   */
  byte[] report(long ts, long intervalMs, double rainMmPerHour) {
    return report(ts, intervalMs, rainMmPerHour, Double.NaN);
  }

  /**
   * As {@link #report(long, long, double)}, with the slope's creep in mm since the start imposed on displacement
   * sensors (GNSS in full, crack meters at a tenth), unless NaN.
   */
  byte[] report(long ts, long intervalMs, double rainMmPerHour, double creepMm) {
    double hours = intervalMs / 3_600_000.0;
    double rain = rainMmPerHour * rainFactor * hours;
    wetness = wetness * Math.exp(-hours / 6) + rain; // roughly the rain of the last six hours
    // About 4 mV a day (a lithium pack over months), never below 3.3 V: long backfills stay physical.
    battery = Math.max(3.3, battery - 0.000_000_05 * intervalMs / 1000.0);
    String values =
        switch (kind) {
          case RAIN -> {
            rainCarry += rain;
            int tips = (int) Math.floor(rainCarry / TIP_MM + 1e-9);
            rainCarry -= tips * TIP_MM;
            yield "\"rain_mm\": " + fmt(tips * TIP_MM, 1);
          }
          case GNSS -> {
            double mmPerDay = 0.5 + Math.min(wetness, 80) * 0.5;
            displacement += Double.isNaN(creepMm) ? mmPerDay * hours / 24 : 0;
            double d = Double.isNaN(creepMm) ? displacement : displacement + creepMm;
            yield "\"disp_mm\": " + fmt(d + random.nextGaussian() * 1.5, 2);
          }
          case TILT -> "\"tilt_x_deg\": " + fmt(0.12 + random.nextGaussian() * 0.002, 4)
              + ", \"tilt_y_deg\": " + fmt(-0.05 + random.nextGaussian() * 0.002, 4);
          case CRACK -> {
            crack += Double.isNaN(creepMm) ? 0.01 * hours / 24 * (1 + wetness / 10) : 0;
            double c = Double.isNaN(creepMm) ? crack : crack + creepMm / 10;
            yield "\"crack_mm\": " + fmt(c + random.nextGaussian() * 0.02, 3);
          }
          case PORE -> "\"pore_kpa\": " + fmt(12 + wetness * 0.8 + random.nextGaussian() * 0.3, 2);
          case LEVEL -> "\"level_m\": " + fmt(1.2 + wetness * 0.02 + random.nextGaussian() * 0.005, 3);
        };
    String json =
        "{\"ts\": \"" + Instant.ofEpochMilli(ts) + "\", \"seq\": " + (seq++) + ", \"values\": {" + values
            + "}, \"battery_v\": " + fmt(battery, 3) + ", \"rssi\": " + (-75 + (int) Math.round(random.nextGaussian() * 6))
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
