package org.vigil.warning.broadcast;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a warning's words are put together for a loudspeaker to speak: a village horn on a pole is heard over wind
 * and rain by people who catch half of it, so some points want the message short and some want it said twice. The
 * parts are a message's headline (the lifting sentence for a cancel) and its instruction (what to do; none for a
 * cancel), in the loudspeaker's language.
 */
public enum VoiceTemplate {
  /** Headline, then instruction. */
  STANDARD,
  /** The headline only. */
  BRIEF,
  /** Headline and instruction, said twice. */
  REPEAT;

  /** The words to speak. */
  public String speak(String headline, String instruction) {
    String h = headline == null ? "" : headline.strip();
    String i = instruction == null ? "" : instruction.strip();
    String full = i.isEmpty() ? h : h.isEmpty() ? i : h + " " + i;
    return switch (this) {
      case STANDARD -> full;
      case BRIEF -> h.isEmpty() ? i : h;
      case REPEAT -> full + " " + full;
    };
  }

  /** The name in the registry: {@code standard}, {@code brief}, {@code repeat}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<VoiceTemplate> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wireName().equals(s)).findFirst();
  }
}
