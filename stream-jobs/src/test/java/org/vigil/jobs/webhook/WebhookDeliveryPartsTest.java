package org.vigil.jobs.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.DeadLetter;
import org.vigil.core.Level;
import org.vigil.connectors.influx.LineProtocol;
import org.vigil.core.settings.ConfigException;
import org.vigil.jobs.webhook.DeliveryRecord.Outcome;

/** Fan-out, the InfluxDB encoding, dead letters, options and the state/element types. */
class WebhookDeliveryPartsTest {

  private static <T> Collector<T> into(List<T> list) {
    return new Collector<>() {
      @Override
      public void collect(T t) {
        list.add(t);
      }

      @Override
      public void close() {}
    };
  }

  @Test
  void fanOutSendsAnEventToEveryEndpointWhoseMinimumLevelItReaches() {
    WebhookFanOut f = new WebhookFanOut(List.of(
        WebhookEndpoint.of("all", "http://127.0.0.1:1/a", TestAlerts.SECRET),
        WebhookEndpoint.of("red", "http://127.0.0.1:1/b", TestAlerts.SECRET).withMinLevel(Level.RED)));
    List<WebhookTask> out = new ArrayList<>();

    f.flatMap(Notification.single(TestAlerts.opened(1, Level.ORANGE)), into(out));
    f.flatMap(Notification.single(TestAlerts.opened(2, Level.RED)), into(out));

    assertThat(out).extracting(t -> t.endpoint() + ":" + t.notification().members().get(0).id())
        .containsExactly("all:alt_test_0001", "all:alt_test_0002", "red:alt_test_0002");
  }

  @Test
  void anOutcomeIsOneWebhookDeliveriesPoint() {
    DeliveryRecord r = new DeliveryRecord("ops", "alt_1_opened_1795852800000", Outcome.GAVE_UP, 3, 503, 1500,
        "gave up after 3 attempts; last: HTTP 503", 1_795_852_801_500L, "{}");
    LineProtocol.Builder b = new LineProtocol.Builder();

    WebhookInfluxEncoders.delivery(r, b);

    assertThat(b.toString()).isEqualTo("webhook_deliveries,endpoint=ops,outcome=gave_up"
        + " event_id=\"alt_1_opened_1795852800000\",attempts=3i,status=503i,latency_ms=1500i,"
        + "reason=\"gave up after 3 attempts; last: HTTP 503\",body=\"{}\" 1795852801500\n");
    // A delivered one keeps no body; a known type is a field.
    LineProtocol.Builder d = new LineProtocol.Builder();
    WebhookInfluxEncoders.delivery(new DeliveryRecord("ops", "ntf_1", Outcome.DELIVERED, 1, 204, 20, "HTTP 204",
        1_795_852_801_600L, "{}", "alert.group"), d);
    assertThat(d.toString()).isEqualTo("webhook_deliveries,endpoint=ops,outcome=delivered event_id=\"ntf_1\","
        + "attempts=1i,status=204i,latency_ms=20i,reason=\"HTTP 204\",type=\"alert.group\" 1795852801600\n");
  }

  @Test
  void aRedeliveryAndAJobOutcomeInOneMillisecondAreDifferentSeries() {
    // vigil alerts redeliver stamps with its own clock: the job may record an outcome of that endpoint in that ms.
    DeliveryRecord job = new DeliveryRecord("ops", "ntf_1", Outcome.DELIVERED, 1, 204, 20, "HTTP 204",
        1_795_852_801_600L, "");
    DeliveryRecord cli = new DeliveryRecord("ops", "ntf_2", Outcome.DELIVERED, 1, 204, 30, "redelivered: HTTP 204",
        1_795_852_801_600L, "");
    LineProtocol.Builder a = new LineProtocol.Builder();
    WebhookInfluxEncoders.delivery(job, a);
    LineProtocol.Builder b = new LineProtocol.Builder();
    WebhookInfluxEncoders.redelivery(cli, b);
    assertThat(a.toString()).startsWith("webhook_deliveries,endpoint=ops,outcome=delivered ")
        .endsWith(" 1795852801600\n");
    assertThat(b.toString()).startsWith("webhook_deliveries,endpoint=ops,origin=redeliver,outcome=delivered ")
        .endsWith(" 1795852801600\n");
  }

  @Test
  void onlyUndeliveredOutcomesBecomeDeadLetters() {
    List<DeadLetter> out = new ArrayList<>();
    WebhookDeadLetters f = new WebhookDeadLetters();
    f.flatMap(new DeliveryRecord("a", "e1", Outcome.DELIVERED, 1, 204, 5, "HTTP 204", 10, ""), into(out));
    f.flatMap(new DeliveryRecord("a", "e2", Outcome.DISABLED, 1, 410, 5, "endpoint disabled", 11, "{\"x\":1}"),
        into(out));

    assertThat(out).singleElement().satisfies(d -> {
      assertThat(d.topic()).isEqualTo("webhook/a");
      assertThat(d.reason()).isEqualTo("webhook_disabled");
      assertThat(d.detail()).isEqualTo("webhook a did not get e2 (disabled, 1 attempt, last status 410): "
          + "endpoint disabled");
      assertThat(d.payload()).isEqualTo("{\"x\":1}");
      assertThat(d.payloadBytes()).isEqualTo(7);
      assertThat(d.receivedAtMs()).isEqualTo(11);
    });
  }

  @Test
  void optionsHaveDefaultsAndReportEveryProblem() {
    assertThat(WebhookDeliveryOptions.fromLookup(Map.<String, String>of()::get))
        .isEqualTo(new WebhookDeliveryOptions(Duration.ofMillis(250), 10_000, 4));
    assertThat(WebhookDeliveryOptions.fromLookup(Map.of("VIGIL_WEBHOOK_POLL_INTERVAL", "1s",
        "VIGIL_WEBHOOK_MAX_PENDING", "50", "VIGIL_WEBHOOK_MAX_IN_FLIGHT", "8")::get))
        .isEqualTo(new WebhookDeliveryOptions(Duration.ofSeconds(1), 50, 8));
    assertThatThrownBy(() -> WebhookDeliveryOptions.fromLookup(Map.of("VIGIL_WEBHOOK_POLL_INTERVAL", "soon",
        "VIGIL_WEBHOOK_MAX_PENDING", "0", "VIGIL_WEBHOOK_MAX_IN_FLIGHT", "many")::get))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "VIGIL_WEBHOOK_POLL_INTERVAL='soon': not a duration (give a duration of at least 1ms such as 500ms, 30s,"
                + " 5m, 1h, 1d, 1w, 1h30m or PT5M, or leave it unset for 250ms)",
            "VIGIL_WEBHOOK_MAX_PENDING='0': out of range 1.. (give a whole number from 1, or leave it unset for"
                + " 10000)",
            "VIGIL_WEBHOOK_MAX_IN_FLIGHT='many': not a whole number (give a whole number from 1, or leave it unset"
                + " for 4)"));
  }

  @Test
  void stateAndStreamTypesAreFlinkPojosNotKryo() {
    assertThat(TypeInformation.of(PendingDelivery.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(DeliveryRecord.class)).isInstanceOf(PojoTypeInfo.class);
    assertThat(TypeInformation.of(WebhookTask.class)).isInstanceOf(PojoTypeInfo.class);
    PojoTypeInfo<WebhookTask> task = (PojoTypeInfo<WebhookTask>) TypeInformation.of(WebhookTask.class);
    assertThat(task.getTypeAt("notification")).isInstanceOf(PojoTypeInfo.class);
  }
}
