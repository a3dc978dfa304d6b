package org.vigil.alerts.notify;

import java.util.regex.Pattern;
import org.vigil.core.topics.Topics;

/**
 * Where commands (acks, silences) are published, with the MQTT identity of their sender as a topic level.
 *
 * <p>Mosquitto does not tell subscribers who published a message, so the sender names itself in the topic:
 * acks on {@code vigil/control/ack/<identity>}, silences retained on {@code vigil/config/silences/<identity>/<id>}.
 * Rulesets likewise, retained on {@code vigil/config/rules/<identity>} (the job's answer stays on
 * {@code vigil/config/rules/status}; the ruleset in force is the accepted one of highest version).
 * The broker lets each identity publish only under its own name (dynamic-security ACLs with {@code %u}), so with
 * MQTT security on the level is the authenticated author. The old topics without the level
 * ({@code vigil/control/ack}, {@code vigil/config/silences/<id>}) are still read, with author {@link Ack#ANONYMOUS};
 * with security on no identity may publish there.
 */
public final class CommandTopics {

  /** The base of ack topics. */
  public static final String ACK_BASE = Topics.ACK;
  /** The base of silence topics. */
  public static final String SILENCES_BASE = Topics.SILENCES;

  /** An identity level: an MQTT username of 1-64 letters, digits, '_', '.', '-' or '@'. */
  static final Pattern IDENTITY = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");

  private CommandTopics() {}

  /** {@code <base>/<identity>}: where {@code identity} publishes its acks (base: VIGIL_ACK_TOPIC or the default). */
  public static String ackTopic(String base, String identity) {
    return stripWildcard(base) + "/" + checkedIdentity(identity);
  }

  /** {@code vigil/config/silences/<identity>/<id>}: where {@code identity} keeps silence {@code id}. */
  public static String silenceTopic(String identity, String id) {
    return SILENCES_BASE + "/" + checkedIdentity(identity) + "/" + id;
  }

  /** The filter the job reads a command base with: the base itself and every identity under it. */
  public static String filter(String base) {
    return stripWildcard(base) + "/#";
  }

  /**
   * The author of a command from its topic: the level after {@code base}, or {@link Ack#ANONYMOUS} for the base
   * itself.
   *
   * @throws ControlMessageException when the topic has more levels than that or the level is not an identity
   */
  public static String ackAuthor(String base, String topic) {
    return author("ack", base, topic);
  }

  /** {@link #ackAuthor} for any command base ({@code what} names the command in the message). */
  public static String author(String what, String base, String topic) {
    String b = stripWildcard(base);
    if (topic.equals(b)) {
      return Ack.ANONYMOUS;
    }
    String rest = topic.startsWith(b + "/") ? topic.substring(b.length() + 1) : null;
    if (rest == null || !IDENTITY.matcher(rest).matches()) {
      throw new ControlMessageException(what + " topic '" + ControlFields.shorten(topic) + "' is not " + b
          + "/<identity>");
    }
    return rest;
  }

  /** {@code <rulesTopic>/<identity>}: where {@code identity} keeps its retained ruleset. */
  public static String rulesTopic(String rulesTopic, String identity) {
    return stripWildcard(rulesTopic) + "/" + checkedIdentity(identity);
  }

  /** The author of a silence topic: the level between the base and the id, or {@link Ack#ANONYMOUS} without one. */
  public static String silenceAuthor(String topic) {
    String rest = topic.startsWith(SILENCES_BASE + "/") ? topic.substring(SILENCES_BASE.length() + 1) : "";
    int slash = rest.indexOf('/');
    if (slash < 0) {
      return Ack.ANONYMOUS;
    }
    String identity = rest.substring(0, slash);
    if (!IDENTITY.matcher(identity).matches()) {
      throw new ControlMessageException("silence topic '" + ControlFields.shorten(topic) + "' is not "
          + SILENCES_BASE + "/<identity>/<id>");
    }
    return identity;
  }

  /** The identity a client names itself with: its username, or {@link Ack#ANONYMOUS} without one. */
  public static String identityOf(String username) {
    return username == null || username.isBlank() ? Ack.ANONYMOUS : username;
  }

  private static String checkedIdentity(String identity) {
    if (identity == null || !IDENTITY.matcher(identity).matches()) {
      throw new IllegalArgumentException("'" + identity + "' is not an MQTT identity (1-64 letters, digits, '_', '.',"
          + " '-', '@')");
    }
    return identity;
  }

  private static String stripWildcard(String base) {
    String b = base;
    while (b.endsWith("/#") || b.endsWith("/+")) {
      b = b.substring(0, b.length() - 2);
    }
    return b;
  }
}
