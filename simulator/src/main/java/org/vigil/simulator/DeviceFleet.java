package org.vigil.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.vigil.core.SensorKind;

/**
 * The simulated devices of a run and the messages they send at each report time. Flink- and network-free, so the
 * storm arithmetic is unit-tested.
 */
public final class DeviceFleet {

  /** One MQTT message. */
  public record Message(String topic, byte[] payload) {}

  private static final SensorKind[] SLOPE_KINDS = {SensorKind.GNSS, SensorKind.TILT, SensorKind.CRACK, SensorKind.PORE};

  private final SimulatorOptions options;
  private final List<SimulatedSensor> sensors = new ArrayList<>();
  /** Epoch ms at which the storm began. */
  private final long stormStartMs;
  /** Slope scenario: epoch ms at which the slope fails, and at which the published history begins. */
  private final long failureMs;
  private final long historyStartMs;
  private final SplittableRandom drizzle;
  private long sent;

  public DeviceFleet(SimulatorOptions options, long startMs) {
    this.options = options;
    this.stormStartMs = startMs - options.stormLead().toMillis();
    this.failureMs = startMs + options.failureIn().toMillis();
    this.historyStartMs = startMs - options.history().toMillis();
    SplittableRandom r = new SplittableRandom(options.seed());
    this.drizzle = r.split();
    if (!options.devices().isEmpty()) {
      // Rain gauge i of a site's n sees between 80% and 130% of the storm, as below.
      Map<String, Integer> gauges = new HashMap<>();
      options.devices().stream().filter(d -> d.kind() == SensorKind.RAIN)
          .forEach(d -> gauges.merge(d.site(), 1, Integer::sum));
      Map<String, Integer> seen = new HashMap<>();
      for (FleetDevice d : options.devices()) {
        double factor = 1.0;
        if (d.kind() == SensorKind.RAIN) {
          int n = gauges.get(d.site());
          int i = seen.merge(d.site(), 1, Integer::sum);
          factor = n == 1 ? 1.0 : 0.8 + 0.5 * (i - 1) / (n - 1);
        }
        sensors.add(new SimulatedSensor(d.site(), d.kind(), d.id(), factor, r.nextLong()));
      }
      return;
    }
    for (String site : options.sites()) {
      for (int i = 1; i <= options.rainGauges(); i++) {
        // Gauge i of n sees between 80% and 130% of the storm: the first one the least.
        double factor = options.rainGauges() == 1 ? 1.0 : 0.8 + 0.5 * (i - 1) / (options.rainGauges() - 1);
        sensors.add(new SimulatedSensor(site, SensorKind.RAIN, "rg-" + i, factor, r.nextLong()));
      }
      for (int i = 1; i <= options.slopeSensors(); i++) {
        SensorKind k = SLOPE_KINDS[(i - 1) % SLOPE_KINDS.length];
        sensors.add(new SimulatedSensor(site, k, k.wireName() + "-" + i, 1.0, r.nextLong()));
      }
    }
  }

  /** Number of devices. */
  public int size() {
    return sensors.size();
  }

  /** Epoch ms at which the storm began (meaningful for the storm scenario). */
  public long stormStartMs() {
    return stormStartMs;
  }

  /** Slope scenario: epoch ms at which the slope fails. */
  public long failureMs() {
    return failureMs;
  }

  /** Slope scenario: epoch ms of the first published (history) report. */
  public long historyStartMs() {
    return historyStartMs;
  }

  /** Rain rate in mm/h at {@code ts} at the affected sites, before a gauge's own factor. */
  public double rainRate(long ts) {
    return switch (options.scenario()) {
      case STORM -> options.storm().rateAt((ts - stormStartMs) / 60_000.0);
      case SLOPE -> options.slope().rainRate(failureMs, ts);
      case CALM -> drizzle();
    };
  }

  /** Drizzle of 0-2 mm/h in about a third of the intervals: the calm scenario, and the sites a storm misses. */
  private double drizzle() {
    return drizzle.nextDouble() < 0.33 ? drizzle.nextDouble() * 2 : 0;
  }

