package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.alerts.rules.Problem;
import org.vigil.core.Level;
import org.vigil.core.SensorKind;

/** The registry file: what it holds, and every mistake reported with its line and column. */
class RegistryLoaderTest {

  private static final String TREE = """
      regions:
        - {id: c, name: County, level: county, code: "990100"}
        - {id: t1, level: township, parent: c}
        - {id: v1, level: village, parent: t1}
      """;

  private static List<String> problems(String yaml) {
    RegistryInvalidException e = catchThrowableOfType(() -> RegistryLoader.parse(yaml, "reg.yaml"),
        RegistryInvalidException.class);
    assertThat(e).as("the registry is refused").isNotNull();
    return e.problems().stream().map(Problem::toString).toList();
  }

  @Test
  void siteIdsOfRegionsHealthAlertsAreKept() {
    assertThat(problems(TREE + """
        sites:
          - {id: _region-t1, region: t1, location: {lat: 30, lon: 103}}
        """)).containsExactly("reg.yaml:6:10: site id '_region-t1': ids starting with '_region-' are kept for the"
        + " alerts about a region's device health");
  }

  @Test
  void readsRegionsSitesAndDevices() {
    Registry r = RegistryLoader.parse("""
        version: 4
        author: A. Engineer
        noData: {factor: 2.5, level: orange}
        regions:
          - {id: c, name: County, level: county, code: "990100"}
          - id: t1
            level: township
            parent: c
            boundary: {type: Polygon, coordinates: [[[103.4, 30.8], [103.6, 30.8], [103.6, 30.9], [103.4, 30.8]]]}
          - {id: v1, name: Upper Village, level: community, parent: t1}
        sites:
          - id: hill-a
            region: v1
            location: {lat: 30.88, lon: 103.47, elevation: 860}
            threatens:
              - {what: residents, kind: people, count: 120}
              - {what: road, kind: road}
              - {what: workers, kind: people, count: 8}
            devices:
              - {id: rg-1, kind: rain, interval: 10s, installed: 2026-04-15}
              - {id: gnss-1, kind: gnss, interval: 10m, installed: "2026-04-20T08:00:00Z", position: {lat: 30.881, lon: 103.471}}
        """, "reg.yaml");
    assertThat(r.version()).isEqualTo(4L);
    assertThat(r.noData()).isEqualTo(new NoDataPolicy(2.5, Level.ORANGE));
    assertThat(r.regions().keySet()).containsExactly("c", "t1", "v1");
    assertThat(r.regions().get("v1").level()).isEqualTo(RegionLevel.VILLAGE);
    assertThat(r.regions().get("c").code()).isEqualTo("990100");
    assertThat(r.regions().get("t1").boundary()).startsWith("{\"type\":\"Polygon\"");
    assertThat(r.chain("v1")).extracting(Region::id).containsExactly("v1", "t1", "c");
    assertThat(r.sites().get("hill-a").peopleThreatened()).isEqualTo(128);
    Device g = r.device("hill-a/gnss/gnss-1");
    assertThat(g.kind()).isEqualTo(DeviceKind.GNSS);
    assertThat(g.interval()).isEqualTo(Duration.ofMinutes(10));
    assertThat(g.installedMs()).isEqualTo(Instant.parse("2026-04-20T08:00:00Z").toEpochMilli());
    assertThat(g.lat()).isEqualTo(30.881);
    assertThat(r.device("hill-a/rain/rg-1").installedMs()).isEqualTo(Instant.parse("2026-04-15T00:00:00Z").toEpochMilli());
    assertThat(r.device("hill-a/rain/rg-1").lat()).isNaN();
    assertThat(r.device("hill-a/rain/rg-2")).isNull();
  }

