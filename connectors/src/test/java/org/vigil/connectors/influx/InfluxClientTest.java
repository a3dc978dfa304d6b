package org.vigil.connectors.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Response classification against a real local HTTP server with scripted answers. */
class InfluxClientTest {

  private final ScriptedHttpServer server = newServer();
  private final InfluxClient client = new InfluxClient(server.url(), null, null, Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void writePostsLineProtocolWithMillisecondPrecision() throws Exception {
    int dropped = client.write("my db", "m v=1 1\n");

    assertThat(dropped).isZero();
    ScriptedHttpServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    // The Java client's request: /write with the database and millisecond precision as query parameters.
    assertThat(r.pathAndQuery()).startsWith("/write?").contains("db=my%20db").contains("precision=ms")
        .doesNotContain("rp=");
    assertThat(r.body()).isEqualTo("m v=1 1\n");
    assertThat(r.header("Authorization")).isNull();
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 429, 408})
  void serverErrorsAndThrottlingAreRetryable(int status) {
    // Twice: OkHttp itself repeats a request answered 408 once (on a fresh server, one answer per request).
    server.then(ScriptedHttpServer.Response.of(status, "{\"error\":\"busy\"}"),
        ScriptedHttpServer.Response.of(status, "{\"error\":\"busy\"}"));

    InfluxRetryableException e =
        catchThrowableOfType(InfluxRetryableException.class, () -> client.write("db", "m v=1 1\n"));

    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isEqualTo(status);
    assertThat(e.body()).contains("busy");
  }

  @Test
  void retryAfterIsCarried() {
    server.then(new ScriptedHttpServer.Response(503, "", Map.of("Retry-After", "3"), 0));

    InfluxRetryableException e =
        catchThrowableOfType(InfluxRetryableException.class, () -> client.write("db", "m v=1 1\n"));

    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
  }

  @Test
  void missingDatabaseIsNotRetryableForTheClientAndNamesTheSetUpCommand() {
    server.then(ScriptedHttpServer.Response.of(404, "{\"error\":\"database not found: \\\"nodb\\\"\"}"));

    InfluxDatabaseNotFoundException e =
        catchThrowableOfType(InfluxDatabaseNotFoundException.class, () -> client.write("nodb", "m v=1 1\n"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.status()).isEqualTo(404);
    assertThat(e.database()).isEqualTo("nodb");
    assertThat(e.getMessage()).contains("database 'nodb' not found").contains("vigil influx setup --influx-db nodb");
  }

  @Test
  void badLineProtocolIsNonRetryableAndCarriesTheBody() {
    String body = "{\"error\":\"unable to parse 'm x=NaN 9000': invalid number\"}";
    server.then(ScriptedHttpServer.Response.of(400, body));

    InfluxBadRequestException e =
        catchThrowableOfType(InfluxBadRequestException.class, () -> client.write("db", "m x=NaN 9000\n"));

    assertThat(e.retryable()).isFalse();
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.body()).isEqualTo(body);
    assertThat(e.getMessage()).contains("invalid number");
  }

  @Test
  void partialWriteIsABadRequest() {
    server.then(
        ScriptedHttpServer.Response.of(
            400, "{\"error\":\"partial write: field type conflict: input field \\\"x\\\" dropped=1\"}"));

    assertThatThrownBy(() -> client.write("db", "m x=\"s\" 1\n"))
        .isInstanceOf(InfluxBadRequestException.class)
        .hasMessageContaining("field type conflict");
  }

  @Test
  void pointsBeyondRetentionAreReportedAsDroppedNotFailed() throws Exception {
    server.then(
        ScriptedHttpServer.Response.of(400, "{\"error\":\"partial write: points beyond retention policy dropped=2\"}"));

    assertThat(client.write("db", "m v=1 1\nm v=2 2\nm v=3 99999999999999\n")).isEqualTo(2);
  }