  /** Number of devices at the sites the storm or the slope failure hits (the ones whose history is published). */
  public int affectedSize() {
    return (int) sensors.stream().filter(s -> options.affects(s.site)).count();
  }

  /**
   * A probe: the first affected device's report for the storm's start (or now, when calm), without advancing any
   * device state. Publishing it twice stores one point.
   */
  public Message firstMessage() {
    SimulatedSensor s = sensors.stream().filter(x -> options.affects(x.site)).findFirst().orElse(sensors.get(0));
    long ts = switch (options.scenario()) {
      case STORM -> stormStartMs;
      case SLOPE -> historyStartMs;
      case CALM -> System.currentTimeMillis();
    };
    SimulatedSensor copy = new SimulatedSensor(s.site, s.kind, s.id, s.rainFactor, 0);
    return new Message(s.topic(), copy.report(ts / options.interval().toMillis() * options.interval().toMillis(),
        options.interval().toMillis(), 0));
  }

  /** The messages of every device for the report at {@code ts}. */
  public List<Message> reportsAt(long ts) {
    return reportsAt(ts, options.interval().toMillis());
  }

  /**
   * The messages of every device for the report at {@code ts} covering the last {@code interval} ms. In the slope
   * scenario, displacement sensors report the {@link SlopeFailureProfile}'s displacement (plus their noise) and fall
   * silent once the slope has failed.
   */
  public List<Message> reportsAt(long ts, long interval) {
    return reportsAt(ts, interval, Which.ALL);
  }

  /**
   * The history published before the run goes live (the storm's lead, the slope's weeks): the reports at {@code ts}
   * of the devices at the affected sites only; the others report from the start on.
   */
  public List<Message> historyAt(long ts, long interval) {
    return reportsAt(ts, interval, Which.AFFECTED);
  }

  /**
   * The live reports at {@code ts} of the devices the storm or the slope failure does not affect: published on time
   * while the affected ones' history is still being published, so that none of them falls silent meanwhile.
   */
  public List<Message> othersAt(long ts, long interval) {
    return reportsAt(ts, interval, Which.OTHERS);
  }

  /** Which devices report. */
  private enum Which { ALL, AFFECTED, OTHERS }

  private List<Message> reportsAt(long ts, long interval, Which which) {
    double rate = rainRate(ts - interval / 2);
    boolean everywhere = options.scenario() == SimulatorOptions.Scenario.CALM || options.affectedSites().isEmpty();
    double quiet = everywhere ? rate : drizzle();
    boolean slope = options.scenario() == SimulatorOptions.Scenario.SLOPE;
    List<Message> out = new ArrayList<>(sensors.size());
    for (SimulatedSensor s : sensors) {
      boolean affected = options.affects(s.site);
      if (which == Which.AFFECTED && !affected || which == Which.OTHERS && affected) {
        continue;
      }
      double creep = Double.NaN;
      if (slope && affected && (s.kind == SensorKind.GNSS || s.kind == SensorKind.CRACK)) {
        if (ts >= failureMs) {
          continue; // the slope has gone, and the sensor with it
        }
        creep = options.slope().displacementMm(historyStartMs, failureMs, ts);
      }
      byte[] payload = s.report(ts, interval, affected ? rate : quiet, creep);
      sent++;
      if (options.badEvery() > 0 && sent % options.badEvery() == 0) {
        payload = malformed(sent);
      }
      out.add(new Message(s.topic(), payload));
    }
    return out;
  }

  private static byte[] malformed(long n) {
    String[] bad = {
      "{\"ts\": \"not a time\", \"values\": {\"rain_mm\": 0.2}}",
      "{\"ts\": 1795852800000, \"values\": {\"rain_mm\": \"lots\"}}",
      "{\"ts\": 1795852800000, \"values\": {\"rain_mm\": 1e999}}",
      "{\"values\": {\"rain_mm\": 0.2}}",
      "this is not json",
    };
    return bad[(int) (n / 7 % bad.length)].getBytes(StandardCharsets.UTF_8);
  }
}
