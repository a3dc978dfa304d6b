package org.vigil.jobs.modes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.vigil.connectors.mqtt.MqttMessageEncoder;
import org.vigil.core.topics.Topics;

/**
 * A region's own mode on {@code vigil/mode/<region>}, retained, so that a console connecting later sees every
 * region's mode at once: {@code {region, mode, setBy, setAtMs, reason, request}}; an empty retained payload when the
 * region returned to its parent's mode (which clears the retained message).
 */
public final class ModeMessages implements MqttMessageEncoder<ModeStatus> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String topic(ModeStatus s) {
    return Topics.mode(s.region());
  }

  @Override
  public byte[] payload(ModeStatus s) {
    if (s.mode() == null) {
      return new byte[0];
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("region", s.region());
    n.put("mode", s.mode());
    n.put("setBy", s.setBy());
    n.put("setAtMs", s.setAtMs());
    n.put("reason", s.reason());
    n.put("request", s.request());
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean retained(ModeStatus s) {
    return true;
  }
}
