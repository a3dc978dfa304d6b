package org.vigil.connectors.influx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Vigil's database in InfluxDB set up once, before a job runs, as an operations step (not from the job): the database,
 * the privileges of the users that read and write it, the retention policies {@code raw} and {@code rollup_1m} and the
 * rollups' continuous queries ({@link Retention}). What {@code vigil influx setup} runs, and {@code ./vigil run} before
 * it starts the job; on a Flink cluster an operator runs {@code vigil influx setup} as an InfluxDB admin before
 * submitting the job. Idempotent: what exists and matches is left, what differs is brought to the settings.
 *
 * <p>Run as an admin it does everything. Run as a user without admin rights (the job's own), it succeeds only where
 * an admin already did the work: the database exists and the user has a privilege on it, and the retention policies
 * are in place (they are then reported, not changed).
 */
public final class InfluxSetup {

  /** What was done, and what could not be (empty when everything is in place). */
  public record Report(List<String> done, List<String> problems) {

    /** Whether the database is ready as the settings want it. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  private InfluxSetup() {}

  /**
   * Sets up {@code db}.
   *
   * @param client InfluxDB as an admin (or a user without admin rights, see the class comment)
   * @param retention the retention settings ({@link RetentionOptions#fromLookup}); off leaves the policies alone
   * @param grantees users given {@code ALL} on the database (e.g. vigil-job, vigil-console), none for none
   */
  public static Report run(InfluxClient client, String db, RetentionOptions retention, List<String> grantees)
      throws InterruptedException {
    List<String> done = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try {
      client.createDatabase(db);
      done.add("database '" + db + "' is there");
    } catch (InfluxException e) {
      problems.add("database '" + db + "': " + e.getMessage());
      return new Report(done, problems); // nothing else can be set up without it
    }
    for (String user : grantees) {
      try {
        client.query(null, "GRANT ALL ON " + InfluxClient.quoteIdentifier(db) + " TO "
            + InfluxClient.quoteIdentifier(user));
        done.add("GRANT ALL ON '" + db + "' TO '" + user + "'");
      } catch (InfluxException e) {
        problems.add("GRANT ALL ON '" + db + "' TO '" + user + "': " + e.getMessage());
      }
    }
    if (!retention.enabled()) {
      done.add("VIGIL_INFLUX_RETENTION=off: the retention policies of '" + db + "' are left as they are");
      return new Report(done, problems);
    }
    try {
      Retention.apply(client, db, retention);
      done.add("retention policy " + Retention.RAW + " (" + retention.raw() + ", default) and " + Retention.ROLLUP
          + " (" + retention.rollup() + "), " + Retention.rollups(db).size() + " continuous queries with 1-minute"
          + " rollups");
    } catch (InfluxAuthException e) {
      // A user without admin rights may not manage retention policies or continuous queries: fine when an admin did.
      Optional<java.time.Duration> raw = e.status() == 403 ? Retention.rawRetentionOf(client, db) : Optional.empty();
      if (raw.isPresent()) {
        done.add("retention policies " + Retention.RAW + " (raw points kept " + raw.get() + ") and " + Retention.ROLLUP
            + " are in place; user '" + client.username() + "' may not change them (an admin's statements), so"
            + " VIGIL_INFLUX_RAW_RETENTION/VIGIL_INFLUX_ROLLUP_RETENTION are not applied");
      } else {
        problems.add("retention policies and rollups of '" + db + "': " + e.getMessage() + "; run vigil influx setup"
            + " as an InfluxDB admin, or these statements: " + Retention.statements(db, retention));
      }
    } catch (InfluxException e) {
      problems.add("retention policies and rollups of '" + db + "': " + e.getMessage() + "; fix it and run again, or"
          + " run these statements: " + Retention.statements(db, retention));
    }
    return new Report(done, problems);
  }
}
