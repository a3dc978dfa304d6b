package org.vigil.connectors.influx;

/**
 * HTTP 400: InfluxDB rejected (part of) the request, e.g. unparsable line protocol or a field type
 * conflict ("partial write: ..."). Repeating it fails the same way. On a write this means the encoder
 * produced bad data; {@link #body()} says which line.
 */
public class InfluxBadRequestException extends InfluxException {

  public InfluxBadRequestException(String message, String body) {
    super(withStatus(message, 400, body), 400, body, false, null);
  }
}
