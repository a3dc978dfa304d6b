package org.vigil.cli.launcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.vigil.connectors.mqtt.security.MqttClientSecurity;
import org.vigil.connectors.mqtt.MqttSession;
import org.vigil.core.topics.Topics;

/**
 * What {@code ./vigil run --fresh} clears on the broker besides the job's own state: the retained messages the job
 * publishes as state, i.e. each site's risk ({@code vigil/{site}/risk}) and, with a registry, each region's
 * ({@code vigil/region/{region}/risk}). A fresh job starts with no open alerts, so
 * the previous run's risk levels would otherwise stay on the broker, shown by every console that connects, until each
 * site's risk changes again. The ruleset ({@code vigil/config/rules}, with its decision on {@code .../status}) and the
 * silences ({@code vigil/config/silences/+}) are configuration, not state of a run: they are kept. Ack decisions and
 * the alert feed are not retained.
 */
public final class FreshStart {

  /**
   * Retained topics that hold state of a run of the job: site and region risk, the public warnings it issued and
   * their loudspeaker coverage, and the regions' command modes (a fresh job starts with every region in daily mode:
   * a mode left on the broker would show the consoles a mode the job no longer applies).
   */
  static final List<String> RUN_STATE_TOPICS = List.of(Topics.RISK_FILTER, Topics.REGION_RISK_FILTER,
      Topics.WARNINGS_FILTER, Topics.BROADCAST_FILTER, Topics.MODES_FILTER);

  private FreshStart() {}

  /**
   * Deletes the retained messages on {@link #RUN_STATE_TOPICS} (an empty retained message deletes one); returns the
   * topics cleared. Retained messages arrive right after the subscription is granted: collecting stops once none has
   * come for {@code quiet}.
   */
  public static List<String> clearRetainedState(String mqttUrl, MqttClientSecurity security, Duration quiet) throws MqttException, InterruptedException {
    Set<String> topics = new LinkedHashSet<>();
    try (MqttSession m = MqttSession.connect(mqttUrl, security, Duration.ofSeconds(10))) {
      for (String filter : RUN_STATE_TOPICS) {
        m.subscribe(filter, Duration.ofSeconds(10));
      }
      for (MqttSession.Received r = m.poll(quiet); r != null; r = m.poll(quiet)) {
        if (r.retained() && !r.payload().isEmpty()) {
          topics.add(r.topic());
        }
      }
      for (String t : topics) {
        m.publishRetained(t, "", Duration.ofSeconds(10));
      }
    }
    return new ArrayList<>(topics);
  }
}
