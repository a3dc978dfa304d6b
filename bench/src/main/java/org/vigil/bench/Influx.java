package org.vigil.bench;

import java.time.Duration;
import org.vigil.jobs.influx.InfluxClient;

/** Counting and resetting databases for the phases, over Vigil's own InfluxDB client. */
final class Influx {

  private final InfluxClient client;

  Influx(String url) {
    this.client = new InfluxClient(url, "", "", Duration.ofSeconds(60));
  }

  /** Creates {@code db} on a server restarted empty by {@link Services#freshDatabaseServer}. */
  void create(String db) throws InterruptedException {
    client.createDatabase(db);
  }

  /** Points stored in {@code measurement} (counted on {@code field}). */
  long count(String db, String measurement, String field) throws InterruptedException {
    return client.count(db, "SELECT count(\"" + field + "\") FROM \"" + measurement + "\"");
  }

  /**
   * Polls {@code count(field)} until {@code offset + expected} points are stored or the deadline passes; returns the
   * interpolated times the count (minus {@code offset}) reached 20 %, 80 % and all of {@code expected}, and the last
   * count minus {@code offset}.
   */
  double[] awaitCount(String db, String measurement, String field, long offset, long expected, long deadlineMs,
      long pollMs, String label) throws InterruptedException {
    double[] fractions = {0.2, 0.8, 1.0};
    double[] at = {Double.NaN, Double.NaN, Double.NaN};
    long prevT = System.currentTimeMillis();
    long prevN = 0;
    long lastNote = prevT;
    long n = 0;
    while (true) {
      long t = System.currentTimeMillis();
      n = count(db, measurement, field) - offset;
      for (int i = 0; i < fractions.length; i++) {
        double target = fractions[i] * expected;
        if (Double.isNaN(at[i]) && n >= target) {
          at[i] = n == prevN ? t : prevT + (t - prevT) * (target - prevN) / (double) (n - prevN);
        }
      }
      if (t - lastNote >= 5_000) {
        Log.say("  %s: %,d of %,d stored", label, n, expected);
        lastNote = t;
      }
      prevT = t;
      prevN = n;
      if (n >= expected || t > deadlineMs) {
        break;
      }
      Thread.sleep(pollMs);
    }
    return new double[] {at[0], at[1], at[2], n};
  }
}
