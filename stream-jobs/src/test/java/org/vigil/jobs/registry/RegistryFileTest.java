package org.vigil.jobs.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.jobs.monitoring.MonitoringConfig;

/** The start-up registry: none unless a file is named; a bad file stops the start with every problem and its line. */
class RegistryFileTest {

  @TempDir Path dir;

  @Test
  void withoutARegistryTheJobRunsAsBefore() {
    assertThat(RegistryFile.load(null)).isNull();
    assertThat(RegistryFile.load(" ")).isNull();
    assertThat(RegistryFile.load("none")).isNull();
    assertThat(MonitoringConfig.from(Map.<String, String>of()::get).registry()).isNull();
  }

  @Test
  void theDemoRegistryLoadsAsVersionZero() {
    RegistryUpdate u = RegistryFile.load(Path.of("..", "infra", "registry", "demo.yaml").toString());
    assertThat(u.version()).isZero();
    assertThat(u.summary()).isEqualTo("21 regions, 30 sites, 144 devices, 36 loudspeakers");
    MonitoringConfig c = MonitoringConfig.from(Map.of("VIGIL_REGISTRY_FILE",
        Path.of("..", "infra", "registry", "demo-slope.yaml").toString())::get);
    assertThat(c.registry().yaml()).contains("hawthorn-ridge");
    assertThat(c.registryTopic()).isEqualTo("vigil/config/registry");
  }

  @Test
  void anInvalidFileIsRefusedWithEveryProblem() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "regions:\n  - {id: c, level: county}\nsites:\n  - {id: s, region: x, location: {lat: 1, lon: 2}}\n"
        + "  - {id: s, region: c}\n");
    assertThatThrownBy(() -> MonitoringConfig.from(Map.of("VIGIL_REGISTRY_FILE", f.toString())::get))
        .hasMessageContaining("VIGIL_REGISTRY_FILE: the registry " + f.toAbsolutePath() + " is invalid")
        .hasMessageContaining(f.toAbsolutePath() + ":4:21: site 's': region 'x' is not a region of this file")
        .hasMessageContaining(f.toAbsolutePath() + ":5:5: site 's' location: missing");
  }
}
