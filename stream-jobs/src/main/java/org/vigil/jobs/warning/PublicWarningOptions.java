package org.vigil.jobs.warning;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.function.Function;
import org.vigil.core.settings.SettingsReader;
import org.vigil.core.settings.WarningSettings;
import org.vigil.core.Level;
import org.vigil.warning.cap.PublicWarningPolicy;
import org.vigil.warning.cap.WarningTexts;

/**
 * The public-warning settings ({@code VIGIL_WARNING_*}, {@link WarningSettings}), read once where the job graph is
 * built and shipped with it.
 *
 * @param enabled whether the job issues CAP warnings at all
 * @param sender CAP sender
 * @param senderName the issuing office for people
 * @param publicFrom the lowest level that is a public warning
 * @param validity how long a warning holds without news
 * @param offset the offset times are written with
 * @param web the console's public address of warnings, or null
 * @param textsYaml the warning texts (YAML), or null for the shipped ones
 * @param broadcast the loudspeaker broadcast and the requests by hand ({@code VIGIL_BROADCAST_*})
 */
public record PublicWarningOptions(boolean enabled, String sender, String senderName, Level publicFrom,
    Duration validity, ZoneOffset offset, String web, String textsYaml, BroadcastOptions broadcast)
    implements Serializable {

  /** Reads the settings ({@link WarningSettings}), every problem at once. */
  public static PublicWarningOptions fromLookup(Function<String, String> lookup) {
    SettingsReader r = new SettingsReader(lookup);
    return r.checked(read(r));
  }

  /** Reads the settings, adding any problem to {@code r} (the caller checks). */
  public static PublicWarningOptions read(SettingsReader r) {
    Level from = Level.fromWire(r.get(WarningSettings.FROM));
    Path textsFile = r.get(WarningSettings.TEXTS_FILE);
    String texts = null;
    if (textsFile != null && !textsFile.toString().isEmpty()) {
      try {
        texts = Files.readString(textsFile, StandardCharsets.UTF_8);
        WarningTexts.parse(texts);
      } catch (IOException e) {
        r.problem(WarningSettings.TEXTS_FILE, "cannot be read (" + e.getMessage() + ")", "name a readable YAML file");
      } catch (IllegalArgumentException e) {
        r.problem(WarningSettings.TEXTS_FILE, e.getMessage(), "give every language, hazard and level its words");
      }
    }
    String web = r.get(WarningSettings.WEB);
    PublicWarningOptions o = new PublicWarningOptions(r.get(WarningSettings.ENABLED), r.get(WarningSettings.SENDER),
        r.get(WarningSettings.SENDER_NAME), from, r.get(WarningSettings.VALIDITY), r.get(WarningSettings.OFFSET),
        web == null || web.isBlank() ? null : web.strip(), texts, BroadcastOptions.read(r));
    if (r.problems().isEmpty()) {
      try {
        o.policy();
      } catch (IllegalArgumentException e) {
        r.problem(WarningSettings.SENDER, e.getMessage(), "give the office's name without spaces or commas");
      }
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
