package org.vigil.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;

/**
 * Phase 1b, the database's limit: concurrent writers POST batches of 5,000 points of line protocol (the lines Vigil
 * stores for these readings) for a fixed time; the rate is points InfluxDB acknowledged per second, and a count query
 * afterwards must find every one. Twice, each into a fresh server: over plain HTTP ({@code java.net.http}, the
 * database's own limit) and through Vigil's {@link InfluxClient} (the InfluxDB Java client, as the job's sinks write),
 * so that the client's cost is read against the same machine at the same time.
 */
final class InfluxRawBench {

  private InfluxRawBench() {}

  /** Sends one batch; true when InfluxDB stored it. */
  @FunctionalInterface
  private interface Sender {
    boolean send(String body) throws Exception;
  }

  /** Runs both; returns the plain-HTTP rate (the raw limit the end-to-end phases are compared with). */
  static double run(Services s, Results.Phase p, int seconds, int writers, int batch) throws Exception {
    p.method(String.format(Locale.ROOT, "InfluxDB: %d concurrent writers, batches of %,d points of line protocol "
        + "(~%d bytes a point), HTTP /write precision=ms, %d s, then SELECT count(); once over plain HTTP "
        + "(java.net.http), once through Vigil's InfluxClient (influxdb-java), each on a fresh server", writers, batch,
        Payloads.line(1, 1_700_000_000_000L, 1).length() + 1, seconds));
    InfluxCredentials user = s.benchUser();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    URI uri = URI.create(s.influxUrl() + "/write?db=" + DB + "&precision=ms");
    String authorization = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (user.username() + ":" + user.password()).getBytes(StandardCharsets.UTF_8));
    double plain = measure(s, p, seconds, writers, batch, "influx", "InfluxDB batched line-protocol writes", body -> {
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
          .header("Authorization", authorization)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8))).build();
      return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode() == 204;
    });

    try (InfluxClient client = user.client(s.influxUrl(), Duration.ofSeconds(30))) {
      double viaClient = measure(s, p, seconds, writers, batch, "influxClient",
          "  the same through Vigil's InfluxClient (influxdb-java)", body -> {
            client.write(DB, body);
            return true;
          });
      p.figures.put("influxClientShareOfPlain", Stats.round(viaClient / plain, 3));
    }
    return plain; // the next phase restarts the server empty
  }

  private static final String DB = "bench_raw";

  private static double measure(Services s, Results.Phase p, int seconds, int writers, int batch, String key,
      String label, Sender sender) throws Exception {
    Influx influx = s.influx();
    s.freshDatabase(DB);
    int sensors = 1_000;
    String[] prefixes = new String[sensors * 3];
    for (int i = 0; i < prefixes.length; i++) {
      String line = Payloads.line(i % sensors, 0, i / sensors);
      prefixes[i] = line.substring(0, line.lastIndexOf(' ') + 1);
    }
    long base = System.currentTimeMillis() - 20L * 24 * 3_600_000; // inside the 30-day default retention
    AtomicLong batches = new AtomicLong();
    AtomicLong written = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long t0 = System.nanoTime();
    long end = t0 + seconds * 1_000_000_000L;
    List<Thread> threads = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      Thread t = new Thread(() -> {
        StringBuilder sb = new StringBuilder(batch * 200);
        while (System.nanoTime() < end) {
          long n = batches.getAndIncrement();
          sb.setLength(0);
          for (long i = n * batch; i < (n + 1) * batch; i++) {
            int sensor = (int) (i % sensors);
            sb.append(prefixes[sensor + sensors * (int) ((i / sensors) % 3)]).append(base + i / sensors).append('\n');
          }
          try {
            if (sender.send(sb.toString())) {
              written.addAndGet(batch);
            } else {
              failures.incrementAndGet();
            }
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        }
      }, "bench-influx-writer-" + w);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    double rate = written.get() / secs;
    long counted = influx.count(DB, "rain", "rain_mm");
    p.figures.put(key + "PointsWritten", written.get());
    p.figures.put(key + "PointsCounted", counted);
    p.figures.put(key + "FailedBatches", failures.get());
    p.figures.put(key + "PointsPerSec", Math.round(rate));
    p.row(label, String.format(Locale.ROOT, "%,.0f points/s", rate));
    p.row("  counted / written", String.format(Locale.ROOT, "%,d / %,d", counted, written.get()), "all",
        counted == written.get() ? "yes" : "NO");
    return rate;
  }
}
