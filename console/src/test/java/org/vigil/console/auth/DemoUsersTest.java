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
    assertThat(d.authenticate("county", "county-demo".toCharArray())).map(User::region).contains("ashgrove-county");
    assertThat(d.authenticate("cloudridge", "cloudridge-demo".toCharArray())).map(User::region)
        .contains("cloudridge-township");
    assertThat(d.authenticate("riverbend", "riverbend-demo".toCharArray())).map(User::region)
        .contains("riverbend-township");
    assertThat(d.authenticate("operator", "operator-demo".toCharArray())).map(User::region).contains("");
  }

  @Test
  void everyTownshipOfTheDemoCountyHasItsOperator() throws Exception {
    UserDirectory d = UserDirectory.load(Path.of("demo-users.yaml"));
    org.vigil.registry.Registry county = org.vigil.registry.RegistryLoader.parse(
        Files.readString(Path.of("..", "infra", "registry", "demo.yaml")), "demo.yaml");
    List<String> townships = county.regions().values().stream()
        .filter(r -> r.level() == org.vigil.registry.RegionLevel.TOWNSHIP).map(org.vigil.registry.Region::id).toList();
    assertThat(townships).hasSize(4);
    List<User> announced = Files.readAllLines(Path.of("demo-users.yaml")).stream()
        .filter(l -> l.startsWith("# demo: ")).map(l -> l.substring("# demo: ".length()).split(" "))
        .map(w -> d.authenticate(w[0], w[2].toCharArray()).orElseThrow()).toList();
    for (String t : townships) {
      assertThat(announced).as(t).anyMatch(u -> u.role() == Role.OPERATOR && t.equals(u.region()));
    }
  }
}
