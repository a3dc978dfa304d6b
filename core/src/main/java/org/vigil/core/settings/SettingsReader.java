package org.vigil.core.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vigil.core.settings.ConfigException.Problem;

/**
 * Reads settings from a lookup (the environment with {@code -D} system properties first, see {@link #environment};
 * tests pass {@code Map::get}), collecting every problem rather than stopping at the first; {@link #check} throws one
 * {@link ConfigException} listing them all. A blank value counts as unset. Secret values never appear in problems.
 */
public final class SettingsReader {

  private final Function<String, String> lookup;
  private final List<Problem> problems = new ArrayList<>();

  public SettingsReader(Function<String, String> lookup) {
    this.lookup = lookup;
  }

  /** The environment, with {@code -D} system properties of the same names taking precedence. */
  public static Function<String, String> environment() {
    return key -> {
      String v = System.getProperty(key);
      return v != null ? v : System.getenv(key);
    };
  }

  /** The lookup this reader reads from. */
  public Function<String, String> lookup() {
    return lookup;
  }

  /** The text of a key, null when unset or blank. */
  public String text(String key) {
    String v = lookup.apply(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  /** The text given for a setting (under its key, else a former one), null when unset. */
  public String raw(Setting<?> s) {
    String v = text(s.key());
    for (int i = 0; v == null && i < s.formerKeys().size(); i++) {
      v = text(s.formerKeys().get(i));
    }
    return v;
  }

  /** Whether the setting is given (non-blank). */
  public boolean isSet(Setting<?> s) {
    return raw(s) != null;
  }

  /** The setting's value: given, else its default (null when it has none); a bad value is noted and the default returned. */
  public <T> T get(Setting<T> s) {
    return parse(s, s.key(), raw(s), s.defaultValue());
  }

  /**
   * The value under another key of the same type (a per-item key such as {@code VIGIL_WEBHOOK_2_TIMEOUT} of the
   * pattern {@code VIGIL_WEBHOOK_<n>_TIMEOUT}), else {@code fallback}.
   */
  public <T> T get(Setting<T> s, String key, T fallback) {
    return parse(s, key, text(key), fallback);
  }

  private <T> T parse(Setting<T> s, String key, String v, T fallback) {
    if (v == null) {
      return fallback;
    }
    try {
      return s.type().parse(v);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(key, shown(s, v), e.getMessage(), "give " + s.type().expected()
          + (s.defaultText().isEmpty() ? "" : ", or leave it unset for " + s.defaultText())));
      return fallback;
    }
  }

  /** Notes a problem of a setting that parsed but does not fit (a cross-setting rule, a missing file, ...). */
  public void problem(Setting<?> s, String what, String fix) {
    String v = raw(s);
    problems.add(new Problem(s.key(), v == null ? null : shown(s, v), what, fix));
  }

  /** Notes a problem already written as a sentence that names its key. */
  public void problem(String line) {
    problems.add(new Problem("", null, line, ""));
  }

  /** Notes a problem of a key that is not (or no longer) a setting, such as a removed one. */
  public void problem(String key, String what, String fix) {
    problems.add(new Problem(key, null, what, fix));
  }

  /** Notes every key of {@link Settings#REMOVED} that is set, with what to do instead. */
  public void refuseRemoved() {
    Settings.REMOVED.forEach((key, instead) -> {
      if (text(key) != null) {
        problems.add(new Problem(key, null, "is no longer read", instead));
      }
    });
  }

  /** Adds the problems of a part that validated on its own. */
  public void add(ConfigException e) {
    problems.addAll(e.details());
  }

  /**
   * Runs a part that reads and validates on its own (an options class's {@code fromLookup}); its problems join this
   * reader's, and {@code fallback} stands in for its result.
   */
  public <T> T part(Supplier<T> read, T fallback) {
    try {
      return read.get();
    } catch (ConfigException e) {
      problems.addAll(e.details());
      return fallback;
    }
  }

  /** Every problem so far. */
  public List<Problem> problems() {
    return List.copyOf(problems);
  }

  /** Throws one {@link ConfigException} listing every problem, if there is any. */
  public void check() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /**
   * Throws one {@link ConfigException} "{@code what}: ..." listing this reader's problems and then {@code more} (a
   * component's own checks of values that parsed), if there is any.
   */
  public void check(String what, List<String> more) {
    if (!problems.isEmpty() || !more.isEmpty()) {
      List<String> all = new ArrayList<>();
      problems.forEach(p -> all.add(p.toString()));
      all.addAll(more);
      throw new ConfigException(what, all);
    }
  }

  /** {@code value}, after {@link #check()}. */
  public <T> T checked(T value) {
    check();
    return value;
  }

  private static String shown(Setting<?> s, String v) {
    return s.secret() ? "****" : v;
  }
}
