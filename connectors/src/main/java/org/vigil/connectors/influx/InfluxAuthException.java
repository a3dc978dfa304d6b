package org.vigil.connectors.influx;

/** HTTP 401 or 403: the configured credentials are missing, wrong, or lack the privilege. */
public class InfluxAuthException extends InfluxException {

  public InfluxAuthException(String message, int status, String body) {
    super(withStatus(message, status, body), status, body, false, null);
  }
}
