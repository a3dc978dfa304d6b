package org.vigil.core.settings;

import java.util.List;

/**
 * One setting, declared once: its key, type, default, unit, description and whether its value is secret (never
 * printed: problems and logs show {@code ****}). Declared in the {@code *Settings} classes of this package and listed
 * by {@link Settings}; read with a {@link SettingsReader}.
 *
 * @param key the environment variable / system property, {@code VIGIL_*}
 * @param type how its text is read
 * @param defaultText the default as a person writes it; empty: unset (no value, or a default worked out elsewhere,
 *     which {@code shownDefault} and the description say)
 * @param unit the unit of a number ({@code ms}, {@code m²}, ...); empty for none
 * @param description what it does, one sentence or a few
 * @param secret whether the value is a secret
 * @param formerKeys earlier names still read when this key is unset
 * @param shownDefault the default as documentation shows it; empty: {@code defaultText}
 * @param <T> the value's type
 */
public record Setting<T>(String key, SettingType<T> type, String defaultText, String unit, String description,
    boolean secret, List<String> formerKeys, String shownDefault) {

  public Setting {
    if (!key.matches("VIGIL_[A-Za-z0-9_<>]+")) {
      throw new IllegalArgumentException("a setting's key is VIGIL_ and capitals: " + key);
    }
    formerKeys = List.copyOf(formerKeys);
    if (!defaultText.isEmpty()) {
      type.parse(defaultText); // a default the type refuses is a mistake of the declaration
    }
  }

  /** A setting with a default ({@code ""} for none), no unit, not secret. */
  public static <T> Setting<T> of(String key, SettingType<T> type, String defaultText, String description) {
    return new Setting<>(key, type, defaultText, "", description, false, List.of(), "");
  }

  /** The same setting with a unit. */
  public Setting<T> unit(String u) {
    return new Setting<>(key, type, defaultText, u, description, secret, formerKeys, shownDefault);
  }

  /** The same setting, marked secret. */
  public Setting<T> asSecret() {
    return new Setting<>(key, type, defaultText, unit, description, true, formerKeys, shownDefault);
  }

  /** The same setting, also read under these earlier names. */
  public Setting<T> formerly(String... keys) {
    return new Setting<>(key, type, defaultText, unit, description, secret, List.of(keys), shownDefault);
  }

  /** The same setting, its default shown in documentation as this text. */
  public Setting<T> shownDefault(String text) {
    return new Setting<>(key, type, defaultText, unit, description, secret, formerKeys, text);
  }

  /** The default value; when there is none, null (an empty list for a list). */
  public T defaultValue() {
    return defaultText.isEmpty() ? type.emptyValue() : type.parse(defaultText);
  }

  /** Whether the key is a pattern ({@code VIGIL_WEBHOOK_<n>_NAME}) rather than one variable. */
  public boolean isPattern() {
    return key.contains("<");
  }

  /** This setting's key with the {@code <...>} placeholder replaced. */
  public String keyFor(String placeholderValue) {
    return key.replaceFirst("<[^>]*>", placeholderValue);
  }
}
