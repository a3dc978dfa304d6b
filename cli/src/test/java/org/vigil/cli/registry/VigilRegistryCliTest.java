package org.vigil.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil registry validate}: exit 0 and a summary for a valid file, exit 1 and every problem with its line. */
class VigilRegistryCliTest {

  @TempDir Path dir;

  private int run(StringWriter out, String... args) {
    CommandLine cl = new CommandLine(new VigilRegistryCli());
    cl.setOut(new PrintWriter(out));
    return cl.execute(args);
  }

  @Test
  void theDemoRegistryIsValid() {
    StringWriter out = new StringWriter();
    assertThat(run(out, "validate", Path.of("..", "infra", "registry", "demo.yaml").toString())).isZero();
    assertThat(out.toString()).contains("valid: 21 regions, 30 sites, 144 devices, 36 loudspeakers, no data after 3.0 intervals (yellow)");
  }

  @Test
  void problemsArePrintedWithTheirLines() throws Exception {
    Path f = dir.resolve("county.yaml");
    Files.writeString(f, "regions:\n  - {id: c, level: county}\n  - {id: t, level: township, parent: c}\n"
        + "  - {id: t, level: township, parent: c}\nsites:\n  - {id: s, region: v, location: {lat: 1, lon: 2}}\n");
    StringWriter out = new StringWriter();
    assertThat(run(out, "validate", f.toString())).isEqualTo(1);
    assertThat(out.toString()).contains(f + ":4:5: region id 't' is used twice (first at line 3)")
        .contains(f + ":6:21: site 's': region 'v' is not a region of this file")
        .contains(f + ": 2 problem(s)");
  }
}
