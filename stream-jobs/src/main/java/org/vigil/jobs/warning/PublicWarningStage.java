package org.vigil.jobs.warning;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;
import org.vigil.connectors.mqtt.MqttPublishSink;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.core.AlertEvent;
import org.vigil.jobs.registry.RegistryGateFunction;
import org.vigil.jobs.registry.RegistryUpdate;

/** The public-warning stage: alert transitions in, CAP 1.2 messages out on {@code vigil/warnings/{incident}}. */
public final class PublicWarningStage {

  private PublicWarningStage() {}

  /**
   * The messages the alerts issue (keyed by alert id), their areas from the registry in force.
   *
   * @param registry the registry's versions (broadcast), or null without a registry
   * @param initial the start-up registry, or null
   */
  public static SingleOutputStreamOperator<IssuedWarning> warnings(DataStream<AlertEvent> alerts,
      PublicWarningOptions options, BroadcastStream<RegistryUpdate> registry, RegistryUpdate initial) {
    BroadcastStream<RegistryUpdate> versions = registry != null ? registry
        // Empty, derived from the alerts (never finished): without a registry areas are named by site.
        : alerts.flatMap((AlertEvent a, Collector<RegistryUpdate> out) -> { })
            .returns(TypeInformation.of(RegistryUpdate.class)).name("no-registry-for-warnings")
            .broadcast(RegistryGateFunction.REGISTRY);
    return alerts.keyBy(AlertEvent::id, Types.STRING).connect(versions)
        .process(new PublicWarningFunction(options, initial)).returns(TypeInformation.of(IssuedWarning.class))
        .uid("public-warnings").name("public-warnings");
  }

  /** Attaches the stage and its MQTT output, when warnings are on. */
  public static void attach(DataStream<AlertEvent> alerts, PublicWarningOptions options,
      BroadcastStream<RegistryUpdate> registry, RegistryUpdate initial, String mqttUrl, MqttClientSecurity security,
      String clientIdPrefix) {
    if (!options.enabled()) {
      return;
    }
    warnings(alerts, options, registry, initial)
        .sinkTo(new MqttPublishSink<>(mqttUrl, security, clientIdPrefix + "-warnings", new WarningMessages()))
        .uid("mqtt-warnings").name("mqtt-warnings");
  }
}
