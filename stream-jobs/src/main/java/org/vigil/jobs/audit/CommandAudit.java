package org.vigil.jobs.audit;

import java.io.Serializable;

/**
 * One command the job accepted (an ack, a silence set or lifted, a ruleset), stored in InfluxDB measurement
 * {@code commands}: who sent it on the broker (the MQTT identity named by its topic, which only that identity may
 * publish on when MQTT security is on) and the person the message names.
 *
 * @param kind ack, silence, unsilence or rules
 * @param identity the MQTT identity from the topic ({@code anonymous} on a topic without one)
 * @param user the person the message names (ack {@code by}, silence {@code createdBy}, ruleset {@code author})
 * @param subject what the command is about: alert id, silence id or ruleset version
 * @param topic the topic it came on
 * @param atMs when the job accepted it (epoch ms)
 * @param detail comment or summary
 */
public record CommandAudit(String kind, String identity, String user, String subject, String topic, long atMs,
    String detail) implements Serializable {

  public CommandAudit {
    user = user == null ? "" : user;
    detail = detail == null ? "" : detail;
  }
}
