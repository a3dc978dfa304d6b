package org.vigil.jobs.notify;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.vigil.alerts.notify.Ack;
import org.vigil.alerts.notify.AckDecision;
import org.vigil.alerts.notify.Notification;
import org.vigil.alerts.notify.NotifyOptions;
import org.vigil.alerts.notify.Silence;
import org.vigil.core.AlertEvent;

/**
 * Wires noise control into a job, between the alert stream and delivery:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Notification> notes = Notify.attach(alerts, acks, silences, options);
 * DataStream<AckDecision> decisions = notes.getSideOutput(NotifyFunction.ACK_DECISIONS);
 * }</pre>
 *
 * <p>Operator uid = name {@code notify} ({@link NotifyFunction}, keyed by site, silences broadcast).
 */
public final class Notify {

  public static final String UID = "notify";

  private Notify() {}

  /**
   * @param alerts the transitions of the rules (with timestamps and watermarks: the operator's timers are event time)
   * @param acks operators' acknowledgements (timestamps from {@link Ack#atMs()})
   * @param silences silences, broadcast to every subtask
   */
  public static SingleOutputStreamOperator<Notification> attach(DataStream<AlertEvent> alerts, DataStream<Ack> acks,
      DataStream<Silence> silences, NotifyOptions options) {
    // Each map runs at its input's parallelism (a forward connection, no rebalancing), so every subject's
    // transitions reach noise control in the order the rules emitted them: flap detection counts reversals of
    // direction, which a reordering would hide or invent.
    DataStream<NotifyInput> in = alerts.map(NotifyInput::of).returns(TypeInformation.of(NotifyInput.class))
        .setParallelism(alerts.getParallelism())
        .name("notify-alerts")
        .union(acks.map(NotifyInput::of).returns(TypeInformation.of(NotifyInput.class))
            .setParallelism(acks.getParallelism()).name("notify-acks"));
    return in.keyBy(NotifyInput::site, Types.STRING)
        .connect(silences.broadcast(NotifyFunction.SILENCES))
        .process(new NotifyFunction(options))
        .returns(TypeInformation.of(Notification.class))
        .uid(UID)
        .name(UID);
  }

  /** The acknowledged transitions of accepted acks: to be stored and published like the rules' transitions. */
  public static DataStream<AlertEvent> acknowledged(SingleOutputStreamOperator<Notification> notifications) {
    return notifications.getSideOutput(NotifyFunction.ACK_DECISIONS)
        .filter(AckDecision::isAccepted)
        .map(AckDecision::event)
        .returns(TypeInformation.of(AlertEvent.class))
        .name("notify-acknowledged");
  }
}
