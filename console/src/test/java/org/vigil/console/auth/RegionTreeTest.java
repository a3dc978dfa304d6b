package org.vigil.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.vigil.registry.RegistryLoader;

class RegionTreeTest {

  private static final String REGISTRY = """
      regions:
        - {id: c, level: county, code: "990100"}
        - {id: t1, level: township, parent: c, code: "990101"}
        - {id: t2, level: township, parent: c}
        - {id: v1, level: village, parent: t1, code: "990101201"}
        - {id: v2, level: village, parent: t2}
      sites:
        - {id: hill-a, region: v1, location: {lat: 30.88, lon: 103.47}, devices: []}
        - {id: hill-b, region: v2, location: {lat: 30.85, lon: 103.52}, devices: []}
        - {id: town-hall, region: t1, location: {lat: 30.86, lon: 103.50}, devices: []}
      """;

  private final RegionTree tree = new RegionTree(0, RegistryLoader.parse(REGISTRY, "t"));

  @Test
  void aRegionCoversItselfAndEverythingBelowIt() {
    assertThat(tree.within("t1", "t1")).isTrue();
    assertThat(tree.within("t1", "v1")).isTrue();
    assertThat(tree.within("t1", "v2")).isFalse();
    assertThat(tree.within("t1", "c")).isFalse();
    assertThat(tree.within("c", "v2")).isTrue();
    assertThat(tree.within(RegionTree.ROOT, "anything")).isTrue();
    assertThat(tree.siteWithin("t1", "hill-a")).isTrue();
    assertThat(tree.siteWithin("t1", "town-hall")).isTrue();
    assertThat(tree.siteWithin("t1", "hill-b")).isFalse();
    assertThat(tree.siteWithin("v1", "town-hall")).isFalse();
    // A site the registry does not know belongs to the whole county only.
    assertThat(tree.siteWithin("c", "unregistered")).isFalse();
    assertThat(tree.siteWithin(RegionTree.ROOT, "unregistered")).isTrue();
    assertThat(tree.regionsWithin("t1")).containsExactly("t1", "v1");
    assertThat(tree.sitesWithin("t1")).containsExactly("hill-a", "town-hall");
    assertThat(tree.regionOfCode("990101201")).isEqualTo("v1");
    assertThat(tree.parentOf("v1")).isEqualTo("t1");
    assertThat(tree.parentOf("c")).isNull();
  }

  @Test
  void aRegionsHealthAlertIsScopedByTheRegionItself() {
    // Addressed to the pseudo-site _region-<id>: t1's own alerts are seen from t1 and the county, not from its
    // village v1 or from t2; an unknown region's only from the whole county.
    assertThat(tree.siteWithin("t1", "_region-t1")).isTrue();
    assertThat(tree.siteWithin("c", "_region-t1")).isTrue();
    assertThat(tree.siteWithin("v1", "_region-t1")).isFalse();
    assertThat(tree.siteWithin("t2", "_region-t1")).isFalse();
    assertThat(tree.siteWithin("t1", "_region-v1")).isTrue();
    assertThat(tree.regionOfSite("_region-t1")).isEqualTo("t1");
    assertThat(tree.siteWithin("c", "_region-nowhere")).isFalse();
    assertThat(tree.siteWithin(RegionTree.ROOT, "_region-nowhere")).isTrue();
  }

  @Test
  void theDemoRegistrysTownshipOperatorAnswersForItsVillagesSites() {
    Duty duty = new Duty("vigil/config/registry");
    duty.loadFile(java.nio.file.Path.of("../infra/registry/demo.yaml"));
    User cloudridge = new User("cloudridge", Role.OPERATOR, "x", "cloudridge-township");
    assertThat(duty.sees(cloudridge, "upper-hollow-slope")).isTrue(); // upper-hollow village
    assertThat(duty.sees(cloudridge, "cedar-ford-gauge")).isTrue(); // cedar-ford community
    assertThat(duty.sees(cloudridge, "riverbend-gauge")).isFalse(); // riverbend-township's
    // Cloudridge's 4 villages hold 7 sites (generator's table: 2 + 1 + 2 + 2).
    assertThat(duty.tree().sitesWithin("cloudridge-township")).hasSize(7);
    assertThat(duty.tree().regionsWithin("cloudridge-township")).hasSize(5);
    assertThat(duty.tree().version()).isZero();
  }

  @Test
  void dutyFollowsNewerValidVersionsOnly() {
    Duty duty = new Duty("vigil/config/registry");
    User tom = new User("tom", Role.OPERATOR, "x", "t1");
    User county = new User("cora", Role.OPERATOR, "x");
    assertThat(duty.sees(tom, "hill-a")).as("no registry yet: only the county sees").isFalse();
    assertThat(duty.sees(county, "hill-a")).isTrue();
    duty.onRegistry("vigil/config/registry/ops", ("version: 5\n" + REGISTRY).getBytes(StandardCharsets.UTF_8));
    assertThat(duty.sees(tom, "hill-a")).isTrue();
    assertThat(duty.sees(tom, "hill-b")).isFalse();
    // v2 moves to t1, but 4 is older than 5: ignored. Without a version or invalid: ignored and counted.
    String moved = REGISTRY.replace("{id: v2, level: village, parent: t2}", "{id: v2, level: village, parent: t1}");
    duty.onRegistry("vigil/config/registry/b", ("version: 4\n" + moved).getBytes(StandardCharsets.UTF_8));
    duty.onRegistry("vigil/config/registry/b", moved.getBytes(StandardCharsets.UTF_8));
    duty.onRegistry("vigil/config/registry/b", "regions: [".getBytes(StandardCharsets.UTF_8));
    duty.onRegistry("vigil/config/registry/b", ("version: 1006\n" + moved).getBytes(StandardCharsets.UTF_8));
    assertThat(duty.sees(tom, "hill-b")).isFalse();
    assertThat(duty.refused()).isEqualTo(3);
    duty.onRegistry("vigil/config/registry/b", ("version: 6\n" + moved).getBytes(StandardCharsets.UTF_8));
    assertThat(duty.sees(tom, "hill-b")).isTrue();
    assertThat(duty.tree().version()).isEqualTo(6);
    assertThat(duty.isRegistryTopic("vigil/config/registry/status")).isFalse();
    assertThat(duty.isRegistryTopic("vigil/config/registry/ops")).isTrue();
    // A warning for the county concerns the township's users; one for another township does not.
    assertThat(duty.overlaps(tom, "c")).isTrue();
    assertThat(duty.overlaps(new User("t", Role.OPERATOR, "x", "t2"), "t1")).isFalse();
  }
}
