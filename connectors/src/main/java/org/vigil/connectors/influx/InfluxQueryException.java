package org.vigil.connectors.influx;

/** An InfluxQL statement that InfluxDB answered with an error (HTTP 200 with an "error" result). */
public class InfluxQueryException extends InfluxException {

  public InfluxQueryException(String message, int status, String body) {
    super(withStatus(message, status, body), status, body, false, null);
  }
}
