package org.vigil.alerts.rules;

/**
 * One mistake found in a rule file, where it is and what is wrong, in words for the engineer who wrote it.
 *
 * @param file file name as given to the loader
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong and how to put it right
 */
public record Problem(String file, int line, int column, String message) {

  /** {@code file:line:column: message}, the form compilers and editors understand. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
