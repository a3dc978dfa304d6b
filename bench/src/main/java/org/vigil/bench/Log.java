package org.vigil.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress and method lines of a bench run, printed as they happen (a CLI: standard output is its interface). */
final class Log {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Log() {}

  static void say(String format, Object... args) {
    System.out.println("[bench " + LocalTime.now().format(TIME) + "] " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }

  static void method(String format, Object... args) {
    System.out.println("  method: " + String.format(Locale.ROOT, format, args));
    System.out.flush();
  }
}
