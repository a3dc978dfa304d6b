package org.vigil.jobs.warning;

import java.nio.charset.StandardCharsets;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.core.topics.Topics;

/**
 * Public warnings on {@code vigil/warnings/{incident}}, retained: the latest message of each incident (an
 * {@code Alert} or {@code Update} while it holds, its {@code Cancel} once lifted), so a console or a broadcast
 * gateway connecting later sees every warning in force at once. The payload is the CAP 1.2 XML.
 */
public final class WarningMessages implements MqttMessageEncoder<IssuedWarning> {

  private static final long serialVersionUID = 1L;

  @Override
  public String topic(IssuedWarning w) {
    return Topics.warning(w.incident());
  }

  @Override
  public byte[] payload(IssuedWarning w) {
    return w.xml().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean retained(IssuedWarning w) {
    return true;
  }
}
