package org.vigil.jobs.warning;

/**
 * A public warning message as issued: its CAP 1.2 XML and the facts the outputs need.
 *
 * @param incident the identifier of the incident's first message (the retained topic's last level)
 * @param identifier this message's identifier
 * @param msgType {@code Alert}, {@code Update} or {@code Cancel}
 * @param sentMs its sent time, epoch ms (whole seconds)
 * @param xml the message, valid against cap12.xsd
 * @param level the warning's level ({@code yellow}, {@code orange}, {@code red}; a cancel: the level it lifts)
 * @param region the registry region the warning is for (the site's village, or the region issued by hand); empty
 *     without a registry
 * @param languages the languages of its info blocks, in order
 * @param headlines per language, the headline (a cancel: the lifting sentence)
 * @param instructions per language, what to do (empty for a cancel)
 */
public record IssuedWarning(String incident, String identifier, String msgType, long sentMs, String xml, String level,
    String region, String[] languages, String[] headlines, String[] instructions) {

  public IssuedWarning {
    level = level == null ? "" : level;
    region = region == null ? "" : region;
    languages = languages == null ? new String[0] : languages;
    headlines = headlines == null ? new String[0] : headlines;
    instructions = instructions == null ? new String[0] : instructions;
  }

  /** A message without the facts the broadcast needs (not broadcast). */
  public IssuedWarning(String incident, String identifier, String msgType, long sentMs, String xml) {
    this(incident, identifier, msgType, sentMs, xml, "", "", null, null, null);
  }
}
