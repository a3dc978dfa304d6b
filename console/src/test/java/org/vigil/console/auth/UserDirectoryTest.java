package org.vigil.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UserDirectoryTest {

  private static final String H = PasswordHasher.hash("secret-pw".toCharArray(), 1000);

  @Test
  void authenticatesByNameAndPassword() {
    UserDirectory d = UserDirectory.parse("users:\n  - {name: maria, role: operator, password: '" + H + "'}\n", "t");
    assertThat(d.authenticate("maria", "secret-pw".toCharArray())).map(User::role).contains(Role.OPERATOR);
    assertThat(d.authenticate("maria", "wrong".toCharArray())).isEmpty();
    assertThat(d.authenticate("nobody", "secret-pw".toCharArray())).isEmpty();
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> UserDirectory.parse("users:\n"
        + "  - {name: a, role: boss, password: '" + H + "'}\n"
        + "  - {name: b, role: viewer, password: plain}\n"
        + "  - {name: b, role: viewer, password: '" + H + "'}\n"
        + "  - {name: 'x y', role: viewer, password: '" + H + "'}\n", "users.yaml"))
        .isInstanceOf(UsersFileException.class)
        .hasMessageContaining("users.yaml")
        .hasMessageContaining("users[0] (a): unknown role 'boss'")
        .hasMessageContaining("users[1] (b): a password hash must look like")
        .hasMessageContaining("users[2] (b): the name is used twice")
        .hasMessageContaining("users[3]: name must be");
    assertThatThrownBy(() -> UserDirectory.parse("nobody: here", "f")).hasMessageContaining("needs a list 'users:'");
  }

  @Test
  void aUserMayHaveARegionAndWithoutOneHasTheWholeCounty() {
    UserDirectory d = UserDirectory.parse("users:\n"
        + "  - {name: tom, role: operator, region: east-township, password: '" + H + "'}\n"
        + "  - {name: cora, role: engineer, password: '" + H + "'}\n", "t");
    assertThat(d.authenticate("tom", "secret-pw".toCharArray())).map(User::region).contains("east-township");
    assertThat(d.authenticate("cora", "secret-pw".toCharArray())).map(User::region).contains("");
    assertThatThrownBy(() -> UserDirectory.parse("users:\n"
        + "  - {name: tom, role: operator, region: 'East Township', password: '" + H + "'}\n", "users.yaml"))
        .hasMessageContaining("users[0] (tom): region 'East Township' is not a registry region id");
  }

  @Test
  void rolesIncludeTheOnesBelow() {
    assertThat(Role.ENGINEER.allows(Role.OPERATOR)).isTrue();
    assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
    assertThat(Role.OPERATOR.allows(Role.ENGINEER)).isFalse();
    assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
  }
}
