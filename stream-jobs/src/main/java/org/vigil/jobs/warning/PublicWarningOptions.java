package org.vigil.jobs.warning;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.vigil.alerts.rules.Durations;
import org.vigil.core.Level;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.WarningTexts;

/**
 * The public-warning settings ({@code VIGIL_WARNING_*}), read once where the job graph is built and shipped with it.
 *
 * @param enabled whether the job issues CAP warnings at all
 * @param sender CAP sender
 * @param senderName the issuing office for people
 * @param publicFrom the lowest level that is a public warning
 * @param validity how long a warning holds without news
 * @param offset the offset times are written with
 * @param web the console's public address of warnings, or null
 * @param textsYaml the warning texts (YAML), or null for the shipped ones
 */
public record PublicWarningOptions(boolean enabled, String sender, String senderName, Level publicFrom,
    Duration validity, ZoneOffset offset, String web, String textsYaml) implements Serializable {

  /** Setting, default, description (README, Configuration). */
  public static final String[][] KEYS = {
    {"VIGIL_WARNINGS", "on", "issue public warnings (OASIS CAP 1.2) on vigil/warnings/{incident}: on or off"},
    {"VIGIL_WARNING_SENDER", "vigil@localhost", "CAP sender: the issuing office's unique name, no spaces or commas"},
    {"VIGIL_WARNING_SENDER_NAME", "Vigil monitoring center", "the issuing office as people read it"},
    {"VIGIL_WARNING_FROM", "orange", "the lowest alert level that is a public warning (yellow, orange, red)"},
    {"VIGIL_WARNING_VALIDITY", "12h", "a warning's validity; an open alert's warning is renewed at half of it"},
    {"VIGIL_WARNING_OFFSET", "+00:00", "the UTC offset warning times are written with (the county's local time)"},
    {"VIGIL_WARNING_WEB", "", "the console's public address of warnings, put in each message (empty: none)"},
    {"VIGIL_WARNING_TEXTS_FILE", "", "YAML of the warnings' words per language and hazard (empty: the shipped en-US"
        + " and zh-CN texts)"},
  };

  /** Reads the settings, every problem at once. */
  public static PublicWarningOptions fromLookup(Function<String, String> lookup) {
    List<String> problems = new ArrayList<>();
    Function<String, String> get = key -> {
      String v = lookup.apply(key);
      if (v == null || v.isBlank()) {
        for (String[] k : KEYS) {
          if (k[0].equals(key)) {
            return k[1];
          }
        }
      }
      return v == null ? "" : v.strip();
    };
    String on = get.apply("VIGIL_WARNINGS").toLowerCase(Locale.ROOT);
    boolean enabled = on.equals("on") || on.equals("true");
    if (!enabled && !on.equals("off") && !on.equals("false")) {
      problems.add("VIGIL_WARNINGS: '" + on + "' is not on or off");
    }
    Level from = Level.ORANGE;
    try {
      from = Level.fromWire(get.apply("VIGIL_WARNING_FROM"));
    } catch (IllegalArgumentException e) {
      problems.add("VIGIL_WARNING_FROM: " + e.getMessage());
    }
    Duration validity = Duration.ofHours(12);
    try {
      validity = Durations.parse(get.apply("VIGIL_WARNING_VALIDITY"));
    } catch (IllegalArgumentException e) {
      problems.add("VIGIL_WARNING_VALIDITY: " + e.getMessage());
    }
    ZoneOffset offset = ZoneOffset.UTC;
    try {
      offset = ZoneOffset.of(get.apply("VIGIL_WARNING_OFFSET"));
    } catch (DateTimeException e) {
      problems.add("VIGIL_WARNING_OFFSET: '" + get.apply("VIGIL_WARNING_OFFSET") + "' is not an offset like +08:00");
    }
    String textsFile = get.apply("VIGIL_WARNING_TEXTS_FILE");
    String texts = null;
    if (!textsFile.isEmpty()) {
      try {
        texts = Files.readString(Path.of(textsFile), StandardCharsets.UTF_8);
        WarningTexts.parse(texts);
      } catch (IOException e) {
        problems.add("VIGIL_WARNING_TEXTS_FILE: cannot read " + textsFile + " (" + e.getMessage() + ")");
      } catch (IllegalArgumentException e) {
        problems.add("VIGIL_WARNING_TEXTS_FILE " + textsFile + ": " + e.getMessage());
      }
    }
    String web = get.apply("VIGIL_WARNING_WEB");
    PublicWarningOptions o = new PublicWarningOptions(enabled, get.apply("VIGIL_WARNING_SENDER"),
        get.apply("VIGIL_WARNING_SENDER_NAME"), from, validity, offset, web.isEmpty() ? null : web, texts);
    if (problems.isEmpty()) {
      try {
        o.policy();
      } catch (IllegalArgumentException e) {
        problems.add("VIGIL_WARNING_*: " + e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid public-warning settings:\n  - " + String.join("\n  - ", problems));
    }
    return o;
  }

  /** The policy these settings describe. */
  public PublicWarningPolicy policy() {
    return new PublicWarningPolicy(sender, senderName, publicFrom, validity, offset, web);
  }

  /** The texts these settings name. */
  public WarningTexts texts() {
    return textsYaml == null ? WarningTexts.defaults() : WarningTexts.parse(textsYaml);
  }
}
