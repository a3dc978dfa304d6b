package org.vigil.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The simulator's options: the slope scenario plays a hillside of its own unless sites are given. */
class SimulatorArgsTest {

  private static SimulatorOptions parse(String... args) {
    SimulatorArgs a = new SimulatorArgs();
    new CommandLine(a).parseArgs(args);
    return a.options("tcp://127.0.0.1:1883");
  }

  @Test
  void theSlopeScenarioHasDevicesOfItsOwnUnlessSitesAreGiven() {
    assertThat(parse().sites()).containsExactly("hill-a", "hill-b");
    assertThat(parse("--scenario", "storm").sites()).containsExactly("hill-a", "hill-b");
    assertThat(parse("--scenario", "slope").sites()).containsExactly("ridge-a", "ridge-b");
    assertThat(parse("--scenario", "slope", "--sites", "hill-a").sites()).containsExactly("hill-a");
  }
}
