package org.vigil.alerts.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.AlertEvent;
import org.vigil.core.AlertState;
import org.vigil.core.Level;

class AlertJsonTest {

  @Test
  void webhookBodyHasTheDocumentedShape() {
    // Times worked out independently: 1764316800000 ms = 2025-11-28T08:00:00Z, +300250 ms = 08:05:00.250Z.
    String expected = "{\"type\":\"alert.escalated\",\"timestamp\":\"2025-11-28T08:05:00.250Z\",\"data\":{"
        + "\"id\":\"alt_0123456789abcdef0123\",\"rule\":\"rain-1h\",\"site\":\"hillside-a\","
        + "\"subject\":\"hillside-a/rain/r1\",\"level\":\"orange\",\"previousLevel\":\"yellow\","
        + "\"state\":\"escalated\",\"value\":41.5,\"threshold\":40.0,"
        + "\"startedAt\":\"2025-11-28T08:00:00.000Z\",\"updatedAt\":\"2025-11-28T08:05:00.250Z\","
        + "\"message\":\"rainfall over the last hour at hillside-a/rain/r1 is 41.5 mm, at or above the orange level"
        + " of 40 mm\",\"details\":{},\"forecastFailureAt\":null}}";

    assertThat(AlertJson.toWebhookBody(TestEvents.escalated())).isEqualTo(expected);
  }

  @Test
  void detailsAndForecastAreWrittenSortedAndRoundTrip() {
    // 1764316800000 ms = 2025-11-28T08:00:00Z; the forecast 6 h later = 14:00:00Z.
    AlertEvent e = new AlertEvent("a", "slope-tangent-angle", "s", "s/gnss/g1", Level.ORANGE, Level.YELLOW,
        AlertState.ESCALATED, 81.2, 80, 1764316800000L, 1764316800000L, "m",
        java.util.Map.of("velocity_mm_d", 4.5, "forecast_r2", 0.93, "ignored_nan", Double.NaN),
        1764316800000L + 6 * 3_600_000L);
    String json = AlertJson.toJson(e);

    assertThat(json).contains("\"details\":{\"forecast_r2\":0.93,\"velocity_mm_d\":4.5},"
        + "\"forecastFailureAt\":\"2025-11-28T14:00:00.000Z\"");
    assertThat(AlertJson.fromJson(json)).isEqualTo(e);
    assertThat(e.details()).doesNotContainKey("ignored_nan");
  }

  @Test
  void detailsMustBeNumbers() {
    String json = "{\"id\":\"a\",\"rule\":\"r\",\"site\":\"s\",\"subject\":\"s/x\",\"level\":\"blue\","
        + "\"previousLevel\":\"none\",\"state\":\"opened\",\"value\":1,\"threshold\":0.5,\"startedAt\":1000,"
        + "\"updatedAt\":1000,\"details\":{\"duration_h\":\"long\"}}";

    assertThatThrownBy(() -> AlertJson.fromJson(json)).isInstanceOf(AlertJsonException.class)
        .hasMessageContaining("'details.duration_h' must be a number");
  }

  @Test
  void webhookBodyRoundTrips() {
    AlertEvent e = TestEvents.escalated();

    assertThat(AlertJson.fromWebhookBody(AlertJson.toWebhookBody(e))).isEqualTo(e);
  }

  @Test
  void plainJsonIsTheDataObjectAndRoundTrips() {
    AlertEvent e = TestEvents.escalated();
    String json = AlertJson.toJson(e);

    assertThat(json).startsWith("{\"id\":\"alt_0123456789abcdef0123\",").doesNotContain("\"type\"");
    assertThat(AlertJson.fromJson(json)).isEqualTo(e);
  }

  @Test
  void everyStateRoundTripsUnderItsEventType() {
    for (AlertState s : AlertState.values()) {
      AlertEvent e = new AlertEvent("a", "r", "s", "s/rain/1", Level.NONE, Level.RED, s, 1, 2, 0, 1, null, Map.of(),
          null, s == AlertState.REFERRED ? new AlertEvent.Referral(1, "t1", "township", false) : null);
      String body = AlertJson.toWebhookBody(e);

      assertThat(body).startsWith("{\"type\":\"alert." + s.wireName() + "\"");
      assertThat(AlertJson.fromWebhookBody(body)).isEqualTo(e);
    }
    assertThat(AlertJson.eventType(AlertState.DE_ESCALATED)).isEqualTo("alert.de-escalated");
  }

  @Test
  void nonFiniteNumbersAreWrittenAsNullAndReadAsNaN() {
    AlertEvent e = new AlertEvent("a", "r", "s", "s/tilt/1", Level.RED, Level.ORANGE, AlertState.ESCALATED,
        Double.POSITIVE_INFINITY, Double.NaN, 0, 0, "m");
    String json = AlertJson.toJson(e);

    assertThat(json).contains("\"value\":null", "\"threshold\":null");
    AlertEvent back = AlertJson.fromJson(json);
    assertThat(back.value()).isNaN();
    assertThat(back.threshold()).isNaN();
  }

  @Test
  void decodingAcceptsEpochMillisAndIgnoresUnknownFields() {
    String json = "{\"id\":\"a\",\"rule\":\"r\",\"site\":\"s\",\"subject\":\"s/x\",\"level\":\"BLUE\","
        + "\"previousLevel\":\"none\",\"state\":\"opened\",\"value\":1,\"threshold\":0.5,\"startedAt\":1000,"
        + "\"updatedAt\":\"1970-01-01T00:00:02Z\",\"forecastFailureAt\":null,\"extra\":[1,2]}";

    AlertEvent e = AlertJson.fromJson(json);

    assertThat(e.level()).isEqualTo(Level.BLUE);
    assertThat(e.startedAtMs()).isEqualTo(1000);
    assertThat(e.updatedAtMs()).isEqualTo(2000);
    assertThat(e.message()).isNull();
  }

  @Test
  void decodingErrorsNameTheField() {
    String good = AlertJson.toJson(TestEvents.escalated());

    assertThatThrownBy(() -> AlertJson.fromJson(good.replace("\"level\":\"orange\",", "")))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("'level' is missing");
    assertThatThrownBy(() -> AlertJson.fromJson(good.replace("\"escalated\"", "\"exploded\"")))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("'state' is 'exploded'");
    assertThatThrownBy(() -> AlertJson.fromJson(good.replace("\"value\":41.5", "\"value\":\"high\"")))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("'value' must be a number");
    assertThatThrownBy(() -> AlertJson.fromJson(good.replace("2025-11-28T08:00:00.000Z", "yesterday")))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("'startedAt' is not an ISO-8601 instant");
    assertThatThrownBy(() -> AlertJson.fromJson("{not json"))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("does not parse");
    assertThatThrownBy(() -> AlertJson.fromWebhookBody("{\"type\":\"alert.opened\"}"))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("no 'data' object");
  }

  @Test
  void webhookTypeMustMatchTheState() {
    String body = AlertJson.toWebhookBody(TestEvents.escalated()).replace("alert.escalated", "alert.resolved");

    assertThatThrownBy(() -> AlertJson.fromWebhookBody(body))
        .isInstanceOf(AlertJsonException.class).hasMessageContaining("does not match data.state 'escalated'");
  }
}
