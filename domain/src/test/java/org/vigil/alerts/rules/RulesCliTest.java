package org.vigil.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RulesCliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine cli = RulesCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    return cli.execute(args);
  }

  @Test
  void validateAcceptsTheDefaultsAndSaysWhatItDidNotCheck() {
    assertThat(run("validate", DefaultRulesTest.DEFAULT.toString())).isZero();
    assertThat(out.toString()).contains("valid, 15 rules (rain-1h, rain-24h,")
        .contains("note: scopes were not checked against known sensors: no inventory was given");
  }

  @Test
  void validateWithAnInventoryPrintsEveryProblemAndExitsOne() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "rules:\n  - id: r\n    scope: {sites: [s9]}\n    metric: rain_1h\n"
        + "    condition: {type: threshold}\n    levels: {yellow: 20}\n    pending: later\n");
    Path inv = dir.resolve("inventory.txt");
    Files.writeString(inv, "s1/rain/g1\n");
    assertThat(run("validate", "--inventory", inv.toString(), bad.toString())).isEqualTo(RulesCli.INVALID);
    assertThat(out.toString()).contains(bad + ":7:14: rule r: pending: 'later' is not a duration")
        .contains(bad + ": 1 problem");
    Files.writeString(bad, Files.readString(bad).replace("    pending: later\n", ""));
    out.getBuffer().setLength(0);
    assertThat(run("validate", "--inventory", inv.toString(), bad.toString())).isEqualTo(RulesCli.INVALID);
    assertThat(out.toString()).contains(bad + ":3:12: rule r: scope matches no known sensor");
  }

  @Test
  void diffPrintsTheSummaryAndEachChangedField() throws Exception {
    Path now = dir.resolve("new.yaml");
    Files.writeString(now, Files.readString(DefaultRulesTest.DEFAULT).replace("keepFiring", "keepFiring")
        .replace("yellow: {raise: 50, clear: 40}", "yellow: {raise: 60, clear: 40}"));
    assertThat(run("diff", DefaultRulesTest.DEFAULT.toString(), now.toString())).isZero();
    assertThat(out.toString()).startsWith("1 changed (rain-24h: levels)")
        .contains("  ~ rain-24h: levels")
        .contains("raise=50.0").contains("raise=60.0");
  }

  @Test
  void diffPrintsWhatAModeChangesAndTheDefaultRulesCommentedSectionsAreValidUncommented() throws Exception {
    // The default ruleset's commented escalation: section, uncommented, is valid as it stands.
    String shipped = Files.readString(DefaultRulesTest.DEFAULT);
    Path escalating = dir.resolve("escalation.yaml");
    Files.writeString(escalating, shipped.replaceAll("(?m)^# (escalation:|  red: 5m|  orange: 15m)$", "$1"));
    assertThat(run("validate", escalating.toString())).as(out.toString()).isZero();
    out.getBuffer().setLength(0);
    // Its modes: section (holiday and emergency), as the diff from the same ruleset without it shows.
    int from = shipped.indexOf("\nmodes:\n");
    int to = shipped.indexOf("\n\n", from + 1);
    assertThat(from).isPositive();
    Path without = dir.resolve("without-modes.yaml");
    Files.writeString(without, shipped.substring(0, from + 1) + shipped.substring(to + 2));
    assertThat(run("diff", without.toString(), DefaultRulesTest.DEFAULT.toString())).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("  ~ modes.holiday (added: crowd-density at [tourist]: yellow 0.8/0.7, orange 1.5/1.3, red 3/2.6)")
        .contains("  ~ modes.emergency (added: escalation x0.5)");
  }

  @Test
  void validateCountsTheHealthRulesAndDiffShowsEachChange() throws Exception {
    assertThat(run("validate", DefaultRulesTest.DEFAULT.toString())).isZero();
    assertThat(out.toString()).contains(", 1 health rule (region-online)");
    Path now = dir.resolve("new.yaml");
    Files.writeString(now, Files.readString(DefaultRulesTest.DEFAULT)
        .replace("below: {yellow: 90%, orange: 75%, red: 50%}", "below: {yellow: 85%, orange: 75%, red: 50%}"));
    out.getBuffer().setLength(0);
    assertThat(run("diff", DefaultRulesTest.DEFAULT.toString(), now.toString())).isZero();
    assertThat(out.toString()).startsWith("health (region-online: ")
        .contains("  ~ health: region-online: region online_share below yellow 90 %, orange 75 %, red 50 % for 10m"
            + " (hysteresis 5 %) -> region online_share below yellow 85 %, orange 75 %, red 50 % for 10m"
            + " (hysteresis 5 %)");
  }

  @Test
  void usageErrorsExitTwoAndSubcommandsCanBeAdded() {
    CommandLine cli = RulesCli.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("validate")).isEqualTo(2);
    @CommandLine.Command(name = "backtest")
    class Backtest implements Runnable {
      @Override
      public void run() {}
    }
    assertThat(RulesCli.commandLine().addSubcommand(new Backtest()).execute("backtest")).isZero();
  }
}
