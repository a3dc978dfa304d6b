package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vigil.core.SensorKind;
import org.vigil.core.settings.Durations;
import org.vigil.simulator.camera.CameraFeedOptions;
import picocli.CommandLine;

/**
 * The simulator's options: by default the demo county's registry, every device of it; the storm over five sites of
 * one township; the slope scenario a county of its own; --sites a fleet without registry.
 */
class SimulatorArgsTest {

  /** The repository's demo registries (the tests run in simulator/). */
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  private static SimulatorArgs args(String... args) {
    SimulatorArgs a = new SimulatorArgs();
    new CommandLine(a).parseArgs(args);
    return a;
  }

  private static SimulatorOptions parse(String... args) {
    return args(args).options("tcp://127.0.0.1:1883");
  }

  private static String demo(boolean slope) {
    return REPO.resolve(slope ? SimulatorArgs.DEMO_SLOPE_REGISTRY : SimulatorArgs.DEMO_REGISTRY).toString();
  }

  @Test
  void durationsAreWrittenAsTheRulesetWritesThem() {
    SimulatorArgs a = args("--interval", "5s", "--duration", "1m", "--storm-lead", "PT45M");
    assertThat(a.interval).isEqualTo(Duration.ofSeconds(5));
    assertThat(a.duration()).isEqualTo(Duration.ofMinutes(1));
    assertThat(a.stormLead).isEqualTo(Duration.ofMinutes(45));
    assertThat(args("--duration", "60s", "--history", "28d").history).isEqualTo(Duration.ofDays(28));
    assertThat(args().interval).isEqualTo(Duration.ofSeconds(10));
    assertThat(args().duration()).isNull();
    assertThatThrownBy(() -> args("--interval", "10 s")).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--interval").hasMessageContaining("'10 s' is not " + Durations.SYNTAX);
  }

  @Test
  void theDemoCountyHasThirtySitesAndEverySensorKind() {
    SimulatorOptions o = parse("--registry", demo(false));
    assertThat(o.sites()).hasSize(30);
    // 14 landslides of 6 devices, 10 gullies of 4, 4 river gauges of 3, a levee of 4, the gorge trail's 3.
    assertThat(o.devices()).hasSize(14 * 6 + 10 * 4 + 4 * 3 + 4 + 3);
    Map<SensorKind, Long> kinds = o.devices().stream()
        .collect(Collectors.groupingBy(FleetDevice::kind, TreeMap::new, Collectors.counting()));
    assertThat(kinds.keySet()).containsExactlyInAnyOrder(SensorKind.values());
    // Rain: 2 per landslide and gully, 1 per river gauge, levee and trail.
    assertThat(kinds.get(SensorKind.RAIN)).isEqualTo(14 * 2 + 10 * 2 + 4 + 1 + 1);
    assertThat(o.affectedSites()).containsExactlyElementsOf(SimulatorArgs.DEMO_STORM_SITES);
  }

  @Test
  void theSlopeScenarioAddsTwoCreepingSlopesThatTheStormDoesNotHave() {
    SimulatorOptions o = parse("--scenario", "slope", "--registry", demo(true));
    assertThat(o.sites()).hasSize(32).containsAll(SimulatorArgs.DEMO_SLOPE_SITES);
    assertThat(o.affectedSites()).containsExactlyElementsOf(SimulatorArgs.DEMO_SLOPE_SITES);
    assertThat(parse("--registry", demo(false)).sites()).doesNotContainAnyElementsOf(SimulatorArgs.DEMO_SLOPE_SITES);
  }

  @Test
  void withoutRegistryOrSitesTheDemoCountyOfVigilsFolderIsPlayed() {
    String before = System.getProperty("vigil.home");
    System.setProperty("vigil.home", REPO.toString());
    try {
      assertThat(args().registryFile()).isEqualTo(REPO.resolve(SimulatorArgs.DEMO_REGISTRY));
      assertThat(args("--scenario", "slope").registryFile()).isEqualTo(REPO.resolve(SimulatorArgs.DEMO_SLOPE_REGISTRY));
      SimulatorArgs a = args();
      a.playJobRegistry(Path.of("county.yaml"));
      assertThat(a.registryFile()).isEqualTo(Path.of("county.yaml"));
      assertThat(args("--registry", "mine.yaml").registryFile()).isEqualTo(Path.of("mine.yaml"));
    } finally {
      if (before == null) {
        System.clearProperty("vigil.home");
      } else {
        System.setProperty("vigil.home", before);
      }
    }
  }

  @Test
  void sitesGiveAFleetWithoutRegistryAllOfItAffected() {
    SimulatorArgs a = args("--sites", "x,y", "--rain-gauges", "2", "--slope-sensors", "1");
    assertThat(a.registryFile()).isNull();
    SimulatorOptions o = a.options("tcp://127.0.0.1:1883");
    assertThat(o.sites()).containsExactly("x", "y");
    assertThat(o.devices()).isEmpty();
    assertThat(o.affectedSites()).isEmpty();
    assertThat(new DeviceFleet(o, 0).size()).isEqualTo(6);
    assertThat(a.cameraOptions("tcp://127.0.0.1:1883")).isNull();
    assertThatThrownBy(() -> parse("--sites", "x", "--registry", demo(false)))
        .hasMessageContaining("--registry or --sites");
  }

  @Test
  void theDemoCountysCameraWatchesTheGorgeTrail(@TempDir Path dir) throws Exception {
    // The registry lists it (kind: camera) at the gorge trail; the simulator plays it, not as a sensor.
    CameraFeedOptions c = args("--registry", demo(false)).cameraOptions("tcp://127.0.0.1:1883");
    assertThat(c.sites()).containsExactly("lantern-pass-gorge");
    assertThat(c.camerasPerSite()).isEqualTo(1);
    // A registry without cameras gets none by default: the job would dead-letter frames of unregistered cameras.
    Path plain = dir.resolve("plain.yaml");
    Files.writeString(plain, """
        regions:
          - {id: c, name: County, level: county}
          - {id: t1, level: township, parent: c}
          - {id: v1, level: village, parent: t1}
        sites:
          - id: s1
            region: v1
            location: {lat: 30, lon: 103}
            devices:
              - {id: rg-1, kind: rain, interval: 10s}
        """);
    assertThat(args("--registry", plain.toString()).cameraOptions("tcp://127.0.0.1:1883")).isNull();
    assertThat(args("--registry", plain.toString(), "--camera-sites", "s1").cameraOptions("tcp://127.0.0.1:1883")
        .sites()).containsExactly("s1");
    assertThat(args("--registry", demo(false), "--cameras", "0").cameraOptions("tcp://127.0.0.1:1883")).isNull();
    assertThat(args("--sites", "x,y", "--cameras", "1").cameraOptions("tcp://127.0.0.1:1883").sites())
        .containsExactly("x", "y");
  }

  @Test
  void theCommittedRegistriesAreTheGeneratorsOutput() throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "infra/registry/DemoCounty.java", "--check").directory(REPO.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  @Test
  void theAffectedSitesCanBeGiven() {
    assertThat(parse("--registry", demo(false), "--affected-sites", "riverbend-gauge").affectedSites())
        .containsExactly("riverbend-gauge");
    assertThatThrownBy(() -> parse("--registry", demo(false), "--affected-sites", "nowhere"))
        .hasMessageContaining("affected site 'nowhere'");
  }
}