  @Test
  void theDemoRegistriesAreValidAndDescribeACounty() throws Exception {
    for (String f : List.of("demo.yaml", "demo-slope.yaml")) {
      Path p = Path.of("..", "infra", "registry", f);
      Registry r = RegistryLoader.parse(Files.readString(p), f);
      // One county, 4 townships, 16 villages and communities, each with a boundary for the console's map.
      assertThat(r.regions().values()).extracting(Region::level).filteredOn(l -> l == RegionLevel.COUNTY).hasSize(1);
      assertThat(r.regions().values()).extracting(Region::level).filteredOn(l -> l == RegionLevel.TOWNSHIP).hasSize(4);
      assertThat(r.regions()).hasSize(21);
      assertThat(r.regions().values()).allSatisfy(g -> assertThat(g.boundary()).as(g.id()).isNotEmpty());
      boolean slope = f.contains("slope");
      assertThat(r.sites()).hasSize(slope ? 32 : 30);
      // Every device kind is installed somewhere: each sensor kind the decoders know, and a camera.
      assertThat(r.devices().values()).extracting(Device::kind).containsAll(List.of(DeviceKind.values()));
      // The scenic gorge is the county's tourist site (the ruleset's holiday mode tightens crowd limits there), and
      // its camera is the one camera.
      assertThat(r.sites().values()).filteredOn(s -> s.tags().contains("tourist")).extracting(Site::id)
          .containsExactly("lantern-pass-gorge");
      assertThat(r.devices().values()).filteredOn(d -> d.kind() == DeviceKind.CAMERA).extracting(Device::subject)
          .containsExactly("lantern-pass-gorge/camera/cam1");
      // Every village, community and township office has a loudspeaker.
      for (Region g : r.regions().values()) {
        if (g.level() != RegionLevel.COUNTY) {
          assertThat(r.loudspeakers().values()).as(g.id()).anyMatch(l -> l.regionId().equals(g.id()));
        }
      }
      // Every site threatens someone or something, and lies in a village or community.
      for (Site s : r.sites().values()) {
        assertThat(s.threatens()).as(s.id()).isNotEmpty();
        assertThat(r.regions().get(s.region()).level()).as(s.id()).isEqualTo(RegionLevel.VILLAGE);
      }
    }
  }

  @Test
  void mistakesAreReportedAllAtOnceWithTheirLines() {
    List<String> p = problems("""
        regions:
          - {id: c, level: county}
          - {id: t1, level: township, parent: c, colour: red}
          - {id: v1, level: hamlet, parent: t1}
        sites:
          - id: s1
            region: t1
            location: {lat: 95, lon: 103}
            devices:
              - {id: d1, kind: radar, interval: 10s}
              - {id: d2, kind: rain, interval: never, installed: yesterday}
        """);
    assertThat(p).containsExactly(
        "reg.yaml:3:42: region: unknown field 'colour' (known fields: id, name, level, parent, code, boundary)",
        "reg.yaml:4:21: region 'v1': level must be county, township or village (community), not 'hamlet'",
        "reg.yaml:8:21: site 's1' location lat must be from -90 to 90, not 95",
        "reg.yaml:10:24: device 's1/d1': kind 'radar' is not a device kind (rain, tilt, gnss, crack, pore, level, camera)",
        "reg.yaml:11:40: device 's1/d2' interval: 'never' is not a positive duration: write 30s, 5m, 1h, 2d or"
            + " ISO-8601 such as PT10M",
        "reg.yaml:11:58: device 's1/d2': installed must be a date (2026-03-01) or a UTC time (2026-03-01T08:00:00Z),"
            + " not 'yesterday'");
  }

  @Test
  void aCycleInTheTreeIsNamed() {
    List<String> p = problems("""
        regions:
          - {id: c, level: county}
          - {id: t1, level: township, parent: v2}
          - {id: v1, level: village, parent: t1}
          - {id: v2, level: village, parent: v1}
        sites: []
        """);
    assertThat(p).hasSize(1);
    assertThat(p.get(0)).startsWith("reg.yaml:").contains("regions form a cycle: ")
        .contains("t1").contains("v1").contains("v2");
    assertThat(problems("""
        regions:
          - {id: c, level: county}
          - {id: t1, level: township, parent: t1}
        sites: []
        """)).containsExactly("reg.yaml:3:5: regions form a cycle: t1 -> t1 (each region's parent must lead up to a "
        + "county)");
  }

