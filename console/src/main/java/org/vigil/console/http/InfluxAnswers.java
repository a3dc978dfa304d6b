package org.vigil.console.http;

import org.vigil.connectors.influx.InfluxDatabaseNotFoundException;
import org.vigil.connectors.influx.InfluxException;

/**
 * What the console answers when InfluxDB cannot serve a request. The console runs no DDL, as the job does not: its
 * database is set up before it starts by {@code vigil influx setup} (which {@code ./vigil run} runs). Without the
 * database, or without the console's InfluxDB user's privilege on it, the console keeps serving what needs no
 * database, and what needs one answers 503 naming the command to run.
 */
public final class InfluxAnswers {

  private InfluxAnswers() {}

  /**
   * What is wrong and what to do when {@code database} is missing or not granted to {@code username} (null without
   * authentication).
   */
  public static String notSetUp(String database, String username) {
    return "InfluxDB database '" + database + "' is missing" + (username == null ? "" : " or not granted to user '"
        + username + "'") + ": the console does not create it; an InfluxDB admin sets it up with 'vigil influx setup"
        + " --influx-db " + database + (username == null ? "" : " --grant " + username) + "' (./vigil run does this"
        + " before it starts the job and the console)";
  }

  /**
   * The 503 for a failed InfluxDB request: {@link #notSetUp} when the database is missing (InfluxDB's "database not
   * found") or the user lacks the privilege on it (403, also what a user who is not an admin gets for a missing
   * database), else InfluxDB's answer.
   */
  public static ApiException unavailable(InfluxException e, String database, String username) {
    boolean notSetUp = e instanceof InfluxDatabaseNotFoundException || e.status() == 403
        || e.body() != null && e.body().startsWith("database not found");
    return new ApiException(503, notSetUp ? notSetUp(database, username)
        : "InfluxDB did not answer: " + e.getMessage());
  }
}
