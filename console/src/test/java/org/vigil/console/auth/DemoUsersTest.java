package org.vigil.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo users file: every user its comment line announces logs in with the password it prints. */
class DemoUsersTest {

  @Test
  void everyAnnouncedDemoUserLogsInWithItsPasswordAndRegion() throws Exception {
    Path file = Path.of("demo-users.yaml");
    UserDirectory d = UserDirectory.load(file);
    List<String> announced = Files.readAllLines(file).stream().filter(l -> l.startsWith("# demo: ")).toList();
    assertThat(announced).hasSize(d.size());
    for (String line : announced) {
      String[] w = line.substring("# demo: ".length()).split(" ");
      assertThat(d.authenticate(w[0], w[2].toCharArray())).as(line).isPresent();
    }
    assertThat(d.authenticate("township", "township-demo".toCharArray())).map(User::region).contains("east-township");
    assertThat(d.authenticate("operator", "operator-demo".toCharArray())).map(User::region).contains("");
  }
}
