package org.vigil.console.auth;

/** The users file cannot be read or is invalid; the message names the file and every problem. */
public class UsersFileException extends RuntimeException {
  public UsersFileException(String message) {
    super(message);
  }

  public UsersFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
