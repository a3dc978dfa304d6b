package org.vigil.connectors.influx;

/** HTTP 404 on a write: the database does not exist. InfluxDB 1.x does not create it on write. */
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
        + ": create it first (CREATE DATABASE \"" + database
        + "\", or InfluxSink.builder().createDatabase(true))";
  }
}
