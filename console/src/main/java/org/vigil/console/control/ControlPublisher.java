package org.vigil.console.control;

/** Publishes the console's control messages (acknowledgements, silences, warning requests) to the broker. */
public interface ControlPublisher {

  /**
   * Publishes and returns once the broker has accepted the message (QoS 1).
   *
   * @throws ControlPublishException when the broker is not reachable or does not confirm in time
   */
  void publish(String topic, byte[] payload, boolean retained);
}
