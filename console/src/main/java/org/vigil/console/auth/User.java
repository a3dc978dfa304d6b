package org.vigil.console.auth;

import java.util.Objects;

/**
 * A console user from the users file.
 *
 * @param name login name
 * @param role what the user may do
 * @param passwordHash a {@link PasswordHasher} entry
 */
public record User(String name, Role role, String passwordHash) {
  public User {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(passwordHash, "passwordHash");
  }

  @Override
  public String toString() {
    return "User[" + name + ", " + role.wireName() + "]";
  }
}
