package org.vigil.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A county of 2,000 sites and 20,000 devices (the load the command center is built for) loads whole: every region,
 * site and device indexed, each site's chain up to the county. The time it takes is measured by the benchmark
 * (phase 9), not here.
 */
class RegistryAtScaleTest {

  @Test
  void aCountyOf2000SitesAnd20000DevicesLoadsWhole() {
    CountyGenerator g = CountyGenerator.countyOf20000Devices();
    Registry r = RegistryLoader.parse(g.yaml(null), "county.yaml");

    // 1 county + 20 townships + 200 villages; 20 x 10 x 10 sites; 10 devices each.
    assertThat(r.regions()).hasSize(221);
    assertThat(r.sites()).hasSize(2_000);
    assertThat(r.devices()).hasSize(20_000);
    String last = CountyGenerator.site(19, 9, 9);
    assertThat(r.chain(r.sites().get(last).region())).extracting(Region::id)
        .containsExactly("t19-v09", "t19", "county");
    Device d = r.device(CountyGenerator.subject(last, 9));
    assertThat(d).isNotNull();
    assertThat(d.site()).isEqualTo(last);
    assertThat(d.interval()).isEqualTo(Duration.ofMinutes(10));
    // Devices 0..9 cycle through the six kinds: rain, gnss, tilt, crack, pore, level, rain, gnss, tilt, crack.
    assertThat(r.devices().keySet().stream().filter(s -> s.contains("/rain/"))).hasSize(2 * 2_000);
    assertThat(r.devices().keySet().stream().filter(s -> s.contains("/level/"))).hasSize(2_000);
  }

  /** SnakeYAML refuses more than 3 Mi characters by default; a registry may have more (boundaries, 25,000+ devices). */
  @Test
  void aFileOfMoreThanThreeMillionCharactersLoads() {
    CountyGenerator g = new CountyGenerator(2, 2, 2, 2);
    String yaml = "#" + "x".repeat(3_500_000) + "\n" + g.yaml(null);
    assertThat(RegistryLoader.parse(yaml, "big.yaml").devices()).hasSize(16);
  }
}
