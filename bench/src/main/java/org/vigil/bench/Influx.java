package org.vigil.bench;

import java.time.Duration;
import org.vigil.connectors.influx.InfluxClient;
import org.vigil.connectors.influx.InfluxCredentials;

/** Counting and resetting databases for the phases, over Vigil's own InfluxDB client. */
final class Influx {

  private final InfluxClient client;

  /** A client of {@code url} as {@code user} (the bench's own user, or the admin for databases). */
  Influx(String url, InfluxCredentials user) {
    this.client = user.client(url, Duration.ofSeconds(60));
  }

  /** The client underneath, for statements of its own. */
  InfluxClient client() {
    return client;
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
