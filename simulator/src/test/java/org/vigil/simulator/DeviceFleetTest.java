package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vigil.core.Reading;
import org.vigil.decode.DecoderOptions;
import org.vigil.decode.DecodeException;
import org.vigil.decode.ReadingDecoder;

class DeviceFleetTest {

  private static final long START = 1_795_852_800_000L; // 2026-11-28T08:00:00Z

  private static SimulatorOptions storm(int badEvery) {
    return new SimulatorOptions("tcp://127.0.0.1:1", List.of("hill-a"), 1, 4, Duration.ofSeconds(60),
        SimulatorOptions.Scenario.STORM, StormProfile.DEFAULT, Duration.ofMinutes(45), null, null, null, null,
        badEvery, null, 7);
  }

  @Test
  void slopeProfileFollowsVoightsLawWithAlphaTwo() {
    SlopeFailureProfile p = new SlopeFailureProfile(0.5, Duration.ofDays(4), Duration.ofHours(12), 6);
    long day = 86_400_000L;
    long t0 = 0;
    long tf = 10 * day; // onset at 6 d
    // Creep: 0.5 mm/d * 6 d = 3 mm at the onset.
    assertThat(p.displacementMm(t0, tf, 6 * day)).isCloseTo(3.0, within(1e-9));
    // v = v0 L / (tf - t): 0.5 * 4 / 2 = 1 mm/d two days out, 0.5 * 4 / 1 = 2 mm/d one day out.
    assertThat(p.velocityMmPerDay(tf, 8 * day)).isCloseTo(1.0, within(1e-9));
    assertThat(p.velocityMmPerDay(tf, 9 * day)).isCloseTo(2.0, within(1e-9));
    assertThat(p.velocityMmPerDay(tf, 5 * day)).isEqualTo(0.5);
    // s = 3 + v0 L ln(L / (tf - t)) = 3 + 2 ln 4 = 3 + 2.7725887 one day out.
    assertThat(p.displacementMm(t0, tf, 9 * day)).isCloseTo(5.7725887, within(1e-6));
    // Rain: six hours of 6 mm/h a day from 12 h before the onset (5.5 d) until the failure.
    long h = 3_600_000L;
    assertThat(p.rainRate(tf, 5 * day)).isZero();
    assertThat(p.rainRate(tf, 5 * day + 13 * h)).isEqualTo(6.0); // 1 h into the first storm
    assertThat(p.rainRate(tf, 5 * day + 19 * h)).isZero(); // 7 h in: dry
    assertThat(p.rainRate(tf, 6 * day + 12 * h + 5 * h)).isEqualTo(6.0); // the next day's storm
    assertThat(p.rainRate(tf, tf)).isZero();
  }

  @Test
  void defaultSlopeAcceleratesOverTwentyDays() {
    SlopeFailureProfile p = SlopeFailureProfile.DEFAULT;
    long day = 86_400_000L;
    // v = 2 mm/d * 20 d / (tf - t): 8 mm/d five days out, 40 mm/d one day out.
    assertThat(p.velocityMmPerDay(30 * day, 25 * day)).isCloseTo(8.0, within(1e-9));
    assertThat(p.velocityMmPerDay(30 * day, 29 * day)).isCloseTo(40.0, within(1e-9));
  }

  @Test
  void slopeScenarioSensorsFallSilentAtTheFailure() {
    SimulatorOptions o = new SimulatorOptions("tcp://127.0.0.1:1", List.of("hill-a"), 1, 4, Duration.ofSeconds(60),
        SimulatorOptions.Scenario.SLOPE, null, Duration.ZERO, null, Duration.ofMinutes(30), Duration.ofDays(8),
        Duration.ofMinutes(10), 0, null, 7);
    DeviceFleet fleet = new DeviceFleet(o, START);
    assertThat(fleet.failureMs()).isEqualTo(START + 1_800_000L);
    assertThat(fleet.historyStartMs()).isEqualTo(START - 8 * 86_400_000L);
    // 1 gauge + gnss, tilt, crack, pore before the failure; gnss and crack gone after it.
    assertThat(fleet.reportsAt(START)).hasSize(5);
    assertThat(fleet.reportsAt(START + 1_800_000L)).extracting(DeviceFleet.Message::topic)
        .containsExactlyInAnyOrder("vigil/hill-a/rain/rg-1/data", "vigil/hill-a/tilt/tilt-2/data",
            "vigil/hill-a/pore/pore-4/data");
  }

  @Test
  void stormProfileRisesHoldsAndFalls() {
    StormProfile p = StormProfile.DEFAULT; // 120 mm/h peak, 60 min ramp, 20 hold, 40 decay
    assertThat(p.rateAt(-1)).isZero();
    assertThat(p.rateAt(30)).isEqualTo(60.0);
    assertThat(p.rateAt(70)).isEqualTo(120.0);
    assertThat(p.rateAt(100)).isEqualTo(60.0);
    assertThat(p.rateAt(121)).isZero();
  }

