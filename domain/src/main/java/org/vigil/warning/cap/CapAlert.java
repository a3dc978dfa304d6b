package org.vigil.warning.cap;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A CAP 1.2 {@code <alert>} message.
 *
 * @param identifier unique per sender; CAP forbids spaces, commas and the characters {@code <} and {@code &}
 * @param sender the sender's unique name (e.g. an e-mail-like address); the same rules as the identifier
 * @param sent when it was issued, whole seconds with an offset
 * @param status how to handle it
 * @param msgType alert, update, cancel...
 * @param scope who may see it
 * @param note for a cancel or an error: why (may be null)
 * @param references earlier messages this one updates or cancels, oldest first
 * @param incidents incident names grouping related messages (may be null)
 * @param infos the info blocks, one per language (a cancel may carry none)
 */
public record CapAlert(
    String identifier,
    String sender,
    OffsetDateTime sent,
    Cap.Status status,
    Cap.MsgType msgType,
    Cap.Scope scope,
    String note,
    List<Reference> references,
    String incidents,
    List<CapInfo> infos) {

  public CapAlert {
    requireToken(identifier, "identifier");
    requireToken(sender, "sender");
    Objects.requireNonNull(sent, "sent");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(msgType, "msgType");
    Objects.requireNonNull(scope, "scope");
    if (scope != Cap.Scope.Public) {
      throw new IllegalArgumentException("Vigil issues public warnings only (scope Public); " + scope
          + " would need a restriction or addresses");
    }
    references = references == null ? List.of() : List.copyOf(references);
    if ((msgType == Cap.MsgType.Update || msgType == Cap.MsgType.Cancel) && references.isEmpty()) {
      throw new IllegalArgumentException("a CAP " + msgType + " must reference the message(s) it replaces");
    }
    infos = infos == null ? List.of() : List.copyOf(infos);
  }

  /** This message as another one's reference. */
  public Reference asReference() {
    return new Reference(sender, identifier, sent);
  }

  /**
   * One earlier message, written {@code sender,identifier,sent} in {@code <references>} (CAP 1.2, 3.2.1).
   *
   * @param sender its sender
   * @param identifier its identifier
   * @param sent its sent time
   */
  public record Reference(String sender, String identifier, OffsetDateTime sent) {
    public Reference {
      requireToken(sender, "sender");
      requireToken(identifier, "identifier");
      Objects.requireNonNull(sent, "sent");
    }

    /** {@code sender,identifier,sent}. */
    public String text() {
      return sender + "," + identifier + "," + CapTime.format(sent);
    }
  }

  static void requireToken(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a CAP " + what + " may not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || c == ',' || c == '<' || c == '&') {
        throw new IllegalArgumentException("a CAP " + what + " may not contain spaces, commas, '<' or '&': " + value);
      }
    }
  }
}
