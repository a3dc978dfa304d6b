package org.vigil.warning.cap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigil.core.Level;

/**
 * The words of public warnings per language and hazard (headline, instruction per level, the lifting sentence),
 * read from YAML ({@code warning-texts.yaml} beside this class is the default). Every language must have every hazard
 * and every warning level, so a warning is never sent half-worded: a missing text is refused when the file is read.
 */
public final class WarningTexts {

  /** The texts of one language and hazard. */
  public record Texts(String event, String headline, Map<Level, String> instructions, String cancel) {}

  private final Map<String, Map<Level, String>> levelWords;
  private final Map<String, Map<Hazard, Texts>> texts;

  private WarningTexts(Map<String, Map<Level, String>> levelWords, Map<String, Map<Hazard, Texts>> texts) {
    this.levelWords = levelWords;
    this.texts = texts;
  }

  /** The texts shipped with Vigil (en-US, zh-CN). */
  public static WarningTexts defaults() {
    try (InputStream in = WarningTexts.class.getResourceAsStream("warning-texts.yaml")) {
      if (in == null) {
        throw new IllegalStateException("warning-texts.yaml is missing beside " + WarningTexts.class.getName());
      }
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads texts; every problem is listed in the exception's message. */
  public static WarningTexts parse(String yaml) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("warning texts are not readable YAML: " + e.getMessage(), e);
    }
    List<String> problems = new ArrayList<>();
    Map<String, Map<Level, String>> words = new LinkedHashMap<>();
    Map<String, Map<Hazard, Texts>> all = new LinkedHashMap<>();
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw new IllegalArgumentException("warning texts need at least one language, e.g. en-US: {...}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> lang = it.next();
      String tag = lang.getKey();
      if (!tag.matches("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")) {
        problems.add(tag + ": not a language tag (RFC 3066, e.g. en-US)");
        continue;
      }
      Map<Level, String> lw = new LinkedHashMap<>();
      for (Level l : WARNING_LEVELS) {
        String w = lang.getValue().path("levels").path(l.name()).asText("");
        if (w.isBlank()) {
          problems.add(tag + ".levels." + l.name() + ": missing");
        }
        lw.put(l, w);
      }
      words.put(tag, lw);
      Map<Hazard, Texts> byHazard = new LinkedHashMap<>();
      for (Hazard h : Hazard.values()) {
        JsonNode n = lang.getValue().path(h.name());
        String prefix = tag + "." + h.name();
        Map<Level, String> instructions = new LinkedHashMap<>();
        for (Level l : WARNING_LEVELS) {
          instructions.put(l, required(n, l.name(), prefix, problems));
        }
        byHazard.put(h, new Texts(required(n, "event", prefix, problems), required(n, "headline", prefix, problems),
            instructions, required(n, "cancel", prefix, problems)));
      }
      all.put(tag, byHazard);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("warning texts incomplete: " + String.join("; ", problems));
    }
    return new WarningTexts(words, all);
  }

  private static final List<Level> WARNING_LEVELS = List.of(Level.YELLOW, Level.ORANGE, Level.RED);

  private static String required(JsonNode n, String field, String prefix, List<String> problems) {
    String v = n.path(field).asText("");
    if (v.isBlank()) {
      problems.add(prefix + "." + field + ": missing");
    }
    return v;
  }

  /** The languages, in the order their info blocks are written. */
  public List<String> languages() {
    return List.copyOf(texts.keySet());
  }

  public Texts texts(String language, Hazard hazard) {
    return texts.get(language).get(hazard);
  }

  /** The level's word in a language ({@code Red}, {@code 红色}). */
  public String levelWord(String language, Level level) {
    return levelWords.get(language).getOrDefault(level, level.name());
  }

  /** A template with {@code {area}} and {@code {level}} filled in. */
  public static String fill(String template, String area, String level) {
    return template.replace("{area}", area).replace("{level}", level);
  }
}