  @Test
  void gaugeTotalsMatchTheStormIntegralWithinOneTip() {
    DeviceFleet fleet = new DeviceFleet(storm(0), START);
    ReadingDecoder decoder = new ReadingDecoder(DecoderOptions.defaults(Set.of()));
    double total = 0;
    // One report a minute over the first 45 minutes of the storm.
    for (long t = fleet.stormStartMs() + 60_000; t <= START; t += 60_000) {
      for (DeviceFleet.Message m : fleet.reportsAt(t)) {
        Reading r = decoder.decode(m.topic(), m.payload(), START);
        if (m.topic().contains("/rain/")) {
          total += r.value("rain_mm");
        }
      }
    }
    // Integral of 2s mm/h over 0..45 min = 45^2/60 = 33.75 mm; the single gauge has factor 1; tips are 0.2 mm.
    assertThat(total).isCloseTo(33.75, within(0.2));
  }

  @Test
  void everyDeviceSendsValidReadingsAndBadOnesWhenAsked() {
    DeviceFleet fleet = new DeviceFleet(storm(5), START);
    ReadingDecoder decoder = new ReadingDecoder(DecoderOptions.defaults(Set.of("hill-a")));
    int ok = 0;
    int bad = 0;
    for (int i = 0; i < 4; i++) {
      for (DeviceFleet.Message m : fleet.reportsAt(START - 60_000L * i)) {
        try {
          decoder.decode(m.topic(), m.payload(), START);
          ok++;
        } catch (DecodeException e) {
          bad++;
        }
      }
    }
    assertThat(fleet.size()).isEqualTo(5);
    assertThat(ok + bad).isEqualTo(20);
    assertThat(bad).isEqualTo(4); // every fifth of 20
  }

  /** Rain in mm reported per topic over {@code reports} one-minute reports from the start. */
  private static java.util.Map<String, Double> rainTotals(DeviceFleet fleet, int reports) {
    java.util.Map<String, Double> totals = new java.util.TreeMap<>();
    for (int i = 0; i < reports; i++) {
      for (DeviceFleet.Message m : fleet.reportsAt(START + 60_000L * i)) {
        String json = new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.regex.Matcher r = java.util.regex.Pattern.compile("\"rain_mm\": ([0-9.]+)").matcher(json);
        if (r.find()) {
          totals.merge(m.topic(), Double.parseDouble(r.group(1)), Double::sum);
        }
      }
    }
    return totals;
  }

  /** A registry-like fleet: site a with two gauges and a GNSS station, site b with one gauge; the storm hits a. */
  private static SimulatorOptions stormAt(List<String> affected) {
    List<FleetDevice> devices = List.of(
        new FleetDevice("a", org.vigil.core.SensorKind.RAIN, "rg-1"),
        new FleetDevice("a", org.vigil.core.SensorKind.RAIN, "rg-2"),
        new FleetDevice("a", org.vigil.core.SensorKind.GNSS, "gnss-1"),
        new FleetDevice("b", org.vigil.core.SensorKind.RAIN, "rg-1"));
    // Began 70 min before the start: the default storm's plateau (120 mm/h from minute 60 to 80).
    return new SimulatorOptions("tcp://127.0.0.1:1", List.of(), 0, 0, Duration.ofSeconds(60),
        SimulatorOptions.Scenario.STORM, StormProfile.DEFAULT, Duration.ofMinutes(70), null, null, null, null,
        0, null, 7, devices, affected);
  }

  @Test
  void theStormHitsTheAffectedSitesAndTheOthersSeeDrizzle() {
    DeviceFleet fleet = new DeviceFleet(stormAt(List.of("a")), START);
    assertThat(fleet.size()).isEqualTo(4);
    assertThat(fleet.affectedSize()).isEqualTo(3);
    java.util.Map<String, Double> totals = rainTotals(fleet, 10);
    // 10 min of the plateau, 120 mm/h: 20 mm at factor 1; a's two gauges see 80% and 130%: 16 and 26 mm (within a
    // tip of 0.2 mm).
    assertThat(totals.get("vigil/a/rain/rg-1/data")).isCloseTo(16.0, within(0.2));
    assertThat(totals.get("vigil/a/rain/rg-2/data")).isCloseTo(26.0, within(0.2));
    // Drizzle: at most 2 mm/h in a third of the minutes, so at most 2 * 10 / 60 = 0.33 mm: one tip at most.
    assertThat(totals.get("vigil/b/rain/rg-1/data")).isLessThanOrEqualTo(0.2 + 1e-9);
  }

  @Test
  void withoutAffectedSitesTheStormHitsEverySite() {
    java.util.Map<String, Double> totals = rainTotals(new DeviceFleet(stormAt(List.of()), START), 10);
    // b's single gauge has factor 1: 120 mm/h over 10 min = 20 mm.
    assertThat(totals.get("vigil/b/rain/rg-1/data")).isCloseTo(20.0, within(0.2));
  }

  @Test
  void onlyTheAffectedSitesPublishHistory() {
    DeviceFleet fleet = new DeviceFleet(stormAt(List.of("a")), START);
    assertThat(fleet.historyAt(START - 600_000, 60_000).stream().map(DeviceFleet.Message::topic))
        .containsExactly("vigil/a/rain/rg-1/data", "vigil/a/rain/rg-2/data", "vigil/a/gnss/gnss-1/data");
    assertThat(fleet.othersAt(START, 60_000).stream().map(DeviceFleet.Message::topic))
        .containsExactly("vigil/b/rain/rg-1/data");
    assertThat(fleet.reportsAt(START)).hasSize(4);
    assertThat(fleet.firstMessage().topic()).isEqualTo("vigil/a/rain/rg-1/data");
  }

  @Test
  void anAffectedSiteMustBeInTheFleet() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> stormAt(List.of("c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affected site 'c'");
  }
}
