package org.vigil.console.auth;

import java.util.Objects;

/**
 * A console user from the users file.
 *
 * @param name login name
 * @param role what the user may do
 * @param passwordHash a {@link PasswordHasher} entry
 * @param region the registry region the user answers for, with everything below it; empty for the whole county
 */
public record User(String name, Role role, String passwordHash, String region) {
  public User {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(passwordHash, "passwordHash");
    region = region == null ? "" : region.strip();
  }

  /** A user of the whole county. */
  public User(String name, Role role, String passwordHash) {
    this(name, role, passwordHash, "");
  }

  @Override
  public String toString() {
    return "User[" + name + ", " + role.wireName() + (region.isEmpty() ? "" : ", " + region) + "]";
  }
}