  @Test
  void duplicateIdsAreRefusedWithTheFirstLine() {
    List<String> p = problems(TREE + """
          - {id: t1, level: township, parent: c}
        sites:
          - id: s1
            region: v1
            location: {lat: 30, lon: 103}
            devices:
              - {id: rg-1, kind: rain, interval: 10s}
              - {id: rg-1, kind: rain, interval: 1m}
              - {id: rg-1, kind: gnss, interval: 1m}
          - {id: s1, region: v1, location: {lat: 30, lon: 103}}
        """);
    assertThat(p).containsExactly(
        "reg.yaml:5:5: region id 't1' is used twice (first at line 3): ids must be unique",
        "reg.yaml:12:9: device 's1/rain/rg-1' is listed twice (first at line 11)",
        "reg.yaml:14:5: site id 's1' is used twice (first at line 7): ids must be unique");
  }

  @Test
  void aSiteInAnUnknownRegionAndAWrongParentLevelAreRefused() {
    List<String> p = problems(TREE + """
          - {id: v2, level: village, parent: c}
          - {id: t2, level: township}
        sites:
          - {id: s1, region: v3, location: {lat: 30, lon: 103}}
          - {id: s2, region: c, location: {lat: 30, lon: 103}}
        """);
    assertThat(p).containsExactly(
        "reg.yaml:5:5: region 'v2': a village belongs to a township, but 'c' is a county",
        "reg.yaml:6:5: region 't2': a township needs a parent (the county it belongs to)",
        "reg.yaml:8:22: site 's1': region 'v3' is not a region of this file; did you mean v1, v2?");
  }

  @Test
  void boundariesMustBeGeoJsonPolygons() {
    List<String> p = problems("""
        regions:
          - {id: c, level: county, boundary: {type: Point, coordinates: [103, 30]}}
          - {id: t1, level: township, parent: c, boundary: {type: Polygon, coordinates: [[[103, 30], [104, 30], [104, 31]]]}}
          - {id: t2, level: township, parent: c, boundary: {type: Polygon, coordinates: [[[103, 30], [104, 30], [104, 31], [103, 30.5]]]}}
          - {id: t3, level: township, parent: c, boundary: {type: MultiPolygon, coordinates: [[[[200, 30], [104, 30], [104, 31], [200, 30]]]]}}
        sites: []
        """);
    assertThat(p).hasSize(4);
    assertThat(p.get(0)).startsWith("reg.yaml:2:").contains("type must be Polygon or MultiPolygon, not 'Point'");
    assertThat(p.get(1)).startsWith("reg.yaml:3:").contains("at least four positions");
    assertThat(p.get(2)).startsWith("reg.yaml:4:").contains("must end where it starts");
    assertThat(p.get(3)).startsWith("reg.yaml:5:").contains("longitude in [-180, 180]");
  }

  @Test
  void badYamlAndMissingPartsAreReported() {
    assertThat(problems("regions: [\n")).singleElement().asString().startsWith("reg.yaml:2:").contains("not valid YAML");
    assertThat(problems("author: x\n")).containsExactly("reg.yaml:1:1: registry: missing field 'regions'",
        "reg.yaml:1:1: registry: missing field 'sites'");
    assertThat(problems("regions:\n  - {id: t, level: township, parent: xyz}\nsites: []\n")).containsExactly(
        "reg.yaml:2:5: region 't': parent 'xyz' is not a region of this file");
  }

  @Test
  void sitesMayCarryTagsForTheCommandModes() {
    Registry r = RegistryLoader.parse(TREE + """
        sites:
          - {id: square, region: v1, location: {lat: 30.88, lon: 103.47}, tags: [tourist, market, tourist]}
          - {id: hill, region: v1, location: {lat: 30.89, lon: 103.48}}
        """, "reg.yaml");
    assertThat(r.sites().get("square").tags()).containsExactly("tourist", "market");
    assertThat(r.sites().get("hill").tags()).isEmpty();
    assertThat(problems(TREE + """
        sites:
          - {id: square, region: v1, location: {lat: 30.88, lon: 103.47}, tags: [Tourist Site]}
          - {id: hill, region: v1, location: {lat: 30.89, lon: 103.48}, tags: tourist}
        """)).containsExactly(
        // line 6 (4 lines of the tree, then sites:), column 74, where the tag starts
        "reg.yaml:6:74: site 'square': a tag is a word of lower-case letters, digits and '-' (up to 40), such as"
            + " tourist",
        "reg.yaml:7:71: site 'hill' tags must be a list (each item starting with '- '), not 'tourist'");
  }
}
