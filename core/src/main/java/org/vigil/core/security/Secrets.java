package org.vigil.core.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a secret (a password) from its file: the first line, stripped of surrounding blanks. Every Vigil client that
 * needs a password (MQTT, InfluxDB) reads it here, at the moment it connects, so that settings and job graphs carry
 * only where the secret is (a file, or the name of an environment variable), never the secret itself.
 *
 * <p>The errors say which file, why it cannot be used, and what to do; they never contain the secret.
 */
public final class Secrets {

  private Secrets() {}

  /** A secret that cannot be read: the file is missing, unreadable or empty, or the variable is not set. */
  public static final class UnreadableSecretException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** @param message which secret, which file or variable, and what to do; never the secret itself */
    public UnreadableSecretException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The first line of {@code file}, stripped.
   *
   * @param file the password file
   * @param what what the secret is, e.g. "the MQTT password of vigil-job"
   * @param remedy what to check or set when the file cannot be used, e.g. "check VIGIL_MQTT_PASSWORD_FILE"
   * @throws UnreadableSecretException naming the file, the reason and the remedy
   */
  public static String readFirstLine(Path file, String what, String remedy) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UnreadableSecretException("cannot read " + what + " from " + file + " (" + reason(e) + "): "
          + remedy + "; the file must exist and be readable by this user (mode 600, owned by it)", e);
    }
    int eol = text.indexOf('\n');
    String first = (eol >= 0 ? text.substring(0, eol) : text).strip();
    if (first.isEmpty()) {
      throw new UnreadableSecretException(what + ": " + file + " is empty; write the password on its first line ("
          + remedy + ")", null);
    }
    return first;
  }

  /**
   * The value of the environment variable {@code name}, read now from this process's environment.
   *
   * @throws UnreadableSecretException when it is not set or empty, naming the variable and the remedy
   */
  public static String fromEnvironment(String name, String what, String remedy) {
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new UnreadableSecretException(what + ": the environment variable " + name + " is not set in this process"
          + " (it is read where the client connects, e.g. on every Flink taskmanager): " + remedy, null);
    }
    return v.strip();
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    String type = e.getClass().getSimpleName();
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return m == null ? type : type + ": " + m;
  }
}
