package org.vigil.jobs.webhook;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.webhook.WebhookEndpoint;
import org.vigil.core.AlertEvent;
import org.vigil.core.DeadLetter;
import org.vigil.core.settings.ConfigException;

/**
 * Wires webhook delivery into a job:
 *
 * <pre>{@code
 * DataStream<DeliveryRecord> outcomes = WebhookDelivery.attachNotifications(notifications, endpoints, options);
 * outcomes.sinkTo(influx(WebhookInfluxEncoders::delivery));              // webhook_deliveries measurement
 * DataStream<DeadLetter> undelivered = WebhookDelivery.deadLetters(outcomes); // -> the dead-letter sinks
 * }</pre>
 *
 * <p>Operators (uid = name): {@code webhook-fanout} (one {@link WebhookTask} per endpoint whose subscription the
 * notification passes, {@link WebhookFanOut}), then keyed by endpoint name {@code webhook-delivery} ({@link WebhookDeliveryFunction}, whose state
 * holds the pending deliveries), and {@code webhook-deadletters}.
 */
public final class WebhookDelivery {

  public static final String FANOUT_UID = "webhook-fanout";
  public static final String DELIVERY_UID = "webhook-delivery";
  public static final String DEAD_LETTERS_UID = "webhook-deadletters";

  private WebhookDelivery() {}

  /** {@link #attach(DataStream, List, WebhookDeliveryOptions)} with the default options. */
  public static SingleOutputStreamOperator<DeliveryRecord> attach(
      DataStream<AlertEvent> alerts, List<WebhookEndpoint> endpoints) {
    return attach(alerts, endpoints, WebhookDeliveryOptions.defaults());
  }

  /**
   * Delivers every alert event, each as its own notification ({@link Notification#single}: no noise control), to
   * every endpoint it is meant for.
   *
   * @return one record per event and endpoint at its final outcome
   * @throws org.vigil.alerts.webhook.ConfigException when an endpoint or an option is invalid
   */
  public static SingleOutputStreamOperator<DeliveryRecord> attach(
      DataStream<AlertEvent> alerts, List<WebhookEndpoint> endpoints, WebhookDeliveryOptions options) {
    return attachNotifications(alerts.map(Notification::single).returns(TypeInformation.of(Notification.class))
        .name("webhook-single"), endpoints, options);
  }

  /**
   * Delivers every notification to every endpoint whose subscription it passes.
   *
   * @return one record per notification and endpoint at its final outcome
   * @throws org.vigil.alerts.webhook.ConfigException when an endpoint or an option is invalid
   */
  public static SingleOutputStreamOperator<DeliveryRecord> attachNotifications(
      DataStream<Notification> notifications, List<WebhookEndpoint> endpoints, WebhookDeliveryOptions options) {
    WebhookDeliveryFunction delivery = new WebhookDeliveryFunction(endpoints, options); // validates first
    return notifications
        .flatMap(new WebhookFanOut(endpoints))
        .returns(TypeInformation.of(WebhookTask.class))
        .uid(FANOUT_UID)
        .name(FANOUT_UID)
        .keyBy(WebhookTask::endpoint, Types.STRING)
        .process(delivery)
        .returns(TypeInformation.of(DeliveryRecord.class))
        .uid(DELIVERY_UID)
        .name(DELIVERY_UID);
  }

  /** The undelivered outcomes as dead letters ({@link WebhookDeadLetters}). */
  public static SingleOutputStreamOperator<DeadLetter> deadLetters(DataStream<DeliveryRecord> records) {
    return records
        .flatMap(new WebhookDeadLetters())
        .returns(TypeInformation.of(DeadLetter.class))
        .uid(DEAD_LETTERS_UID)
        .name(DEAD_LETTERS_UID);
  }
}