  @Test
  void notAuthenticatedIsFatalAndSaysWhatToSet() {
    server.then(ScriptedHttpServer.Response.of(401, "{\"error\":\"unable to parse authentication credentials\"}"));

    assertThatThrownBy(() -> client.write("db", "m v=1 1\n"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("VIGIL_INFLUX_USERNAME").hasMessageContaining("VIGIL_INFLUX_PASSWORD_FILE");
  }

  @Test
  void notAllowedIsFatalAndNamesTheGrant() {
    server.then(ScriptedHttpServer.Response.of(403, "{\"error\":\"not authorized to write\"}"));

    assertThatThrownBy(() -> client.write("db", "m v=1 1\n"))
        .isInstanceOfSatisfying(InfluxAuthException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("GRANT");
  }

  @Test
  void aUserWithoutAdminRightsCreatesADatabaseThatExistsAndNoOther() throws Exception {
    InfluxClient user = new InfluxClient(server.url(), "vigil-job", "pw", Duration.ofSeconds(5));
    String refused = "{\"error\":\"error authorizing query: vigil-job not authorized to execute statement"
        + " 'CREATE DATABASE vigil', requires admin privilege\"}";
    String visible = "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"databases\",\"columns\":"
        + "[\"name\"],\"values\":[[\"vigil\"]]}]}]}";
    server.then(ScriptedHttpServer.Response.of(403, refused));
    server.then(ScriptedHttpServer.Response.of(200, visible));
    user.createDatabase("vigil");

    server.then(ScriptedHttpServer.Response.of(403, refused));
    server.then(ScriptedHttpServer.Response.of(200, visible));
    assertThatThrownBy(() -> user.createDatabase("other"))
        .isInstanceOf(InfluxAuthException.class)
        .hasMessageContaining("GRANT ALL ON \"other\" TO \"vigil-job\"");
  }

  @Test
  void otherClientErrorsAreNonRetryable() {
    server.then(ScriptedHttpServer.Response.of(413, "{\"error\":\"Request Entity Too Large\"}"));

    assertThatThrownBy(() -> client.write("db", "m v=1 1\n"))
        .isInstanceOfSatisfying(InfluxException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("batchSize");
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    InfluxClient nowhere = new InfluxClient("http://127.0.0.1:" + port, null, null, Duration.ofSeconds(2));

    InfluxRetryableException e =
        catchThrowableOfType(InfluxRetryableException.class, () -> nowhere.write("db", "m v=1 1\n"));

    assertThat(e.status()).isZero();
  }

  @Test
  void timeoutIsRetryable() {
    server.then(new ScriptedHttpServer.Response(204, "", Map.of(), 1500));
    InfluxClient impatient = new InfluxClient(server.url(), null, null, Duration.ofMillis(200));

    assertThatThrownBy(() -> impatient.write("db", "m v=1 1\n"))
        .isInstanceOfSatisfying(InfluxRetryableException.class, e -> assertThat(e.status()).isZero())
        .hasMessageContaining("timed out");
  }

  @Test
  void credentialsGoInABasicAuthHeaderAndAreMasked() throws Exception {
    InfluxClient secured = new InfluxClient(server.url(), "vigil", "s3cret", Duration.ofSeconds(5));

    secured.write("db", "m v=1 1\n");

    String expected = "Basic " + Base64.getEncoder().encodeToString("vigil:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(server.requests().get(0).header("Authorization")).isEqualTo(expected);
    assertThat(server.requests().get(0).pathAndQuery()).doesNotContain("s3cret");
    assertThat(secured.toString()).contains("vigil").contains("****").doesNotContain("s3cret");
  }

  @Test
  void queryParsesJsonAndCountSumsTheFirstValueColumn() throws Exception {
    server.then(
        ScriptedHttpServer.Response.of(
            200,
            "{\"results\":[{\"statement_id\":0,\"series\":["
                + "{\"name\":\"rain\",\"tags\":{\"sensor\":\"a\"},\"columns\":[\"time\",\"count\"],\"values\":[[0,30]]},"
                + "{\"name\":\"rain\",\"tags\":{\"sensor\":\"b\"},\"columns\":[\"time\",\"count\"],\"values\":[[0,12]]}]}]}"),
        ScriptedHttpServer.Response.of(200, "{\"results\":[{\"statement_id\":0}]}"));

    assertThat(client.count("db", "SELECT count(rain_mm) FROM rain GROUP BY sensor")).isEqualTo(42);
    assertThat(client.count("db", "SELECT count(rain_mm) FROM rain")).isZero();

    ScriptedHttpServer.Request r = server.requests().get(0);
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.pathAndQuery()).startsWith("/query?").contains("db=db").contains("epoch=ms");
    assertThat(r.body()).contains("q=SELECT+count%28rain_mm%29+FROM+rain+GROUP+BY+sensor");
  }

  @Test
  void queryResultsKeepWhatInfluxDbAnsweredWholeNumbersAsIntegers() throws Exception {
    server.then(ScriptedHttpServer.Response.of(200, "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"rain\","
        + "\"tags\":{\"site\":\"s 1\"},\"columns\":[\"time\",\"n\",\"mm\",\"id\",\"late\",\"gap\"],"
        + "\"values\":[[1700000000123,5,2.5,\"r-1\",true,null]]}]},{\"statement_id\":1}]}"));

    JsonNode json = client.query("db", "SELECT * FROM rain; SELECT * FROM none");

    JsonNode series = json.path("results").path(0).path("series").path(0);
    assertThat(series.path("name").asText()).isEqualTo("rain");
    assertThat(series.path("tags").path("site").asText()).isEqualTo("s 1");
    JsonNode row = series.path("values").path(0);
    // The Java client decodes every number as a double: the time and the count come back as the integers they were.
    assertThat(row.path(0).isIntegralNumber()).isTrue();
    assertThat(row.path(0).asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(row.path(1).asText()).isEqualTo("5");
    assertThat(row.path(2).asDouble()).isEqualTo(2.5);
    assertThat(row.path(3).asText()).isEqualTo("r-1");
    assertThat(row.path(4).asBoolean()).isTrue();
    assertThat(row.path(5).isNull()).isTrue();
    assertThat(json.path("results").size()).isEqualTo(2);
    assertThat(json.path("results").path(1).has("series")).isFalse();
  }

  @Test
  void aRefusedQueryIsClassifiedAndNamesTheStatement() {
    server.then(ScriptedHttpServer.Response.of(400, "{\"error\":\"error parsing query: found EOF\"}"));

    assertThatThrownBy(() -> client.query("db", "SELECT * FROM"))
        .isInstanceOfSatisfying(InfluxBadRequestException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("SELECT * FROM");
  }

  @Test
  void statementErrorsRaiseQueryExceptions() {
    server.then(
        ScriptedHttpServer.Response.of(200, "{\"results\":[{\"statement_id\":0,\"error\":\"database not found: x\"}]}"));

    assertThatThrownBy(() -> client.query("x", "SELECT * FROM m"))
        .isInstanceOf(InfluxQueryException.class)
        .hasMessageContaining("database not found: x");
  }

  @Test
  void createDatabaseQuotesTheName() throws Exception {
    server.then(ScriptedHttpServer.Response.of(200, "{\"results\":[{\"statement_id\":0}]}"));

    client.createDatabase("we\"ird");

    assertThat(server.requests().get(0).body()).contains("q=CREATE+DATABASE+%22we%5C%22ird%22");
  }

  private static ScriptedHttpServer newServer() {
    try {
      return new ScriptedHttpServer();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
