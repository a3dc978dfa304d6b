package org.vigil.core.settings;

import static org.vigil.core.settings.SettingType.duration;
import static org.vigil.core.settings.SettingType.text;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;

/** Public warnings in OASIS CAP 1.2: whether and how the job issues them, and where the console serves them. */
public final class WarningSettings {

  public static final Setting<Boolean> ENABLED = Setting.of("VIGIL_WARNINGS", SettingType.bool(), "on",
      "issue public warnings (CAP 1.2) on `vigil/warnings/{incident}`");
  public static final Setting<String> SENDER = Setting.of("VIGIL_WARNING_SENDER", text(), "vigil@localhost",
      "the CAP sender: the issuing office's unique name, no spaces or commas");
  public static final Setting<String> SENDER_NAME = Setting.of("VIGIL_WARNING_SENDER_NAME", text(),
      "Vigil monitoring center", "the issuing office as people read it");
  public static final Setting<String> FROM = Setting.of("VIGIL_WARNING_FROM",
      SettingType.oneOf("yellow", "orange", "red"), "orange", "the lowest alert level that is a public warning");
  public static final Setting<Duration> VALIDITY = Setting.of("VIGIL_WARNING_VALIDITY",
      duration(Duration.ofMinutes(10)), "12h", "a warning's validity; an open alert's warning is renewed at half of it");
  public static final Setting<ZoneOffset> OFFSET = Setting.of("VIGIL_WARNING_OFFSET",
      SettingType.of("offset", "a UTC offset such as +08:00", WarningSettings::offset), "+00:00",
      "the UTC offset warning times are written with (the county's local time)");
  public static final Setting<String> WEB = Setting.of("VIGIL_WARNING_WEB", text(), "",
      "the console's address as the public reaches it: the Atom feed's links are under it and each message names it"
          + " in `<web>`").shownDefault("the console's own address");
  public static final Setting<Path> TEXTS_FILE = Setting.of("VIGIL_WARNING_TEXTS_FILE", SettingType.path(), "",
      "YAML of the warnings' words per language, hazard and level; every hazard and level required")
      .shownDefault("the shipped `en-US` and `zh-CN` texts");

  private WarningSettings() {}

  private static ZoneOffset offset(String s) {
    try {
      return ZoneOffset.of(s);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException("not a UTC offset");
    }
  }
}
