package org.vigil.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vigil.registry.Registry;
import org.vigil.registry.RegistryLoader;

class RegistryAreasTest {

  static final Registry REGISTRY = RegistryLoader.parse("""
      regions:
        - {id: c, name: County, level: county}
        - id: t
          name: Twin Township
          level: township
          parent: c
          boundary:
            type: MultiPolygon
            coordinates:
              - [[[103.0, 30.0], [103.1, 30.0], [103.1, 30.1], [103.0, 30.0]],
                 [[103.02, 30.01], [103.03, 30.01], [103.03, 30.02], [103.02, 30.01]]]
              - [[[104.0, 31.0], [104.1, 31.0], [104.1, 31.1], [104.0, 31.0]]]
        - {id: v, name: Low Village, level: village, parent: t, code: "123"}
      sites:
        - {id: s1, name: Bank, region: v, location: {lat: 30.05, lon: 103.05}}
      """, "test.yaml");

  @Test
  void aSitesAreaIsItsVillageAndARegionsItsOwnBoundaryWithoutHoles() {
    RegistryAreas areas = new RegistryAreas(REGISTRY);
    CapArea site = areas.site("s1");
    assertThat(site.description()).isEqualTo("Low Village (Bank)");
    assertThat(site.polygons()).isEmpty();
    assertThat(site.geocodes()).containsExactly(new CapArea.Geocode("ADM-CODE", "123"));
    CapArea township = areas.region("t");
    // Two polygons (the hole of the first is not a CAP polygon), each [lat, lon].
    assertThat(township.polygons()).hasSize(2);
    assertThat(township.polygons().get(0).get(1)).containsExactly(30.0, 103.1);
    assertThat(township.polygons().get(1).get(0)).containsExactly(31.0, 104.0);
    assertThat(areas.site("nowhere")).isEqualTo(CapArea.named("nowhere"));
    assertThat(CapXml.write(new CapAlert("x.1", "s", java.time.OffsetDateTime.parse("2026-01-01T00:00:00+08:00"),
        Cap.Status.Actual, Cap.MsgType.Alert, Cap.Scope.Public, null, null, null, List.of(new CapInfo("en-US",
        List.of(Cap.Category.Geo), "Landslide", null, Cap.Urgency.Immediate, Cap.Severity.Extreme,
        Cap.Certainty.Likely, null, null, null, null, null, null, null, null, null, List.of(township))))))
        .contains("<polygon>30.0,103.0 30.0,103.1 30.1,103.1 30.0,103.0</polygon>");
  }
}
