package org.vigil.console.map;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vigil.console.auth.RegionTree;
import org.vigil.console.auth.Role;
import org.vigil.console.auth.User;
import org.vigil.console.http.Json;
import org.vigil.registry.RegistryLoader;

/** The map's data: the registry's regions with their boundaries and its sites, scoped to the user's ground. */
class MapRoutesTest {

  private static final String REGISTRY = """
      regions:
        - {id: c, name: County, level: county}
        - id: t1
          level: township
          parent: c
          boundary: {type: Polygon, coordinates: [[[103.0, 30.0], [103.5, 30.0], [103.5, 30.5], [103.0, 30.0]]]}
        - {id: t2, level: township, parent: c}
        - {id: v1, name: Upper, level: village, parent: t1}
      sites:
        - {id: hill-a, region: v1, location: {lat: 30.1, lon: 103.2}, devices: [{id: r1, kind: rain, interval: 10m}, {id: g1, kind: gnss, interval: 1h}]}
        - {id: hill-b, region: t2, location: {lat: 30.3, lon: 102.9}, devices: []}
      """;

  private final RegionTree tree = new RegionTree(7, RegistryLoader.parse(REGISTRY, "t"));

  private JsonNode map(String region) throws Exception {
    return Json.MAPPER.readTree(MapRoutes.build(tree, new User("u", Role.VIEWER, "x", region)));
  }

  @Test
  void theWholeCountyHasEveryRegionAndSiteWithBoundariesAndDeviceCounts() throws Exception {
    JsonNode m = map("");
    assertThat(m.get("version").asLong()).isEqualTo(7);
    assertThat(m.get("region").asText()).isEqualTo("*");
    assertThat(m.get("regions")).extracting(n -> n.get("id").asText()).containsExactly("c", "t1", "t2", "v1");
    assertThat(m.get("regions").get(0).get("parent").isNull()).isTrue();
    assertThat(m.get("regions").get(0).get("boundary").isNull()).isTrue();
    JsonNode t1 = m.get("regions").get(1);
    assertThat(t1.get("parent").asText()).isEqualTo("c");
    assertThat(t1.get("boundary").get("type").asText()).isEqualTo("Polygon");
    assertThat(t1.get("boundary").get("coordinates").get(0).get(1).get(0).asDouble()).isEqualTo(103.5);
    assertThat(m.get("sites")).extracting(n -> n.get("id").asText()).containsExactly("hill-a", "hill-b");
    JsonNode a = m.get("sites").get(0);
    assertThat(a.get("region").asText()).isEqualTo("v1");
    assertThat(a.get("lat").asDouble()).isEqualTo(30.1);
    assertThat(a.get("lon").asDouble()).isEqualTo(103.2);
    assertThat(a.get("devices").asInt()).isEqualTo(2);
    assertThat(m.get("sites").get(1).get("devices").asInt()).isZero();
  }

  @Test
  void aTownshipUserSeesOnlyTheTownship() throws Exception {
    JsonNode m = map("t1");
    assertThat(m.get("region").asText()).isEqualTo("t1");
    assertThat(m.get("regions")).extracting(n -> n.get("id").asText()).containsExactly("t1", "v1");
    assertThat(m.get("sites")).extracting(n -> n.get("id").asText()).containsExactly("hill-a");
  }

  @Test
  void withoutARegistryTheMapIsEmpty() throws Exception {
    JsonNode m = Json.MAPPER.readTree(MapRoutes.build(RegionTree.EMPTY, new User("u", Role.VIEWER, "x")));
    assertThat(m.get("regions")).isEmpty();
    assertThat(m.get("sites")).isEmpty();
  }
}
