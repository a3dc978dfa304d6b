package org.vigil.jobs.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vigil.alerts.rules.RuleSet;
import org.vigil.alerts.rules.RuleSetInvalidException;
import org.vigil.alerts.rules.RuleSetLoader;

/**
 * The rules the job starts with (version 0): the file named by {@code VIGIL_RULES_FILE}, or the default ruleset
 * shipped in the jar ({@code infra/rules/default.yaml}). A ruleset published on the rules topic replaces them.
 */
public final class RulesFile {

  /** Class-path location of the default ruleset. */
  public static final String DEFAULT_RESOURCE = "/vigil/rules/default.yaml";

  private RulesFile() {}

  /**
   * Reads and validates the start-up rules; throws {@link IllegalArgumentException} naming the file and every
   * problem ({@code file:line:column: message}).
   *
   * @param file the rules file, or null/blank for the default ruleset
   */
  public static RulesetUpdate load(String file) {
    String yaml;
    String source;
    if (file == null || file.isBlank()) {
      source = "default ruleset (" + DEFAULT_RESOURCE + ")";
      try (InputStream in = RulesFile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("the default ruleset " + DEFAULT_RESOURCE + " is missing from the class path");
        }
        yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the default ruleset: " + e.getMessage(), e);
      }
    } else {
      Path p = Path.of(file.trim());
      source = p.toAbsolutePath().toString();
      try {
        yaml = Files.readString(p);
      } catch (IOException e) {
        throw new IllegalArgumentException("VIGIL_RULES_FILE: cannot read " + source + ": " + e.getMessage()
            + " (set it to a ruleset YAML, or unset it for the default rules)");
      }
    }
    try {
      RuleSet rules = RuleSetLoader.parse(yaml, source);
      return new RulesetUpdate(0, rules.author(), rules.comment(), yaml, rules, rules.rules().size() + " rules",
          source);
    } catch (RuleSetInvalidException e) {
      StringBuilder b = new StringBuilder("VIGIL_RULES_FILE: the ruleset " + source + " is invalid:");
      e.problems().forEach(pr -> b.append("\n      ").append(pr));
      throw new IllegalArgumentException(b.toString());
    }
  }
}
