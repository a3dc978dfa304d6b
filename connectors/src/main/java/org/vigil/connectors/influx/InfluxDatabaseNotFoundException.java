package org.vigil.connectors.influx;

/**
 * HTTP 404 on a write: the database does not exist. InfluxDB 1.x does not create it on write, and the job does not
 * create it either: setting up the database is an operations step ({@code vigil influx setup}, which {@code ./vigil
 * run} runs before it starts the job). The sink's writer waits for it like for an outage ({@link RetryingWriter}).
 */
public class InfluxDatabaseNotFoundException extends InfluxException {

  private final String database;

  public InfluxDatabaseNotFoundException(String database, String url, String body) {
    super(withStatus(message(database, url), 404, body), 404, body, false, null);
    this.database = database;
  }

  /** The database that was not found. */
  public String database() {
    return database;
  }

  private static String message(String database, String url) {
    return "InfluxDB database '" + database + "' not found at " + url
        + ": set it up first with 'vigil influx setup --influx-db " + database + "' as an InfluxDB admin"
        + " (./vigil run does it before starting the job)";
  }
}
