package org.vigil.console.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's users, read from a YAML file:
 *
 * <pre>{@code
 * users:
 *   - name: maria
 *     role: operator          # viewer | operator | engineer
 *     password: pbkdf2-sha256$210000$<salt>$<key>   # ./vigil console hash-password
 *     region: east-township   # optional: the registry region the user answers for; none = the whole county
 * }</pre>
 *
 * Every problem is reported at once when the file is loaded. A wrong password costs as much time as a right one, and
 * an unknown user costs the same as a known one (a dummy hash is checked), so timing does not tell which names exist.
 */
public final class UserDirectory {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String DUMMY = PasswordHasher.hash("not a password".toCharArray());

  private final Map<String, User> users;

  public UserDirectory(List<User> users) {
    Map<String, User> m = new LinkedHashMap<>();
    users.forEach(u -> m.put(u.name(), u));
    this.users = Map.copyOf(m);
  }

  /** Loads and checks a users file. */
  public static UserDirectory load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UsersFileException("cannot read the console users file " + file + ": " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /** Parses users YAML; {@code source} names it in messages. */
  public static UserDirectory parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UsersFileException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("users");
    if (list == null || !list.isArray()) {
      throw new UsersFileException(source + ": needs a list 'users:' of {name, role, password}");
    }
    List<String> problems = new ArrayList<>();
    List<User> users = new ArrayList<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode u = list.get(i);
      String where = "users[" + i + "]";
      String name = u.path("name").asText("").strip();
      if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
        problems.add(where + ": name must be 1-64 characters of letters, digits, . _ @ -");
        continue;
      }
      where = where + " (" + name + ")";
      if (seen.putIfAbsent(name, i) != null) {
        problems.add(where + ": the name is used twice");
      }
      Role role = null;
      try {
        role = Role.fromWire(u.path("role").asText(""));
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
      String hash = u.path("password").asText("");
      try {
        PasswordHasher.check(hash);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": " + e.getMessage());
      }
      String region = u.path("region").isNull() ? "" : u.path("region").asText("").strip();
      if (!region.isEmpty() && !region.matches("[a-z0-9][a-z0-9-]{0,63}")) {
        problems.add(where + ": region '" + (region.length() > 40 ? region.substring(0, 40) + "..." : region)
            + "' is not a registry region id (lower-case letters, digits and -)");
      }
      if (role != null) {
        users.add(new User(name, role, hash, region));
      }
    }
    if (!problems.isEmpty()) {
      throw new UsersFileException(source + ": " + String.join("; ", problems));
    }
    if (users.isEmpty()) {
      throw new UsersFileException(source + ": no users");
    }
    return new UserDirectory(users);
  }

  /** The user when name and password match. */
  public Optional<User> authenticate(String name, char[] password) {
    User u = users.get(name);
    if (u == null) {
      PasswordHasher.verify(password, DUMMY);
      return Optional.empty();
    }
    return PasswordHasher.verify(password, u.passwordHash()) ? Optional.of(u) : Optional.empty();
  }

  public int size() {
    return users.size();
  }

  /** Every user, in file order. */
  public java.util.Collection<User> all() {
    return users.values();
  }
}
