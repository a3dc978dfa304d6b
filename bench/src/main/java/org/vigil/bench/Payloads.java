package org.vigil.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.vigil.core.topics.Topics;

/**
 * The readings every phase publishes: rain-gauge reports of about 200 bytes of JSON, the same for the raw limit, Vigil
 * and Node-RED, e.g.
 *
 * <pre>
 * {"ts":1764406800123,"seq":123456,"values":{"rain_mm":0.0,"rain_rate_mm_h":0.0,"temp_c":14.25,"humidity_pct":87.5},
 *  "battery_v":3.61,"rssi":-71,"fw":"1.4.2","gateway":"gw-bench-01"}
 * </pre>
 *
 * on {@code vigil/<site>/rain/<sensor>/data}. A dry day: every reading is analysed and judged by every rain rule, and
 * none opens an alert, so the readings load the pipeline without alert traffic. (Until the benchmark's third round they
 * carried 0.1 mm a report on average: 6 mm/h at a report a minute crossed the Guzzetti I-D curve within hours of
 * device time, and 360 mm/h at a report a second, phase 3's background, opened every rain rule at every gauge.)
 */
final class Payloads {

  static final int SITES = 4;

  private Payloads() {}

  static String site(int sensor) {
    return "bench-" + (char) ('a' + sensor % SITES);
  }

  static String sensorId(int sensor) {
    return "g" + sensor;
  }

  static String topic(int sensor) {
    return Topics.reading(site(sensor), "rain", sensorId(sensor));
  }

  static byte[] reading(long ts, long seq) {
    double rain = 0;
    String json = String.format(Locale.ROOT,
        "{\"ts\":%d,\"seq\":%d,\"values\":{\"rain_mm\":%.1f,\"rain_rate_mm_h\":%.1f,\"temp_c\":%.2f,"
            + "\"humidity_pct\":%.1f},\"battery_v\":%.2f,\"rssi\":%d,\"fw\":\"1.4.2\",\"gateway\":\"gw-bench-01\"}",
        ts, seq, rain, rain * 12, 14 + (seq % 100) / 10.0, 80 + (seq % 20) / 2.0, 3.5 + (seq % 20) / 100.0,
        -60 - (int) (seq % 30));
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reading {@code i} of a live fleet of {@code lastTs.length} gauges: gauge {@code i % n}, its {@code i / n}-th
   * report, stamped with the time it is made (each gauge's device times ascend, a millisecond apart at least;
   * {@code lastTs} keeps each gauge's last one).
   */
  static Publisher.Message liveReading(long i, long[] lastTs) {
    int n = lastTs.length;
    int sensor = (int) (i % n);
    long ts = Math.max(System.currentTimeMillis(), lastTs[sensor] + 1);
    lastTs[sensor] = ts;
    return new Publisher.Message(topic(sensor), reading(ts, i / n));
  }

  /** A water-level report (the alert-latency probes), {@code level_m} in metres. */
  static byte[] level(long ts, long seq, double levelM) {
    return String.format(Locale.ROOT, "{\"ts\":%d,\"seq\":%d,\"values\":{\"level_m\":%.2f},\"battery_v\":3.6,\"rssi\":-70}",
        ts, seq, levelM).getBytes(StandardCharsets.UTF_8);
  }

  /** The line InfluxDB stores for a reading (as Vigil's encoder writes a rain report), for the raw write limit. */
  static String line(int sensor, long ts, long seq) {
    double rain = 0;
    return String.format(Locale.ROOT,
        "rain,site=%s,sensor=%s rain_mm=%.1f,rain_rate_mm_h=%.1f,temp_c=%.2f,humidity_pct=%.1f,battery_v=%.2f,"
            + "rssi=%di,seq=%di,fw=\"1.4.2\",gateway=\"gw-bench-01\" %d",
        site(sensor), sensorId(sensor), rain, rain * 12, 14 + (seq % 100) / 10.0, 80 + (seq % 20) / 2.0,
        3.5 + (seq % 20) / 100.0, -60 - (int) (seq % 30), seq, ts);
  }
}
