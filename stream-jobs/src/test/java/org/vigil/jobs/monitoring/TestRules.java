package org.vigil.jobs.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Rule settings for tests that follow one rule through its life and must not see the others fire. */
public final class TestRules {

  /** The default ruleset's rain-1h rule alone. */
  public static final String RAIN_1H_ONLY = """
      author: test
      comment: rain-1h only
      rules:
        - id: rain-1h
          description: rainfall over the last hour
          scope: {sites: "*", kinds: [rain]}
          metric: rain_1h
          condition: {type: threshold}
          levels:
            blue:   {raise: 10, clear: 6}
            yellow: {raise: 20, clear: 15}
            orange: {raise: 30, clear: 24}
            red:    {raise: 50, clear: 40}
          explain: [rain_10m, rain_3h]
      """;

  private TestRules() {}

  /** Settings that start the job with {@link #RAIN_1H_ONLY} (written to a file in {@code dir}). */
  public static Map<String, String> onlyRain1h(Path dir) {
    return Map.of("VIGIL_RULES_FILE", write(dir, "rain-1h-only.yaml", RAIN_1H_ONLY).toString());
  }

  /** Writes a ruleset file. */
  public static Path write(Path dir, String name, String yaml) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
