package org.vigil.warning.broadcast;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.vigil.core.Level;

/**
 * What loudspeakers are told: one public warning message (CAP identifier and type) as text to speak per language.
 *
 * @param incident the warning's incident (its first identifier)
 * @param identifier this message's CAP identifier (a cancel supersedes deliveries of the incident's earlier ones)
 * @param msgType {@code Alert}, {@code Update} or {@code Cancel}
 * @param level its level (red goes first when many are waiting)
 * @param region the region it is for
 * @param texts the words to speak, by language (the voice template filled in), in order; a key
 *     {@code <language>/<voice>} holds the words of a {@link VoiceTemplate} other than the standard one
 * @param sentMs the message's sent time, epoch ms
 */
public record BroadcastMessage(String incident, String identifier, String msgType, Level level, String region,
    Map<String, String> texts, long sentMs) {

  public BroadcastMessage {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(msgType, "msgType");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(region, "region");
    texts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(texts));
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("a broadcast needs a text in at least one language");
    }
  }

  /** The words for a loudspeaker: in its language and voice, else its language, else the first text. */
  public String textFor(Loudspeaker l) {
    String t = texts.get(l.language() + "/" + l.voice().wireName());
    return t != null ? t : textFor(l.language());
  }

  /** The text in {@code language}, else the first one. */
  public String textFor(String language) {
    String t = texts.get(language);
    return t != null ? t : texts.values().iterator().next();
  }
}
