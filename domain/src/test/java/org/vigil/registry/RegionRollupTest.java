package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vigil.core.Level;
import org.vigil.core.SiteRisk;

/**
 * The roll-up on a tree worked by hand: county c with townships t1 (villages v1, v2) and t2 (village v3, and site s5
 * directly in the township).
 */
class RegionRollupTest {

  private static final Registry TREE = RegistryLoader.parse("""
      regions:
        - {id: c, level: county}
        - {id: t1, level: township, parent: c}
        - {id: t2, level: township, parent: c}
        - {id: v1, level: village, parent: t1}
        - {id: v2, level: village, parent: t1}
        - {id: v3, level: village, parent: t2}
      sites:
        - {id: s1, region: v1, location: {lat: 30, lon: 103}, threatens: [{what: a, kind: people, count: 10}]}
        - {id: s2, region: v1, location: {lat: 30, lon: 103}, threatens: [{what: b, kind: people, count: 5}]}
        - {id: s3, region: v2, location: {lat: 30, lon: 103}, threatens: [{what: c, kind: people, count: 100}]}
        - {id: s4, region: v3, location: {lat: 30, lon: 103}, threatens: [{what: d, kind: people, count: 7}]}
        - {id: s5, region: t2, location: {lat: 30, lon: 103}, threatens: [{what: e, kind: road}]}
      """, "tree.yaml");

  private static SiteRisk risk(String site, Level level, long t) {
    return new SiteRisk(site, level, Level.NONE, "rule-" + site, site + "/rain/rg-1", 1, t);
  }

  /** s1 yellow (t=100), s2 orange (t=200), s4 orange (t=150), s5 blue (t=50); s3 has no risk yet. */
  private static Map<String, SiteRisk> risks() {
    Map<String, SiteRisk> m = new HashMap<>();
    m.put("s1", risk("s1", Level.YELLOW, 100));
    m.put("s2", risk("s2", Level.ORANGE, 200));
    m.put("s4", risk("s4", Level.ORANGE, 150));
    m.put("s5", risk("s5", Level.BLUE, 50));
    m.put("elsewhere", risk("elsewhere", Level.RED, 10)); // not registered: ignored
    return m;
  }

  @Test
  void everyRegionAtEveryLevelGetsTheHighestLevelBelowItTheCountsAndTheDriver() {
    Map<String, RegionRisk> r = RegionRollup.of(TREE, risks(), 1000);
    // v1: s1 yellow, s2 orange -> orange by s2; 10 + 5 people at sites with an open alert.
    assertThat(r.get("v1")).extracting(RegionRisk::level, RegionRisk::sites, RegionRisk::sitesYellow,
        RegionRisk::sitesOrange, RegionRisk::site, RegionRisk::rule, RegionRisk::peopleAtRisk)
        .containsExactly(Level.ORANGE, 2, 1, 1, "s2", "rule-s2", 15);
    // v2: s3 without a risk counts as no level; its 100 people are not at risk.
    assertThat(r.get("v2")).extracting(RegionRisk::level, RegionRisk::sites, RegionRisk::sitesNone,
        RegionRisk::site, RegionRisk::peopleAtRisk).containsExactly(Level.NONE, 1, 1, "", 0);
    // t1 = v1 + v2: 3 sites, one each at none, yellow, orange.
    assertThat(r.get("t1")).extracting(RegionRisk::level, RegionRisk::sites, RegionRisk::sitesNone,
        RegionRisk::sitesYellow, RegionRisk::sitesOrange, RegionRisk::site, RegionRisk::peopleAtRisk)
        .containsExactly(Level.ORANGE, 3, 1, 1, 1, "s2", 15);
    // t2 = v3 (s4 orange) + s5 (blue, in the township itself): orange by s4; 7 people (s5 threatens a road only).
    assertThat(r.get("t2")).extracting(RegionRisk::level, RegionRisk::sites, RegionRisk::sitesBlue,
        RegionRisk::sitesOrange, RegionRisk::site, RegionRisk::peopleAtRisk)
        .containsExactly(Level.ORANGE, 2, 1, 1, "s4", 7);
    // c: all 5; two orange sites, s4 (t=150) changed before s2 (t=200): s4 drives; 15 + 7 people.
    assertThat(r.get("c")).extracting(RegionRisk::level, RegionRisk::sites, RegionRisk::sitesNone,
        RegionRisk::sitesBlue, RegionRisk::sitesYellow, RegionRisk::sitesOrange, RegionRisk::sitesRed,
        RegionRisk::site, RegionRisk::peopleAtRisk)
        .containsExactly(Level.ORANGE, 5, 1, 1, 1, 2, 0, "s4", 22);
    assertThat(r.get("c").regionLevel()).isEqualTo("county");
    assertThat(r.get("v3").parent()).isEqualTo("t2");
  }

  @Test
  void aSiteChangeChangesOnlyTheRegionsAboveIt() {
    Map<String, SiteRisk> m = risks();
    Map<String, RegionRisk> before = RegionRollup.of(TREE, m, 1000);
    m.put("s2", risk("s2", Level.NONE, 2000));
    List<RegionRisk> changes = RegionRollup.changes(before, RegionRollup.of(TREE, m, 2000), 2000);
    // v1 and t1 fall to yellow (s1); c stays orange (s4) but its counts change; t2, v2, v3 do not change.
    assertThat(changes).extracting(RegionRisk::region, RegionRisk::level, RegionRisk::previousLevel, RegionRisk::site)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("v1", Level.YELLOW, Level.ORANGE, "s1"),
            org.assertj.core.groups.Tuple.tuple("t1", Level.YELLOW, Level.ORANGE, "s1"),
            org.assertj.core.groups.Tuple.tuple("c", Level.ORANGE, Level.ORANGE, "s4"));
    RegionRisk c = changes.stream().filter(x -> x.region().equals("c")).findFirst().orElseThrow();
    assertThat(c.sitesOrange()).isEqualTo(1);
    assertThat(c.sitesNone()).isEqualTo(2);
    assertThat(c.peopleAtRisk()).isEqualTo(17);
    assertThat(c.timestampMs()).isEqualTo(2000);
  }

  @Test
  void aRegistryChangeAddsAndRemovesRegions() {
    Registry smaller = RegistryLoader.parse("""
        regions:
          - {id: c, level: county}
          - {id: t1, level: township, parent: c}
          - {id: v9, level: village, parent: t1}
        sites:
          - {id: s1, region: v9, location: {lat: 30, lon: 103}}
        """, "smaller.yaml");
    List<RegionRisk> changes = RegionRollup.changes(RegionRollup.of(TREE, risks(), 1000),
        RegionRollup.of(smaller, risks(), 3000), 3000);
    assertThat(changes).filteredOn(RegionRisk::removed).extracting(RegionRisk::region)
        .containsExactlyInAnyOrder("t2", "v1", "v2", "v3");
    assertThat(changes).filteredOn(x -> !x.removed()).extracting(RegionRisk::region, RegionRisk::level,
        RegionRisk::sites).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("v9", Level.YELLOW, 1),
            org.assertj.core.groups.Tuple.tuple("t1", Level.YELLOW, 1),
            org.assertj.core.groups.Tuple.tuple("c", Level.YELLOW, 1));
    assertThat(RegionRollup.all(RegionRollup.of(smaller, Map.of(), 0))).extracting(RegionRisk::region)
        .containsExactly("c", "t1", "v9");
  }
}
