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
import org.vigil.jobs.rules.ModesInForce;
import org.vigil.jobs.rules.SiteModes;
import org.vigil.jobs.registry.RegistryUpdate;
import org.vigil.jobs.rules.RulesetUpdate;

/**
 * Wires noise control into a job, between the alert stream and delivery:
 *
 * <pre>{@code
 * SingleOutputStreamOperator<Notification> notes = Notify.attach(alerts, acks, silences, options);
 * DataStream<AckDecision> decisions = notes.getSideOutput(NotifyFunction.ACK_DECISIONS);
 * }</pre>
 *
 * <p>Operator uid = name {@code notify} ({@link NotifyFunction}, keyed by site; silences, escalation policies and
 * registry versions broadcast). Referrals of unacknowledged alerts: {@link #referred}.
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
    return attach(alerts, acks, silences, options, Escalation.NONE);
  }

  /**
   * What escalation needs besides the alerts and acks: the rulesets (their {@code escalation:} sections) and the
   * registry (the region tree), each as the start-up version and the stream of later ones.
   *
   * @param rulesets accepted rulesets, or null when none can arrive (no rules topic): the stream must not carry
   *     event time (an idle control source), or it would hold back or end noise control's event time
   * @param initialRules the start-up ruleset, or null
   * @param registries accepted registry versions, or null (same caveat)
   * @param initialRegistry the start-up registry, or null
   * @param modes the sites' command modes (their escalation times are the mode's), or null (every site daily)
   */
  public record Escalation(DataStream<RulesetUpdate> rulesets, RulesetUpdate initialRules,
      DataStream<RegistryUpdate> registries, RegistryUpdate initialRegistry, DataStream<SiteModes> modes) {
    /** No escalation inputs: a policy can still come with a ruleset only if rulesets are given. */
    public static final Escalation NONE = new Escalation(null, null, null, null, null);

    /** Without command modes. */
    public Escalation(DataStream<RulesetUpdate> rulesets, RulesetUpdate initialRules,
        DataStream<RegistryUpdate> registries, RegistryUpdate initialRegistry) {
      this(rulesets, initialRules, registries, initialRegistry, null);
    }
  }

  /** As {@link #attach(DataStream, DataStream, DataStream, NotifyOptions)}, with escalation when nobody answers. */
  public static SingleOutputStreamOperator<Notification> attach(DataStream<AlertEvent> alerts, DataStream<Ack> acks,
      DataStream<Silence> silences, NotifyOptions options, Escalation escalation) {
    // Each map runs at its input's parallelism (a forward connection, no rebalancing), so every subject's
    // transitions reach noise control in the order the rules emitted them: flap detection counts reversals of
    // direction, which a reordering would hide or invent.
    DataStream<NotifyInput> in = alerts.map(NotifyInput::of).returns(TypeInformation.of(NotifyInput.class))
        .setParallelism(alerts.getParallelism())
        .name("notify-alerts")
        .union(acks.map(NotifyInput::of).returns(TypeInformation.of(NotifyInput.class))
            .setParallelism(acks.getParallelism()).name("notify-acks"));
    DataStream<NotifyControl> control = silences.map(NotifyControl::of)
        .returns(TypeInformation.of(NotifyControl.class)).setParallelism(silences.getParallelism())
        .name("notify-silences");
    if (escalation.rulesets() != null) {
      control = control.union(escalation.rulesets()
          .map(u -> NotifyControl.of(EscalationUpdate.of(u.version(), u.ruleSet())))
          .returns(TypeInformation.of(NotifyControl.class)).setParallelism(escalation.rulesets().getParallelism())
          .name("notify-escalation"));
    }
    if (escalation.modes() != null) {
      control = control.union(escalation.modes().map(NotifyControl::of)
          .returns(TypeInformation.of(NotifyControl.class)).setParallelism(escalation.modes().getParallelism())
          .name("notify-modes"));
    }
    if (escalation.registries() != null) {
      control = control.union(escalation.registries().map(NotifyControl::of)
          .returns(TypeInformation.of(NotifyControl.class)).setParallelism(escalation.registries().getParallelism())
          .name("notify-registry"));
    }
    RulesetUpdate rules = escalation.initialRules();
    return in.keyBy(NotifyInput::site, Types.STRING)
        .connect(control.broadcast(NotifyFunction.SILENCES, NotifyFunction.ESCALATION, NotifyFunction.REGISTRY,
            ModesInForce.MODES))
        .process(new NotifyFunction(options,
            rules == null ? null : EscalationUpdate.of(rules.version(), rules.ruleSet()),
            escalation.initialRegistry()))
        .returns(TypeInformation.of(Notification.class))
        .uid(UID)
        .name(UID);
  }

  /** The referrals of alerts nobody acknowledged in time: to be stored and published like the rules' transitions. */
  public static DataStream<AlertEvent> referred(SingleOutputStreamOperator<Notification> notifications) {
    return notifications.getSideOutput(NotifyFunction.REFERRALS);
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
