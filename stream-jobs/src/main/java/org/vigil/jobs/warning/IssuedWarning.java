package org.vigil.jobs.warning;

/**
 * A public warning message as issued: its CAP 1.2 XML and the facts the outputs need.
 *
 * @param incident the identifier of the incident's first message (the retained topic's last level)
 * @param identifier this message's identifier
 * @param msgType {@code Alert}, {@code Update} or {@code Cancel}
 * @param sentMs its sent time, epoch ms (whole seconds)
 * @param xml the message, valid against cap12.xsd
 */
public record IssuedWarning(String incident, String identifier, String msgType, long sentMs, String xml) {}
